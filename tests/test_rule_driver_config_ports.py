from jobspec.diagnostics import Severity
from tests.conftest import found, job_text, lint

RULE = "driver-config-ports"


def job(ports: str, network: str = 'network {\n      port "http" {}\n    }', driver: str = "docker") -> str:
    """Task "t" of ``driver``, whose config sets ``ports``, after the group's ``network``."""
    return job_text(f"    {network}", f'driver = "{driver}"\nconfig {{\n  image = "nginx"\n  ports = {ports}\n}}')


def diagnostics(text: str):
    return [d for d in lint(text) if d.rule == RULE]


def test_unknown_label_points_at_the_list_element():
    text = job('["http", "htp"]')
    assert found(text, RULE) == [(10, 26)]
    [d] = diagnostics(text)
    assert d.message == 'Port "htp" not found, check network block'
    assert d.severity is Severity.ERROR


def test_declared_labels_pass():
    assert found(job('["http"]'), RULE) == []


def test_podman_is_checked_too():
    assert found(job('["web"]', driver="podman"), RULE) == [(10, 18)]


def test_other_drivers_are_not_checked():
    assert found(job('["web"]', driver="exec"), RULE) == []


def test_group_without_network_has_no_ports():
    assert found(job('["http"]', network=""), RULE) == [(7, 18)]  # no network: no line for it


def test_only_the_first_network_counts():
    text = job(
        '["admin"]', network='network {\n      port "http" {}\n    }\n    network {\n      port "admin" {}\n    }'
    )
    assert found(text, RULE) == [(13, 18)]


def test_bridge_mode_ignores_ports_so_only_a_warning():
    text = job('["htp"]', network='network {\n      mode = "bridge"\n      port "http" {}\n    }')
    [d] = diagnostics(text)
    assert (d.span.line, d.span.column, d.severity) == (11, 18, Severity.WARNING)


def test_task_level_network_ports_count():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              driver = "docker"
              config {
                ports = ["legacy"]
              }
              resources {
                network {
                  port "legacy" {}
                }
              }
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_interpolated_and_unknown_entries_are_skipped():
    assert found(job('["${NOMAD_META_port}"]'), RULE) == []
    assert found(job("var.ports"), RULE) == []
    assert found(job("[var.port]"), RULE) == []


def test_ports_from_dynamic_blocks_count_once_expanded():
    network = (
        'network {\n      dynamic "port" {\n        for_each = ["web"]\n        labels = [port.value]\n'
        "        content {}\n      }\n    }"
    )
    assert found(job('["web"]', network=network), RULE) == []


def test_unknown_mode_still_reports_but_only_as_a_warning():
    [d] = diagnostics(job('["htp"]', network='network {\n      mode = var.mode\n      port "http" {}\n    }'))
    assert (d.span.line, d.severity) == (11, Severity.WARNING)
