"""The pre-commit hook: its manifest, and a real `pre-commit try-repo` (slow: it
builds the hook's environment from the package index, 20-70 s)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
clientlib = pytest.importorskip("pre_commit.clientlib", reason="pre-commit is not installed")


def test_manifest_is_valid_and_matches_job_files_only():
    [hook] = clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("jobspec", "jobspec validate", "python")
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in ("a.nomad", "jobs/b.nomad.hcl", "agent.hcl", "x.nomad.bak")] == [
        True,
        True,
        False,
        False,
    ]


def index_reachable() -> bool:
    index = urlparse(os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple")
    try:
        port = index.port or (80 if index.scheme == "http" else 443)
        socket.create_connection((index.hostname or "", port), timeout=5).close()
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs pre-commit, git")
def test_try_repo_on_a_sample_repository(tmp_path):
    if not index_reachable():
        pytest.skip("the package index is not reachable, and pre-commit installs the hook from it")
    sample = tmp_path / "sample"
    sample.mkdir()
    (sample / "bad.nomad").write_text(
        'job "a" {\n  group "g" {\n    network {\n      port "http" { to = 80 }\n'
        '      port "http" { to = 81 }\n    }\n  }\n}\n'
    )
    (sample / "good.nomad.hcl").write_text('job "b" {\n  group "g" {}\n}\n')
    (sample / "agent.hcl").write_text("client { enabled = true }\n")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "JOBSPEC_CACHE_DIR": str(tmp_path)}
    for command in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(command, cwd=sample, check=True, env=env)
    result = subprocess.run(
        ["pre-commit", "try-repo", str(ROOT), "jobspec", "--all-files"],
        cwd=sample,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bad.nomad:5:12: error: Port label http already in use" in result.stdout
    assert "2 files checked" in result.stdout  # agent.hcl is not passed to the hook
