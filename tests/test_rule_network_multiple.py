from tests.conftest import lint

RULE = "network-multiple"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_second_network_block_is_reported_at_its_header():
    text = """\
        job "a" {
          group "web" {
            network {
              port "http" {}
            }
            network {
              port "admin" {}
            }
          }
        }
    """
    assert hits(text) == [
        (
            6,
            5,
            "only one network block is allowed in a group; Nomad's scheduler, client and Connect use only "
            "the first (line 3) and ignore this one",
        )
    ]


def test_every_extra_block_is_reported():
    text = """\
        job "a" {
          group "web" {
            network {}
            network {}
            network {}
          }
        }
    """
    assert [(line, col) for line, col, _ in hits(text)] == [(4, 5), (5, 5)]


def test_one_network_per_group_is_fine():
    text = """\
        job "a" {
          group "web" {
            network {
              port "http" {}
            }
          }
          group "db" {
            network {
              port "pg" {}
            }
          }
        }
    """
    assert hits(text) == []


def test_task_level_networks_are_not_counted():
    text = """\
        job "a" {
          group "web" {
            network {
              port "http" {}
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "admin" {}
                }
              }
            }
          }
        }
    """
    assert hits(text) == []
