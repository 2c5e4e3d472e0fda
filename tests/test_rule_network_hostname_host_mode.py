from tests.conftest import lint

RULE = "network-hostname-host-mode"
MESSAGE = 'hostname cannot be set on task group using "host" networking mode'


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_hostname_with_unset_mode():
    text = """\
        job "a" {
          group "g" {
            network {
              hostname = "web"
            }
          }
        }
    """
    assert hits(text) == [(4, 18, MESSAGE)]


def test_hostname_with_host_mode_even_when_interpolated():
    text = """\
        job "a" {
          group "g" {
            network {
              mode     = "host"
              hostname = "web-${NOMAD_ALLOC_INDEX}"
            }
          }
        }
    """
    assert hits(text) == [(5, 18, MESSAGE)]


def test_group_namespace_modes_may_set_a_hostname():
    text = """\
        job "a" {
          group "b" {
            network {
              mode     = "bridge"
              hostname = "web"
            }
          }
          group "n" {
            network {
              mode     = "none"
              hostname = "web"
            }
          }
          group "c" {
            network {
              mode     = "cni/mynet"
              hostname = "web"
            }
          }
        }
    """
    assert hits(text) == []


def test_only_the_first_network_counts_like_on_the_client():
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            network { hostname = "web" }
          }
        }
    """
    assert hits(text) == []


def test_empty_hostname_is_unset():
    text = """\
        job "a" {
          group "g" {
            network { hostname = "" }
          }
        }
    """
    assert hits(text) == []


def test_unknown_hostname_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network { hostname = var.name }
          }
        }
    """
    assert hits(text) == []
