from tests.conftest import found, lint

RULE = "group-service-port-label"


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_missing_label_uses_the_clients_words():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service {
              name = "api"
              port = "htp"
            }
            task "t" { driver = "docker" }
          }
        }
    """
    assert found(text, RULE) == [(8, 14)]
    assert messages(text) == ['invalid port "htp": port label not found']


def test_existing_label_and_numeric_port_pass():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service {
              name = "api"
              port = "http"
            }
            service {
              name = "raw"
              port = 8080
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_group_without_network_has_no_labels():
    text = """\
        job "a" {
          group "g" {
            service {
              name = "api"
              port = "http"
            }
          }
        }
    """
    assert found(text, RULE) == [(5, 14)]


def test_only_the_first_network_is_allocated():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            network {
              port "admin" {}
            }
            service {
              name = "api"
              port = "admin"
            }
          }
        }
    """
    assert found(text, RULE) == [(11, 14)]


def test_check_port_label_and_missing_port():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service {
              name = "api"
              check {
                type = "http"
                port = "healthz"
              }
              check {
                name = "bare"
                type = "tcp"
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(10, 16), (12, 7)]
    assert messages(text) == [
        'invalid port "healthz": port label not found',
        'Check bare invalid: check requires a port but neither check nor service "api" have a port',
    ]


def test_zero_port_number():
    text = """\
        job "a" {
          group "g" {
            service {
              name = "api"
              port = "0"
            }
          }
        }
    """
    assert messages(text) == ['invalid port: "0": port must be >0']


def test_runtime_interpolated_port_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              port "api" {}
            }
            service {
              name = "api"
              port = "${NOMAD_PORT_api}"
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_task_network_ports_are_allocated_too():
    text = """\
        job "a" {
          group "g" {
            service {
              name = "api"
              port = "legacy"
            }
            task "t" {
              driver = "docker"
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


def test_dynamic_network_is_skipped():
    text = """\
        job "a" {
          group "g" {
            dynamic "network" {
              for_each = [1]
              content {
                port "http" {}
              }
            }
            service {
              name = "api"
              port = "http"
            }
          }
        }
    """
    assert found(text, RULE) == []
