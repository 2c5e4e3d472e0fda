from tests.conftest import found, job_text, lint

RULE = "connect-name-case"


def job(group: str, service: str, connect: str = "sidecar_service {}") -> str:
    service_block = f'service {{\n  name = "{service}"\n  connect {{\n    {connect}\n  }}\n}}'
    return job_text(f'network {{ mode = "bridge" }}\n{service_block}', None, group_name=group)


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_uppercase_service_name():
    text = job("web", "Api")
    assert found(text, RULE) == [(5, 14)]
    assert messages(text) == ['Consul Connect service name "Api" in group "web" must not contain uppercase characters']


def test_uppercase_group_name_points_at_label():
    text = job("Web", "api")
    assert found(text, RULE) == [(2, 9)]
    assert messages(text) == ['Consul Connect group "Web" with service "api" must not contain uppercase characters']


def test_lowercase_names_pass():
    assert found(job("web", "api"), RULE) == []


def test_only_sidecars_are_checked():
    assert found(job("Web", "Api", connect="native = true"), RULE) == []


def test_interpolated_name_is_left_to_the_server():
    assert found(job("web", "${NOMAD_JOB_NAME}-api"), RULE) == []
