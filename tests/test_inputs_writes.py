"""jobspec never writes a file it reads, and writes reports in one step (issue 11, points 1 and 2)."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.cli_helpers import DUPLICATE, jobspec, write

REPO = Path(__file__).resolve().parents[1]
NODES = """\
[{"ID": "n1", "Name": "n1", "Datacenter": "dc1", "NodePool": "default", "Status": "ready",
  "SchedulingEligibility": "eligible", "NodeResources": {"Networks": [{"Mode": "host", "IP": "10.0.0.1"}]}}]
"""
JOB = """\
variable "port" {
  type    = number
  default = 80
}
job "api" {
  datacenters = ["dc1"]
  group "web" {
    network {
      port "http" { static = var.port }
    }
    task "t" { driver = "docker" }
  }
}
"""


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "job.nomad", JOB)
    write(tmp_path, "vars.hcl", "port = 81\n")
    write(tmp_path, "nodes.json", NODES)
    write(tmp_path, "catalog/nodes.json", NODES)
    write(tmp_path, "other.toml", "fail-on = 'error'\n")
    write(tmp_path, "baseline.json", '{"version": 1, "diagnostics": []}\n')
    return tmp_path


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "cache" not in p.parts
    }


READS = ["--var-file", "vars.hcl", "--catalog", "nodes.json", "--catalog", "catalog", "--config", "other.toml"]

# (command and the inputs it reads, the file --output names)
CASES = [
    (["validate", "job.nomad", *READS, "--baseline", "baseline.json", "-f", "json"], target)
    for target in ("job.nomad", "vars.hcl", "nodes.json", "other.toml", "baseline.json", "catalog/nodes.json")
] + [
    (["validate", "job.nomad", *READS, "-f", "json"], "catalog/report.json"),
    (["catalog", "check", "nodes.json", "catalog", "-f", "json"], "nodes.json"),
    (["catalog", "check", "nodes.json", "catalog", "-f", "json"], "catalog/report.json"),
    *[(["plan", "job.nomad", *READS, "-f", "json"], target) for target in ("job.nomad", "vars.hcl", "nodes.json")],
    (["plan", "job.nomad", *READS], "other.toml"),
    (["plan", "job.nomad", *READS], "catalog/plan.txt"),
    *[
        (["normalize", "job.nomad", "--var-file", "vars.hcl", "--config", "other.toml"], target)
        for target in ("job.nomad", "vars.hcl", "other.toml")
    ],
]


@pytest.mark.parametrize(("args", "target"), CASES, ids=[f"{a[0]}-{t}" for a, t in CASES])
def test_no_command_writes_a_file_it_reads(tree, args, target):
    before = _snapshot(tree)
    run = jobspec(*args, "--output", target, cwd=tree)
    assert run.code == 2, run.stdout + run.stderr
    assert "jobspec never writes a file it reads" in run.stderr or "which jobspec reads" in run.stderr
    assert target in run.stderr
    assert _snapshot(tree) == before  # nothing written, not even a new file in the catalog folder


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "job.nomad", *READS, "-f", "json"],
        ["plan", "job.nomad", *READS, "-f", "json"],
        ["normalize", "job.nomad", "--var-file", "vars.hcl"],
        ["catalog", "check", "nodes.json", "-f", "json"],
    ],
    ids=lambda a: a[0],
)
def test_output_elsewhere_is_what_standard_output_would_get(tree, args):
    shown = jobspec(*args, cwd=tree)
    written = jobspec(*args, "--output", "result.json", cwd=tree)
    assert written.code == shown.code, written.stderr
    assert written.stdout == ""
    assert (tree / "result.json").read_text() == shown.stdout
    json.loads(shown.stdout)


def _validate(folder: Path, *args: str, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        # A full disk, reproducibly: writes past this size fail with EFBIG (SIGXFSZ ignored).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(folder / "xdg"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "jobspec", "validate", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit if file_size_limit is not None else None,
    )


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs POSIX file size limits")
def test_a_failed_write_leaves_the_old_report_whole(tmp_path):
    write(tmp_path, "api.nomad", DUPLICATE)
    report = write(tmp_path, "baseline.json", '{"version": 1, "diagnostics": []}\n')
    report.chmod(0o640)
    old = report.read_bytes()
    run = _validate(tmp_path, "api.nomad", "--no-cache", "-f", "json", "-o", "baseline.json", file_size_limit=200)
    assert run.returncode == 2, run.stderr
    assert "cannot write baseline.json" in run.stderr
    assert report.read_bytes() == old  # not truncated, not half written
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["api.nomad", "baseline.json"]
    # Without the limit the report replaces the old one whole, keeping its permissions.
    run = _validate(tmp_path, "api.nomad", "--no-cache", "-f", "json", "-o", "baseline.json")
    assert run.returncode == 1, run.stderr
    assert json.loads(report.read_text())["summary"]["errors"] == 1
    assert report.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["api.nomad", "baseline.json"]


def test_a_link_as_output_keeps_the_link_and_replaces_its_target(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "api.nomad", DUPLICATE)
    target = write(tmp_path, "reports/last.json", "old\n")
    (tmp_path / "report.json").symlink_to(target)
    run = jobspec("validate", "api.nomad", "-f", "json", "-o", "report.json", cwd=tmp_path)
    assert run.code == 1
    assert (tmp_path / "report.json").is_symlink()
    assert json.loads(target.read_text())["summary"]["errors"] == 1


def test_a_named_pipe_as_output_is_written_in_place(tmp_path, monkeypatch):
    # As /dev/null or /dev/stderr would be: a rename over it would put a regular file there.
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "api.nomad", DUPLICATE)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text()), daemon=True)
    reader.start()
    run = jobspec("validate", "api.nomad", "-f", "json", "-o", "pipe", cwd=tmp_path)
    reader.join(timeout=30)
    assert run.code == 1, run.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert json.loads(received[0])["summary"]["errors"] == 1
