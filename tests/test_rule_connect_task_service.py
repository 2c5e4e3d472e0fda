from tests.conftest import found, lint

RULE = "connect-task-service"


def test_task_service_with_connect():
    # TestTask_Validate_Service_Check_AddressMode: task service with connect.
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            task "t" {
              driver = "docker"
              service {
                name = "api"
                connect {
                  sidecar_service {}
                }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(6, 7)]
    assert [d.message for d in lint(text) if d.rule == RULE] == [
        'service "api" cannot have "connect" block, only services defined in a "group" block can'
    ]


def test_native_task_service_is_refused_too():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              service {
                connect { native = true }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(4, 7)]


def test_group_service_with_connect_and_plain_task_service_pass():
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name = "api"
              connect {
                sidecar_service {}
              }
            }
            task "t" {
              service { name = "plain" }
            }
          }
        }
    """
    assert found(text, RULE) == []
