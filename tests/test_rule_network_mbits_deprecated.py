from jobspec.diagnostics import Severity
from tests.conftest import found, lint

RULE = "network-mbits-deprecated"


def test_group_network_mbits_warns_at_value():
    text = """\
        job "a" {
          group "g" {
            network {
              mbits = 10
            }
          }
        }
    """
    assert found(text, RULE) == [(4, 15)]
    [d] = [d for d in lint(text) if d.rule == RULE]
    assert d.severity is Severity.WARNING
    assert d.message == "mbits has been deprecated as of Nomad 0.12.0. Please remove mbits from the network block"


def test_task_network_mbits_warns_too():
    text = """\
        job "a" {
          group "g" {
            task "t" {
              resources {
                network {
                  mbits = 14
                }
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(6, 19)]


def test_zero_or_absent_mbits_passes_like_nomad():
    text = """\
        job "a" {
          group "g" {
            network {
              mbits = 0
            }
            network {}
          }
        }
    """
    assert found(text, RULE) == []


def test_unknown_mbits_is_left_alone():
    assert found('job "a" {\n  group "g" {\n    network { mbits = var.m }\n  }\n}\n', RULE) == []
