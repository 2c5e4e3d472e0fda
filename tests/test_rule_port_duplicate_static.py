import textwrap

from jobspec.engine.file import lint_text
from tests.conftest import lint

RULE = "port-duplicate-static"


def hits(text: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == RULE]


def test_same_static_port_twice_in_one_network():
    text = """\
        job "a" {
          group "api" {
            network {
              port "http"  { static = 8080 }
              port "admin" { static = 8080 }
            }
          }
        }
    """
    assert hits(text) == [(5, 31, "Static port 8080 already reserved by taskgroup network:http")]


def test_nomad_worked_example_same_label_and_port():
    # nomad-semantics.md §0: both the label error and this one are reported.
    text = """\
        job "a" {
          group "api" {
            network {
              port "http" { static = 8080 }
              port "http" { static = 8080 }
            }
            task "t" { driver = "docker" }
          }
        }
    """
    assert hits(text) == [(5, 30, "Static port 8080 already reserved by taskgroup network:http")]
    assert [d.rule for d in lint(text)] == ["port-duplicate-label", RULE]


def test_different_host_networks_may_reuse_a_value():
    # structs_test.go: group-same-static-port-different-host_network
    text = """\
        job "a" {
          group "g" {
            network {
              port "net1_http" {
                static       = 80
                host_network = "net1"
              }
              port "net2_http" {
                static       = 80
                host_network = "net2"
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_unset_host_network_is_default():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = 80 }
              port "b" {
                static       = 80
                host_network = "default"
              }
            }
          }
        }
    """
    assert hits(text) == [(6, 24, "Static port 80 already reserved by taskgroup network:a")]


def test_duplicate_across_two_group_networks():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = 9000 }
            }
            network {
              port "b" { static = 9000 }
            }
          }
        }
    """
    assert hits(text) == [(7, 27, "Static port 9000 already reserved by taskgroup network:a")]


def test_ignore_collision_on_later_port_suppresses():
    # structs_test.go: testing-port-ignore-collision-ok (mode host, both ignore)
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "host"
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
    assert hits(text) == []


def test_ignore_collision_on_first_port_only_does_not_suppress():
    # Nomad's check is order-dependent: only the later port's flag counts.
    text = """\
        job "a" {
          group "g" {
            network {
              port "one" {
                static           = 10
                ignore_collision = true
              }
              port "two" { static = 10 }
            }
          }
        }
    """
    assert hits(text) == [(8, 29, "Static port 10 already reserved by taskgroup network:one")]


def test_group_and_task_network_share_a_port():
    # structs_test.go: mixing-group-task-ports
    text = """\
        job "a" {
          group "g" {
            network {
              port "group_http" { static = 80 }
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "task_http" { static = 80 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(10, 39, "Static port 80 already reserved by taskgroup network:group_http")]


def test_group_port_on_other_host_network_than_task_port():
    # structs_test.go: mixing-group-task-ports-with-host_network
    text = """\
        job "a" {
          group "g" {
            network {
              port "group_http" {
                static       = 80
                host_network = "net1"
              }
            }
            task "t" {
              driver = "docker"
              resources {
                network {
                  port "task_http" { static = 80 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_two_tasks_name_the_first_task_as_owner():
    # structs_test.go TestTaskGroup_Validate: two tasks using same port
    text = """\
        job "a" {
          group "g" {
            task "task-a" {
              driver = "docker"
              resources {
                network {
                  port "foo" { static = 123 }
                }
              }
            }
            task "task-b" {
              driver = "docker"
              resources {
                network {
                  port "foo" { static = 123 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(15, 33, "Static port 123 already reserved by task-a:foo")]


def test_one_task_using_same_port_twice_ignores_ignore_collision():
    # Task-level ports never honour ignore_collision in Nomad.
    text = """\
        job "a" {
          group "g" {
            task "task-a" {
              driver = "docker"
              resources {
                network {
                  port "foo" { static = 123 }
                  port "bar" {
                    static           = 123
                    ignore_collision = true
                  }
                }
              }
            }
          }
        }
    """
    assert hits(text) == [(9, 32, "Static port 123 already reserved by task-a:foo")]


def test_negative_values_collide_too_because_nomad_indexes_any_nonzero_value():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = -1 }
              port "b" { static = -1 }
              port "c" { static = 0 }
              port "d" { static = 0 }
            }
          }
        }
    """
    assert hits(text) == [(5, 27, "Static port -1 already reserved by taskgroup network:a")]


def test_ports_above_the_range_are_not_indexed():
    # Nomad reports both as out of range (port-static-range), never as duplicates.
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
    assert hits(text) == []


def test_legacy_reserved_ports_are_dropped_when_port_blocks_exist():
    # jobspec2 overwrites ReservedPorts from `port` blocks, so Nomad never sees these.
    text = """\
        job "a" {
          group "g" {
            task "t" {
              driver = "docker"
              resources {
                network {
                  reserved_ports "legacy" { static = 22 }
                  port "ssh" { static = 22 }
                }
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_unknown_static_is_skipped_not_reported():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = var.port }
              port "b" { static = var.port }
            }
          }
        }
    """
    assert hits(text) == []
    skipped = lint_text(textwrap.dedent(text), "job.nomad").skipped
    assert any("'a'" in reason and "static" in reason for reason in skipped)


def test_unknown_ignore_collision_on_later_port_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" { static = 53 }
              port "b" {
                static           = 53
                ignore_collision = var.share
              }
            }
          }
        }
    """
    assert hits(text) == []


def test_diagnostic_carries_job_group_and_hint():
    text = """\
        job "web" {
          group "api" {
            network {
              port "a" { static = 80 }
              port "b" { static = 80 }
            }
          }
        }
    """
    (d,) = [d for d in lint(text) if d.rule == RULE]
    assert (d.job, d.group) == ("web", "api")
    assert "line 4" in d.hint and "ignore_collision" in d.hint
