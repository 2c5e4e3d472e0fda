from tests.conftest import found

RULE = "port-duplicate-label"


def test_duplicate_label_in_one_network_points_at_second_label():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { to = 8080 }
              port "http" { static = 80 }
            }
          }
        }
    """
    assert found(text, RULE) == [(5, 12)]


def test_labels_are_case_sensitive_like_nomad():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
              port "HTTP" {}
            }
          }
        }
    """
    assert found(text, RULE) == []


def test_group_label_reused_by_task_network():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "http" {}
                }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(10, 16)]
