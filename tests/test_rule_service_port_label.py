import pytest

from tests.conftest import DOCKER, found, job_text, lint

RULE = "service-port-label"


def job(service: str, network: str = 'network {\n      port "http" {}\n    }') -> str:
    """A one-task job whose task holds ``service`` (lines 8+); the network is on lines 3-5."""
    return job_text(f"    {network}", f"      {DOCKER}\n{service}")


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


# TestTask_Validate_Service_AddressMode_Ok: none of these is an error.
@pytest.mark.parametrize(
    ("port", "mode"),
    [('"http"', "driver"), ('"80"', "driver"), ("80", "driver"), ('"http"', "host"), (None, "host"), (None, "driver")],
)
def test_address_mode_ok(port, mode):
    line = f"port = {port}" if port else ""
    text = job(f'      service {{\n        name = "s"\n        {line}\n        address_mode = "{mode}"\n      }}')
    assert found(text, RULE) == []


# TestTask_Validate_Service_AddressMode_Bad: each is an error at the port value.
@pytest.mark.parametrize(("port", "mode"), [("asdf", "driver"), ("asdf", "host"), ("80", "host")])
def test_address_mode_bad(port, mode):
    body = f'        name = "s"\n        port = "{port}"\n        address_mode = "{mode}"'
    text = job(f"      service {{\n{body}\n      }}")
    assert found(text, RULE) == [(10, 16)]
    assert messages(text) == [f'port label "{port}" referenced by services s does not exist']


def test_missing_label_lists_every_service_sorted_and_points_at_each():
    text = job(
        '      service {\n        name = "zeta"\n        port = "web"\n      }\n'
        '      service {\n        name = "alpha"\n        port = "web"\n      }'
    )
    assert found(text, RULE) == [(10, 16), (14, 16)]
    assert set(messages(text)) == {'port label "web" referenced by services alpha, zeta does not exist'}


def test_label_of_second_group_network_does_not_count():
    text = job(
        '      service {\n        name = "s"\n        port = "admin"\n      }',
        network='network {\n      port "http" {}\n    }\n    network {\n      port "admin" {}\n    }',
    )
    assert found(text, RULE) == [(13, 16)]
    [d] = [d for d in lint(text) if d.rule == RULE]
    assert "later network block" in (d.hint or "")


def test_label_of_task_level_network_counts():
    text = job(
        '      resources {\n        network {\n          port "admin" {}\n        }\n      }\n'
        '      service {\n        name = "s"\n        port = "admin"\n      }'
    )
    assert found(text, RULE) == []


def test_check_with_numeric_port_needs_driver_mode():
    # TestTask_Validate_Service_Check_AddressMode: the check does not inherit the service's mode.
    text = job(
        '      service {\n        name = "s"\n        port = "80"\n        address_mode = "driver"\n'
        '        check {\n          name = "invalid-check-1"\n          type = "tcp"\n'
        '          interval = "10s"\n          timeout = "2s"\n        }\n      }'
    )
    assert found(text, RULE) == [(10, 16)]
    assert messages(text) == [
        'check "invalid-check-1" cannot use a numeric port 80 without setting address_mode="driver"'
    ]


def test_check_numeric_port_with_driver_mode_is_fine_but_not_zero():
    text = job(
        '      service {\n        name = "s"\n        port = "http"\n'
        '        check {\n          name = "ok"\n          type = "tcp"\n          port = 8080\n'
        '          address_mode = "driver"\n        }\n'
        '        check {\n          name = "zero"\n          type = "tcp"\n          port = 0\n'
        '          address_mode = "driver"\n        }\n      }'
    )
    assert found(text, RULE) == [(20, 18)]
    assert messages(text) == ['check "zero" has invalid numeric port 0']


def test_check_port_label_missing():
    text = job(
        '      service {\n        name = "s"\n        port = "http"\n'
        '        check {\n          type = "http"\n          port = "missing-port-label"\n        }\n      }'
    )
    assert found(text, RULE) == [(13, 18)]
    assert messages(text) == ['port label "missing-port-label" referenced by services s does not exist']


def test_check_without_any_port_uses_nomads_default_check_name():
    text = job('      service {\n        name = "s"\n        check {\n          type = "tcp"\n        }\n      }')
    assert found(text, RULE) == [(10, 9)]
    assert messages(text) == [
        'Check service: "s" check invalid: check requires a port but neither check nor service "s" have a port'
    ]


def test_script_check_needs_no_port():
    text = job('      service {\n        name = "s"\n        check {\n          type = "script"\n        }\n      }')
    assert found(text, RULE) == []


def test_inheriting_check_is_not_reported_twice():
    text = job('      service {\n        name = "s"\n        port = "htp"\n        check { type = "http" }\n      }')
    assert found(text, RULE) == [(10, 16)]


def test_runtime_interpolation_is_compared_literally_like_nomad():
    text = job('      service {\n        name = "s"\n        port = "${NOMAD_PORT_http}"\n      }')
    assert found(text, RULE) == [(10, 16)]


def test_default_service_name_in_message():
    text = job('      service {\n        port = "nope"\n      }')
    assert messages(text) == ['port label "nope" referenced by services a-g-t does not exist']


def test_unknown_port_is_skipped():
    text = job('      service {\n        name = "s"\n        port = var.port\n      }')
    assert found(text, RULE) == []


def test_group_services_are_not_this_rules_business():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service { port = "nope" }
            task "t" { driver = "docker" }
          }
        }
    """
    assert found(text, RULE) == []


def test_connect_injected_proxy_port_counts():
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name = "api"
              port = "9090"
              connect {
                sidecar_service {}
              }
            }
            task "t" {
              driver = "docker"
              service {
                name = "metrics"
                port = "connect-proxy-api"
              }
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_dynamic_port_blocks_are_skipped():
    text = job(
        '      service {\n        name = "s"\n        port = "web"\n      }',
        network='network {\n      dynamic "port" {\n        for_each = ["web"]\n        labels = [port.value]\n'
        "        content {}\n      }\n    }",
    )
    assert found(text, RULE) == []


def test_legacy_reserved_ports_are_dropped_when_port_blocks_exist():
    # jobspec2 overwrites a network's reserved_ports with its port blocks.
    text = job(
        '      service {\n        name = "s"\n        port = "legacy"\n      }',
        network='network {\n      port "http" {}\n      reserved_ports "legacy" { value = 22 }\n    }',
    )
    assert found(text, RULE) == [(11, 16)]
    alone = job(
        '      service {\n        name = "s"\n        port = "legacy"\n      }',
        network='network {\n      reserved_ports "legacy" { value = 22 }\n    }',
    )
    assert found(alone, RULE) == []
