from jobspec.diagnostics import Severity
from tests.conftest import found, lint

RULE = "task-network-deprecated"

TASK_NETWORK = """\
    job "a" {
      group "g" {
        task "t" {
          driver = "docker"
          resources {
            cpu = 100
            network {
              port "http" {}
            }
          }
        }
      }
    }
"""


def test_task_level_network_warns_at_its_block():
    assert found(TASK_NETWORK, RULE) == [(7, 9)]
    [d] = [d for d in lint(TASK_NETWORK) if d.rule == RULE]
    assert d.severity is Severity.WARNING
    assert d.message == (
        "task network resources have been deprecated as of Nomad 0.12.0. "
        "Please configure networking via group network block."
    )


def test_each_task_network_is_reported():
    text = """\
        job "a" {
          group "g" {
            task "a" {
              resources {
                network {}
              }
            }
            task "b" {
              resources {
                network {}
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(5, 9), (10, 9)]


def test_group_network_passes():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            task "t" {
              resources { cpu = 100 }
            }
          }
        }
    """
    assert found(text, RULE) == []
