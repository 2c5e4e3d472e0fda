from jobspec.diagnostics import Severity
from tests.conftest import lint

RULE = "port-static-range"


def hits(text: str) -> list[tuple[int, int, str, str]]:
    return [(d.span.line, d.span.column, d.severity.value, d.message) for d in lint(text) if d.rule == RULE]


def test_static_above_65535_is_an_error():
    # structs_test.go: group-static-value-too-high
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { static = 65536 }
            }
          }
        }
    """
    assert hits(text) == [(4, 30, "error", "Port http (65536) cannot be greater than 65535")]


def test_65535_is_the_last_valid_port():
    # structs_test.go: group-static-value-ok
    text = """\
        job "a" {
          group "g" {
            network {
              port "ok" { static = 65535 }
              port "one" { static = 1 }
            }
          }
        }
    """
    assert hits(text) == []


def test_task_network_port_above_range():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "http" { static = 99999 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(7, 34, "error", "Port http (99999) cannot be greater than 65535")]


def test_each_out_of_range_port_is_reported_even_when_equal():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = 70000 }
              port "b" { static = 70000 }
            }
          }
        }
    """
    assert [h[:2] for h in hits(text)] == [(4, 27), (5, 27)]


def test_static_zero_and_negative_become_dynamic_with_a_warning():
    text = """\
        job "a" {
          group "g" {
            network {
              port "zero" { static = 0 }
              port "neg"  { static = -80 }
            }
          }
        }
    """
    assert hits(text) == [
        (
            4,
            30,
            "warning",
            "Port zero has static = 0, which Nomad silently treats as no static port: it gets a dynamic port instead",
        ),
        (
            5,
            30,
            "warning",
            "Port neg has static = -80, which Nomad silently treats as no static port: it gets a dynamic port instead",
        ),
    ]


def test_absent_static_is_a_dynamic_port_on_purpose():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { to = 8080 }
            }
          }
        }
    """
    assert hits(text) == []


def test_string_static_is_converted_like_hcl_does():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { static = "80000" }
            }
          }
        }
    """
    (d,) = [d for d in lint(text) if d.rule == RULE]
    assert d.severity is Severity.ERROR and d.message == "Port http (80000) cannot be greater than 65535"
    assert d.group == "g" and d.job == "a" and d.hint


def test_unknown_static_is_not_reported():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { static = var.port }
            }
          }
        }
    """
    assert hits(text) == []
