from tests.conftest import found, lint

RULE = "service-provider"


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_unknown_provider_points_at_value():
    text = """\
        job "a" {
          group "g" {
            service {
              name     = "web"
              provider = "Nomad"
            }
          }
        }
    """
    assert found(text, RULE) == [(5, 18)]
    assert messages(text) == ['Service provider must be "consul", or "nomad"; not "Nomad"']


def test_known_and_default_providers_pass():
    text = """\
        job "a" {
          group "g" {
            service { name = "a" }
            service {
              name     = "b"
              provider = "consul"
            }
          }
          group "h" {
            service {
              name     = "c"
              provider = "nomad"
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_mixed_providers_in_one_group_including_task_services():
    text = """\
        job "a" {
          group "g" {
            service {
              name = "a"
            }
            task "t" {
              driver = "docker"
              service {
                name     = "b"
                provider = "nomad"
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(10, 20)]
    assert messages(text) == ["Multiple service providers used: task group services must use the same provider"]


def test_nomad_provider_with_connect():
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name     = "web"
              provider = "nomad"
              connect {
                sidecar_service {}
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(6, 18)]
    assert messages(text) == ["Service with provider nomad cannot include Connect blocks"]


def test_unknown_provider_value_is_skipped():
    text = """\
        job "a" {
          group "g" {
            service {
              name     = "web"
              provider = var.provider
            }
          }
        }
    """
    assert found(text, RULE) == []
