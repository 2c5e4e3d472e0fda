"""Feasibility over node JSON catalogs as a user meets them (issue 16, review)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.cli_helpers import jobspec, write
from tests.test_feasibility_plan import fleet_node

JOB = """\
job "api" {
  datacenters = ["dc1"]
  group "web" {
    network {
      mode = "cni/mynet"
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def test_nodes_alike_but_for_their_place_in_the_file_share_a_shape(tmp_path):
    # A `cni/<name>` mode in node JSON stands at each node's own line; the shape key
    # (Nomad's computed node class) must not read where a network was written.
    nodes = [fleet_node(i, "worker", ["default"]) for i in range(1, 7)]
    for n in nodes:
        n["NodeResources"]["Networks"].append({"Mode": "cni/mynet"})
    write(tmp_path, "nodes.json", json.dumps(nodes, indent=2))
    write(tmp_path, "job.nomad", JOB)
    run = jobspec("plan", "job.nomad", "--catalog", "nodes.json", cwd=tmp_path)
    assert 'job "api" against 6 nodes (1 shape) from nodes.json' in run.stdout, run.stdout
    assert "can be placed" in run.stdout


def test_plan_headline_counts_in_words(tmp_path):
    write(tmp_path, "nodes.json", json.dumps([fleet_node(1, "worker", ["default"])]))
    write(tmp_path, "job.nomad", JOB.replace('mode = "cni/mynet"', 'mode = "host"'))
    run = jobspec("plan", "job.nomad", "--catalog", "nodes.json", cwd=tmp_path)
    assert run.stdout.startswith('job "api" against 1 node (1 shape) from nodes.json\n'), run.stdout


def test_driver_hint_reads_when_no_node_states_a_healthy_driver(tmp_path):
    node = fleet_node(1, "worker", ["default"])
    node["Drivers"] = {"docker": {"Detected": True, "Healthy": False}}
    write(tmp_path, "nodes.json", json.dumps([node]))
    write(tmp_path, "job.nomad", JOB.replace('mode = "cni/mynet"', 'mode = "host"'))
    run = jobspec("validate", "job.nomad", "--catalog", "nodes.json", "-f", "json", cwd=tmp_path)
    (finding,) = [d for d in json.loads(run.stdout)["diagnostics"] if d["rule"] == "catalog-driver"]
    assert finding["message"].startswith('Constraint "missing drivers": 1 node excluded by filter')
    assert finding["hint"] == "the catalog states no healthy driver for these nodes"


REGEXP_JOB = """\
job "api" {
  datacenters = ["dc1"]
  group "web" {
    constraint {
      attribute = "${attr.kernel.name}"
      regexp    = "PATTERN"
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def test_regexp_constraints_are_read_as_go_re2(tmp_path):
    # scheduler/feasible/feasible.go checkRegexpMatch compiles with Go's regexp (RE2):
    # `\\pL` (any letter) and `\\z` match "linux" there, though Python's re refuses both.
    write(tmp_path, "nodes.json", json.dumps([fleet_node(1, "worker", ["default"])]))
    for pattern in (r"^\\pL+$", r"linux\\z", r"^\\Qlin\\Eux"):
        write(tmp_path, "job.nomad", REGEXP_JOB.replace("PATTERN", pattern))
        run = jobspec("validate", "job.nomad", "--catalog", "nodes.json", "-f", "json", cwd=tmp_path)
        report = json.loads(run.stdout)
        assert run.code == 0 and report["diagnostics"] == [], (pattern, run.stdout)
    # A lookahead is Python's, not RE2's: Nomad refuses the job (Constraint.Validate), and
    # on a catalog checkRegexpMatch fails on every node.
    write(tmp_path, "job.nomad", REGEXP_JOB.replace("PATTERN", "^lin(?=ux)"))
    run = jobspec("validate", "job.nomad", "--catalog", "nodes.json", "-f", "json", cwd=tmp_path)
    found = sorted((d["rule"], d["line"]) for d in json.loads(run.stdout)["diagnostics"])
    assert found == [("catalog-constraint", 5), ("constraint-invalid", 6)], found
    # RE2 logs a failed compile on file descriptor 2 unless told not to: only a real process shows it.
    real = subprocess.run(
        [sys.executable, "-m", "jobspec", "validate", "--no-cache", "job.nomad"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert real.returncode == 1 and real.stderr == "", real.stderr


def test_constraint_hint_names_the_output_that_has_meta(tmp_path):
    # `catalog show`'s table prints a few attributes and no meta; the JSON form has them all.
    write(tmp_path, "nodes.json", json.dumps([fleet_node(1, "worker", ["default"])]))
    write(tmp_path, "job.nomad", REGEXP_JOB.replace('regexp    = "PATTERN"', 'value = "windows"'))
    run = jobspec("validate", "job.nomad", "--catalog", "nodes.json", "-f", "json", cwd=tmp_path)
    (finding,) = json.loads(run.stdout)["diagnostics"]
    assert finding["hint"].startswith("`jobspec catalog show --format json` lists every node's attributes and meta")
    shown = jobspec("catalog", "show", "nodes.json", "--format", "json", cwd=tmp_path)
    assert "kernel.name" in shown.stdout and '"meta"' in shown.stdout
