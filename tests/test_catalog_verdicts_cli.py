"""Issue 10, point 7: `validate --catalog` judges the job, not the catalog.

A catalog problem the job does not use is listed once on standard error with the
pointer to `jobspec catalog check` and leaves the exit code alone; one it uses (the
conflist of its `cni/<name>`) is reported at the job's line. Nomad reads a conflist
only for the network an allocation asks for (client/allocrunner/networking_cni.go
loadCNIConf), so a broken file for another network is not that job's failure.
"""

from __future__ import annotations

import json

from tests.cli_helpers import jobspec, write

JOB = """\
job "web" {
  datacenters = ["*"]
  group "g" {
    network {
      mode = "MODE"
    }
    task "t" {
      driver = "docker"
      config { image = "nginx" }
    }
  }
}
"""
GOOD = '{"cniVersion": "1.0.0", "name": "mynet", "plugins": [{"type": "loopback"}]}\n'
CAPS = '{"cniVersion": "1.0.0", "name": "CapsNet", "plugins": [{"type": "loopback"}]}\n'
OLD = '{"cniVersion": "1.0", "name": "oldnet", "plugins": [{"type": "loopback"}]}\n'


def setup(tmp_path, mode: str) -> None:
    write(tmp_path, "job.nomad", JOB.replace("MODE", mode))
    write(tmp_path, "nodes/edge/client.hcl", "client {\n  enabled = true\n}\n")
    write(tmp_path, "nodes/edge/cni/10-mynet.conflist", GOOD)
    write(tmp_path, "nodes/edge/cni/20-caps.conflist", CAPS)
    write(tmp_path, "nodes/edge/cni/30-old.conflist", OLD)


def test_catalog_problems_the_job_does_not_use_leave_the_exit_code(tmp_path):
    setup(tmp_path, "cni/mynet")
    run = jobspec("validate", "job.nomad", "--catalog", "nodes", "--no-cache", cwd=tmp_path)
    assert run.code == 0
    assert "no problems found" in run.stdout and "CapsNet" not in run.stdout
    assert run.stderr.splitlines() == [
        'nodes/edge/cni/20-caps.conflist:1:33: error: network name "CapsNet" has uppercase letters: Nomad '
        'lower-cases cni/CapsNet to "capsnet" before the lookup, so a job is placed and then fails with '
        '"CNI network config not found for name "capsnet"" [cni-network-name]',
        'nodes/edge/cni/30-old.conflist:1:16: error: cniVersion "1.0" is not a CNI spec version: every plugin '
        'fails with "incompatible CNI versions; config is "1.0", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" '
        '"0.4.0" "1.0.0" "1.1.0"]" [cni-version]',
        "jobspec: 2 problems in the catalog sources (2 errors); `jobspec catalog check` lists them",
    ]


def test_listed_once_for_many_jobs(tmp_path):
    setup(tmp_path, "cni/mynet")
    write(tmp_path, "other.nomad", JOB.replace("MODE", "host").replace('"web"', '"other"'))
    run = jobspec("validate", "job.nomad", "other.nomad", "--catalog", "nodes", "--no-cache", cwd=tmp_path)
    assert run.code == 0
    assert run.stderr.count("[cni-network-name]") == 1


def test_a_catalog_problem_the_job_uses_is_at_the_jobs_line(tmp_path):
    setup(tmp_path, "cni/oldnet")
    run = jobspec("validate", "job.nomad", "--catalog", "nodes", "--no-cache", "-f", "json", cwd=tmp_path)
    assert run.code == 1
    [d] = json.loads(run.stdout)["diagnostics"]
    assert (d["file"], d["line"], d["column"], d["rule"]) == ("job.nomad", 5, 14, "catalog-network-mode")
    assert "nodes/edge/cni/30-old.conflist:1:16" in d["message"]


def test_catalog_check_still_fails_on_them(tmp_path):
    setup(tmp_path, "cni/mynet")
    run = jobspec("catalog", "check", "nodes", cwd=tmp_path)
    assert run.code == 1
    assert "[cni-network-name]" in run.stdout
