from tests.conftest import lint

RULE = "port-ignore-collision-mode"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_ignore_collision_in_bridge_mode():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "bridge"
              port "dns" {
                static           = 53
                ignore_collision = true
              }
            }
          }
        }
    """
    assert hits(text) == [(7, 28, 'Port "dns" collision may not be ignored on non-host network mode "bridge"')]


def test_any_non_host_mode_is_named_as_written():
    # structs_test.go: testing-port-ignore-collision-non-host-network-mode
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "not-host"
              port "one" {
                static           = 10
                ignore_collision = true
              }
              port "two" {
                static           = 10
                ignore_collision = true
              }
            }
          }
        }
    """
    assert hits(text) == [
        (7, 28, 'Port "one" collision may not be ignored on non-host network mode "not-host"'),
        (11, 28, 'Port "two" collision may not be ignored on non-host network mode "not-host"'),
    ]


def test_host_and_unset_modes_allow_it():
    # structs_test.go: testing-port-ignore-collision-ok
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "host"
              port "one" {
                static           = 10
                ignore_collision = true
              }
            }
          }
          group "h" {
            network {
              port "two" {
                static           = 10
                ignore_collision = true
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_false_is_fine_anywhere():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "bridge"
              port "dns" {
                static           = 53
                ignore_collision = false
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_unknown_mode_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = var.mode
              port "dns" {
                static           = 53
                ignore_collision = true
              }
            }
          }
        }
    """
    assert hits(text) == []
