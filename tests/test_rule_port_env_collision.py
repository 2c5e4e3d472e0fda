import pytest

from jobspec.diagnostics import Severity
from jobspec.rules.port_env_collision import env_name
from tests.conftest import lint

RULE = "port-env-collision"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_dash_and_underscore_collide():
    text = """\
        job "a" {
          group "g" {
            network {
              port "metrics-http" {}
              port "metrics_http" {}
            }
          }
        }
    """
    assert hits(text) == [
        (
            5,
            12,
            'Port labels "metrics-http" and "metrics_http" both become the environment variable '
            "NOMAD_PORT_metrics_http; tasks see only one of the two ports",
        )
    ]
    (d,) = [d for d in lint(text) if d.rule == RULE]
    assert d.severity is Severity.WARNING and "line 4" in d.hint


def test_dot_is_kept_so_a_dot_b_and_a_space_b_differ():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a.b" {}
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "a b" {}
                }
              }
            }
          }
        }
    """
    # "." is kept, so "a.b" and "a b" (-> "a_b") do not collide.
    assert hits(text) == []


def test_collision_with_task_network_port():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a-b" {}
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "a:b" {}
                }
              }
            }
          }
        }
    """
    assert [(line, col) for line, col, _ in hits(text)] == [(10, 16)]


def test_identical_labels_are_left_to_port_duplicate_label():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
              port "http" {}
            }
          }
        }
    """
    assert hits(text) == []


def test_case_differences_do_not_collide():
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
    assert hits(text) == []


def test_empty_label_warns():
    text = """\
        job "a" {
          group "g" {
            network {
              port "" { to = 80 }
            }
          }
        }
    """
    assert hits(text) == [
        (
            4,
            12,
            "Port label is empty: its variables are bare NOMAD_PORT_ and NOMAD_HOST_PORT_, and no service can "
            "refer to it",
        )
    ]


@pytest.mark.parametrize(
    ("label", "name"),
    [("http", "http"), ("a-b", "a_b"), ("a.b", "a.b"), ("9x", "9x"), ("caf\u00e9", "caf__"), ("a b/c", "a_b_c")],
)
def test_env_name_cleans_like_nomad(label, name):
    assert env_name(label) == name
