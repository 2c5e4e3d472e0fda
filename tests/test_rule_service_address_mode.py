import pytest

from tests.conftest import found, lint

RULE = "service-address-mode"


def task_service(body: str) -> str:
    return f"""\
job "a" {{
  group "g" {{
    network {{
      port "http" {{}}
    }}
    task "t" {{
      driver = "docker"
      service {{
        name = "web"
        port = "http"
{body}
      }}
    }}
  }}
}}
"""


def group_service(body: str) -> str:
    return f"""\
job "a" {{
  group "g" {{
    network {{
      port "http" {{}}
    }}
    service {{
      name = "web"
      port = "http"
{body}
    }}
  }}
}}
"""


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


@pytest.mark.parametrize("mode", ["auto", "host", "driver", ""])
def test_task_service_modes_pass(mode):
    assert found(task_service(f'        address_mode = "{mode}"'), RULE) == []


@pytest.mark.parametrize("mode", ["auto", "host", "alloc", "alloc_ipv6"])
def test_group_service_modes_pass(mode):
    assert found(group_service(f'      address_mode = "{mode}"'), RULE) == []


def test_unknown_mode_uses_nomads_words():
    text = task_service('        address_mode = "bridge"')
    assert found(text, RULE) == [(11, 24)]
    assert messages(text) == ['Service address_mode must be "auto", "host", or "driver"; not "bridge"']


def test_alloc_in_task_service():
    text = task_service('        address_mode = "alloc"')
    assert found(text, RULE) == [(11, 24)]
    assert messages(text) == [
        'service "web" cannot use address_mode="alloc", only services defined in a "group" block can use this mode'
    ]


def test_driver_in_group_service():
    text = group_service('      address_mode = "driver"')
    assert found(text, RULE) == [(9, 22)]
    assert messages(text) == [
        'service "web" cannot use address_mode="driver", only services defined in a "task" block can use this mode'
    ]


def test_address_requires_auto_mode():
    text = task_service('        address = "10.0.0.1"\n        address_mode = "host"')
    assert found(text, RULE) == [(12, 24)]
    assert messages(text) == ['Service address_mode must be "auto" if address is set']
    assert found(task_service('        address = "10.0.0.1"\n        address_mode = "auto"'), RULE) == []


def test_check_modes():
    body = """\
        check {
          name = "a"
          type = "tcp"
          address_mode = "auto"
        }
        check {
          name = "b"
          type = "tcp"
          address_mode = "bogus"
        }
        check {
          name = "c"
          type = "tcp"
          address_mode = "alloc"
        }
        check {
          name = "d"
          type = "tcp"
          address_mode = "driver"
        }"""
    text = task_service(body)
    assert found(text, RULE) == [(14, 26), (19, 26), (24, 26)]
    assert messages(text) == [
        'Check a invalid: invalid address_mode "auto" - auto only valid for services',
        'Check b invalid: invalid address_mode "bogus"',
        # validateServices(t *Task) quotes the service's name, not the check's.
        'check "web" cannot use address_mode="alloc", only checks defined in a "group" service block can use this mode',
    ]


def test_group_check_in_driver_mode():
    # TaskGroup.validateServices refuses it only for a check that names a task, and quotes the
    # service's name; without a task the client finds no driver network (serviceregistration GetAddress).
    body = '      check {\n        name = "h"\n        type = "tcp"\n        address_mode = "driver"\n      }'
    text = group_service(body)
    assert found(text, RULE) == [(12, 24)]
    assert messages(text) == ['cannot use address_mode="driver": no driver network exists']
    text = group_service(body.replace('type = "tcp"', 'type = "tcp"\n        task = "t"'))
    assert messages(text)[0].startswith('Check "web" invalid: cannot use address_mode="driver"')


def test_nomad_provider_check_cannot_use_driver():
    body = (
        '        provider = "nomad"\n'
        '        check {\n          type = "tcp"\n          address_mode = "driver"\n        }'
    )
    text = task_service(body)
    assert found(text, RULE) == [(14, 26)]
    assert messages(text) == [
        # services.go validateNomadService appends the check's error without a prefix.
        "address_mode = driver may only be set for Consul service checks"
    ]


def test_unknown_mode_is_skipped():
    assert found(task_service("        address_mode = var.mode"), RULE) == []
