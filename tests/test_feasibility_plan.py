"""Issue 16's three examples, end to end on a node JSON fleet: `plan` names each
filter in Nomad's words, and `validate --catalog` points at the line that made the
difference (command/monitor.go:formatAllocMetrics for the words)."""

from __future__ import annotations

import json

from tests.cli_helpers import jobspec, write


def fleet_node(i: int, node_class: str, aliases: list[str]) -> dict:
    return {
        "ID": f"00000000-0000-0000-0000-00000000000{i}",
        "Name": f"{node_class}-{i}",
        "Datacenter": "dc1",
        "NodeClass": node_class,
        "Status": "ready",
        "SchedulingEligibility": "eligible",
        "Attributes": {"kernel.name": "linux", "driver.docker": "1", "nomad.version": "1.9.3"},
        "Drivers": {"docker": {"Detected": True, "Healthy": True}, "exec": {"Detected": True, "Healthy": True}},
        "NodeResources": {
            "Cpu": {"CpuShares": 4000},
            "Memory": {"MemoryMB": 16000},
            "Disk": {"DiskMB": 50000},
            "Networks": [{"Mode": "host", "IP": f"10.0.0.{i}"}],
            "NodeNetworks": [
                {"Mode": "host", "Addresses": [{"Alias": a, "Address": f"10.{k}.0.{i}"} for k, a in enumerate(aliases)]}
            ],
        },
    }


def fleet(tmp_path):
    nodes = [fleet_node(i, "worker", ["default"]) for i in range(1, 4)]
    nodes += [fleet_node(i, "edge", ["default", "public"]) for i in range(4, 6)]
    return write(tmp_path, "nodes.json", json.dumps(nodes, indent=2))


WINDOWS = """\
job "win" {
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "windows"
  }
  group "app" {
    task "app" {
      driver = "docker"
    }
  }
}
"""

WORKER = """\
job "api" {
  group "api" {
    constraint {
      attribute = "${node.class}"
      value     = "worker"
    }
    network {
      port "https" {
        static       = 443
        host_network = "public"
      }
    }
    task "api" {
      driver = "docker"
    }
  }
}
"""

PODMAN = """\
job "pod" {
  group "app" {
    task "app" {
      driver = "podman"
    }
  }
  group "big" {
    task "big" {
      driver = "docker"
      resources {
        memory = 32768
      }
    }
  }
}
"""


def run(tmp_path, text, *args):
    write(tmp_path, "job.nomad", text)
    fleet(tmp_path)
    return jobspec(*args, "job.nomad", "--catalog", "nodes.json", "--format", "concise", cwd=tmp_path)


def test_a_constraint_no_node_meets(tmp_path):
    result = run(tmp_path, WINDOWS, "validate")
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        'job.nomad:3:17: error[catalog-constraint]: Constraint "${attr.kernel.name} = windows": '
        '5 nodes excluded by filter; no node left for group "app"'
    )
    plan = jobspec("plan", "job.nomad", "--catalog", "nodes.json", cwd=tmp_path)
    assert 'group "app" (service, mode host): cannot be placed' in plan.stdout
    assert '  filtered       5  constraint: Constraint "${attr.kernel.name} = windows"' in plan.stdout.splitlines()


def test_a_constraint_that_leaves_only_nodes_without_the_host_network(tmp_path):
    result = run(tmp_path, WORKER, "validate")
    assert result.stdout.splitlines()[0] == (
        'job.nomad:10:24: error[catalog-host-network]: missing host network "public" for port "https": '
        "none of the nodes the constraints and drivers leave has it"
    )
    plan = jobspec("plan", "job.nomad", "--catalog", "nodes.json", cwd=tmp_path)
    lines = plan.stdout.splitlines()
    assert '  filtered       2  constraint: Constraint "${node.class} = worker"' in lines
    assert '  filtered       3  host network: missing host network "public" for port "https"' in lines


def test_a_driver_and_a_memory_no_node_has(tmp_path):
    result = run(tmp_path, PODMAN, "validate")
    assert result.stdout.splitlines()[:2] == [
        'job.nomad:4:16: error[catalog-driver]: Constraint "missing drivers": 5 nodes excluded by filter; '
        'task "app" uses driver "podman", which 5 nodes of the job\'s datacenters and pool lack',
        'job.nomad:11:18: error[catalog-resources]: Dimension "memory" exhausted on 5 nodes: group "big" asks '
        "for 32768 MB of memory per allocation; the most any of them has free is 16000 MB",
    ]
    plan = jobspec("plan", "job.nomad", "--catalog", "nodes.json", "--format", "json", cwd=tmp_path)
    document = json.loads(plan.stdout)
    from tests.test_cli_catalog_e2e import plan_errors

    assert plan_errors(document) == []
    groups = document["groups"]
    assert [g["filtered"] for g in groups] == [
        [{"stage": "driver", "reason": "missing drivers", "nodes": 5, "words": 'Constraint "missing drivers"'}],
        [{"stage": "resources", "reason": "memory", "nodes": 5, "words": 'Dimension "memory" exhausted'}],
    ]
    assert [g["placeable"] for g in groups] == [False, False]


def test_two_groups_on_one_port_in_plan_json(tmp_path):
    from tests.test_cli_catalog_e2e import plan_errors

    two = """\
    job "two" {
      group "a" {
        count = 3
        network {
          port "http" { static = 8080 }
        }
        task "a" { driver = "docker" }
      }
      group "b" {
        network {
          port "web" { static = 8080 }
        }
        task "b" { driver = "docker" }
      }
    }
    """
    write(tmp_path, "job.nomad", two)
    fleet(tmp_path)
    plan = jobspec("plan", "job.nomad", "--catalog", "nodes.json", "--format", "json", cwd=tmp_path)
    document = json.loads(plan.stdout)
    assert plan_errors(document) == []
    a, b = document["groups"]
    assert (a["placeable"], a["shared"], a["competitors"]) == (True, None, [])
    # Five nodes, one address each: group "a" takes three, and "b" still fits on the other two.
    assert (b["placeable"], b["capacity"], b["shared"], b["competitors"]) == (True, 5, 1, ["a"])
