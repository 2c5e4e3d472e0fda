from tests.conftest import lint

RULE = "port-to-range"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_to_below_minus_one_is_negative():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { to = -2 }
            }
          }
        }
    """
    assert hits(text) == [(4, 26, 'Port "http" cannot be mapped to negative value -2')]


def test_to_above_65535():
    # structs_test.go: group-static-to-too-high / group-dynamic-to-too-high
    text = """\
        job "a" {
          group "g" {
            network {
              port "s" {
                static = 80
                to     = 65536
              }
              port "d" { to = 65536 }
            }
          }
        }
    """
    assert hits(text) == [
        (6, 18, 'Port "s" cannot be mapped to a port (65536) greater than 65535'),
        (8, 23, 'Port "d" cannot be mapped to a port (65536) greater than 65535'),
    ]


def test_minus_one_zero_and_65535_are_legal():
    # structs_test.go: group-static-to-ok / group-dynamic-to-ok
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { to = -1 }
              port "b" { to = 0 }
              port "c" { to = 65535 }
            }
          }
        }
    """
    assert hits(text) == []


def test_label_is_quoted_the_way_go_quotes_it():
    text = """\
        job "a" {
          group "g" {
            network {
              port "we\\"ird" { to = -7 }
            }
          }
        }
    """
    assert [m for _, _, m in hits(text)] == ['Port "we\\"ird" cannot be mapped to negative value -7']


def test_task_network_to_is_not_checked_by_nomad():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "http" { to = -5 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == []
