from tests.conftest import lint

RULE = "network-duplicate-block"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_two_dns_blocks():
    text = """\
        job "a" {
          group "g" {
            network {
              dns { servers = ["1.1.1.1"] }
              dns { servers = ["8.8.8.8"] }
            }
          }
        }
    """
    assert hits(text) == [
        (5, 7, "Duplicate dns block; Only one dns block is allowed. Another was defined at line 4."),
    ]


def test_two_cni_blocks():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "cni/mynet"
              cni { args = { a = "1" } }

              cni { args = { b = "2" } }
            }
          }
        }
    """
    assert hits(text) == [
        (7, 7, "Duplicate cni block; Only one cni block is allowed. Another was defined at line 5."),
    ]


def test_task_level_network_is_held_to_the_same_rule():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              driver = "docker"
              resources {
                network {
                  dns {}
                  dns {}
                }
              }
            }
          }
        }
    """
    assert [(line, col) for line, col, _ in hits(text)] == [(8, 11)]


def test_one_of_each_is_fine_and_separate_networks_are_separate():
    text = """\
        job "a" {
          group "g" {
            network {
              dns { servers = ["1.1.1.1"] }
              cni { args = { a = "1" } }
            }
            network {
              dns { servers = ["8.8.8.8"] }
            }
          }
        }
    """
    assert hits(text) == []


def test_job_level_task_group():
    text = """\
        job "a" {
          task "t" {
            driver = "docker"
            resources {
              network {
                dns {}
                dns {}
                dns {}
              }
            }
          }
        }
    """
    assert [(line, col) for line, col, _ in hits(text)] == [(7, 9), (8, 9)]
