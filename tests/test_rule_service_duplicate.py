from tests.conftest import found, lint

RULE = "service-duplicate"


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_task_services_same_name_and_port():
    # TestTask_Validate_Services: same name on the same port is a duplicate.
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" {}
              port "b" {}
            }
            task "t" {
              service {
                name = "service-name"
                port = "a"
              }
              service {
                name = "service-name"
                port = "a"
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(13, 16)]
    assert messages(text) == ['service "service-name" is duplicate']


def test_same_name_on_different_ports_passes():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" {}
              port "b" {}
            }
            task "t" {
              service {
                name = "service-name"
                port = "a"
              }
              service {
                name = "service-name"
                port = "b"
              }
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_group_services_not_unique():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service {
              name = "web"
              port = "http"
            }
            service {
              name = "web"
              port = "http"
            }
          }
        }
    """
    assert found(text, RULE) == [(11, 14)]
    assert messages(text) == ["Services are not unique: group->web:http"]


def test_same_name_in_group_and_task_passes():
    text = """\
        job "a" {
          group "g" {
            service { name = "web" }
            task "t" {
              service { name = "web" }
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_duplicate_check_names():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              service {
                name = "web"
                check {
                  name = "check-name"
                  type = "script"
                }
                check {
                  name = "check-name"
                  type = "script"
                }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(11, 18)]
    assert messages(text) == ['check "check-name" is duplicate']


def test_two_unnamed_checks_get_the_same_default_name():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              service {
                name = "web"
                check { type = "script" }
                check { type = "script" }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(7, 9)]
    assert messages(text) == ['check "service: \\"web\\" check" is duplicate']


def test_unknown_names_are_not_compared():
    text = """\
        job "a" {
          group "g" {
            service { name = var.a }
            service { name = var.b }
          }
        }
    """
    assert found(text, RULE) == []
