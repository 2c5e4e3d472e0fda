from jobspec.diagnostics import Severity
from tests.conftest import lint

RULE = "network-none-ports"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_ports_in_none_mode_warn_once_at_the_first_port():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "none"
              port "metrics" { static = 9100 }
              port "http" { to = 8080 }
            }
          }
        }
    """
    assert hits(text) == [
        (
            5,
            12,
            'network mode "none" gives the tasks no network, yet it declares ports (http, metrics): '
            "the scheduler still allocates them, but nothing can reach them",
        )
    ]
    (d,) = [d for d in lint(text) if d.rule == RULE]
    assert d.severity is Severity.WARNING and d.hint and d.group == "g"


def test_none_mode_without_ports_is_fine():
    text = """\
        job "a" {
          group "g" {
            network { mode = "none" }
          }
        }
    """
    assert hits(text) == []


def test_other_modes_may_declare_ports():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "bridge"
              port "http" { to = 8080 }
            }
          }
          group "h" {
            network {
              port "http" {}
            }
          }
        }
    """
    assert hits(text) == []


def test_mode_match_is_exact():
    # "None" is not the none mode (network-mode reports it); no warning here.
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "None"
              port "http" {}
            }
          }
        }
    """
    assert hits(text) == []
