"""Small catalog fixes: external driver plugin names, where distinct_hosts findings
point, the singular/plural words of catalog summaries, and static ports on list stubs."""

from __future__ import annotations

import json
import textwrap

from jobspec.engine.catalog import load_catalog
from jobspec.model.catalog import NodeResources
from tests.catalog_fixtures import catalog, found_with, lint_with, messages, node, skipped_with
from tests.cli_helpers import jobspec

PODMAN_JOB = """
job "j" {
  group "g" {
    task "t" {
      driver = "DRIVER"
      resources { memory = 999999 }
    }
  }
}
"""


def class_catalog(root, hcl: str):
    folder = root / "web"
    folder.mkdir()
    (folder / "client.hcl").write_text(textwrap.dedent(hcl))
    return load_catalog([str(folder)])


def test_an_external_plugin_block_is_the_driver_its_binary_registers(tmp_path):
    catalog, problems = class_catalog(
        tmp_path,
        """
        client {
          enabled         = true
          memory_total_mb   = 1024
          cpu_total_compute = 2000
        }
        plugin "nomad-driver-podman" {}
        plugin "nomad-driver-containerd" {}
        plugin "docker" {}
        """,
    )
    assert problems == []
    assert catalog.nodes[0].drivers == {"containerd-driver": True, "docker": True, "podman": True, "raw_exec": False}
    # The job is judged (memory too big), not skipped for an unknown driver.
    job = PODMAN_JOB.replace("DRIVER", "podman")
    assert [d.rule for d in lint_with(job, catalog) if d.rule.startswith("catalog-")] != []
    assert skipped_with(job, catalog) == []


def test_an_unknown_plugin_binary_leaves_its_driver_unknown(tmp_path):
    catalog, _ = class_catalog(
        tmp_path,
        """
        client {
          enabled         = true
          memory_total_mb = 1024
        }
        plugin "nomad-driver-custom" {}
        """,
    )
    assert catalog.nodes[0].drivers == {"raw_exec": False}
    for driver in ("custom", "nomad-driver-custom"):
        job = PODMAN_JOB.replace("DRIVER", driver)
        assert [d.rule for d in lint_with(job, catalog) if d.rule == "catalog-driver"] == []
        assert f'job.nomad: driver "{driver}": the catalog does not say whether node "web" has it' in skipped_with(
            job, catalog
        )


def three_nodes():
    big = NodeResources(cpu=100000, memory=100000, disk=100000)
    return catalog(*(node(n, meta={"rack": "r1"}, drivers={"docker": True}, resources=big) for n in "abc"))


DISTINCT_JOB = """\
job "j" {
  group "g" {
    count = 4
    constraint {
      ARGUMENTS
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def test_distinct_findings_point_at_the_argument_that_names_the_operator():
    cases = [
        ("distinct_hosts = true", (5, 24)),
        ('operator = "distinct_hosts"\n      value    = "true"', (5, 18)),
        ('distinct_property = "${meta.rack}"', (5, 27)),
    ]
    for arguments, where in cases:
        text = DISTINCT_JOB.replace("ARGUMENTS", arguments)
        assert found_with(text, three_nodes(), "catalog-constraint") == [where], arguments


def test_one_catalog_problem_is_said_in_the_singular(tmp_path):
    (tmp_path / "job.nomad").write_text(PODMAN_JOB.replace("DRIVER", "docker"))
    conflists = tmp_path / "nodes" / "edge" / "cni"
    conflists.mkdir(parents=True)
    (conflists.parent / "client.hcl").write_text("client {\n  enabled = true\n}\n")
    (conflists / "30-old.conflist").write_text(
        '{"cniVersion": "1.0", "name": "oldnet", "plugins": [{"type": "loopback"}]}\n'
    )
    run = jobspec("validate", "job.nomad", "--catalog", "nodes", "--no-cache", cwd=tmp_path)
    assert run.stderr.splitlines()[-1] == (
        "jobspec: 1 problem in the catalog sources (1 error); `jobspec catalog check` lists them"
    )


STUB = '[{"ID": "2", "Name": "n2", "Datacenter": "dc1", "Drivers": {"docker": {"Detected": true, "Healthy": true}}}]\n'
STATIC_JOB = """\
job "j" {
  group "g" {
    count = 2
    network {
      port "http" { static = 8080 }
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def test_a_list_stub_skips_the_static_port_count(tmp_path):
    (tmp_path / "nodes.json").write_text(STUB)
    catalog, _ = load_catalog([str(tmp_path / "nodes.json")])
    assert [d.rule for d in lint_with(STATIC_JOB, catalog) if d.rule.startswith("catalog-")] == []
    assert 'job.nomad: static port 8080: free addresses are not known for node "n2"' in skipped_with(
        STATIC_JOB, catalog
    )


def test_a_full_node_still_judges_the_static_port_count(tmp_path):
    full = {
        "ID": "1",
        "Name": "n1",
        "Datacenter": "dc1",
        "Drivers": {"docker": {"Detected": True, "Healthy": True}},
        "NodeResources": {
            "Cpu": {"CpuShares": 8000},
            "Memory": {"MemoryMB": 16000},
            "Disk": {"DiskMB": 100000},
            "Networks": [{"Mode": "host", "IP": "10.0.0.1"}],
        },
    }
    (tmp_path / "nodes.json").write_text(json.dumps([full]))
    catalog, _ = load_catalog([str(tmp_path / "nodes.json")])
    assert messages(STATIC_JOB, catalog, "catalog-placement") == [
        'group "g" needs 2 nodes for static port 8080 on host network "default" but only 1 of 1 nodes qualify'
    ]


def test_plan_on_a_stub_needs_a_node_not_addresses(tmp_path):
    (tmp_path / "nodes.json").write_text(STUB)
    (tmp_path / "job.nomad").write_text(STATIC_JOB)
    run = jobspec("plan", "job.nomad", "--catalog", "nodes.json", cwd=tmp_path)
    assert run.code == 0
    assert "can be placed" in run.stdout and "needed      1 node" in run.stdout
    assert "static port 8080: free addresses are not known" in run.stdout
