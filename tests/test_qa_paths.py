"""Red-team cases for paths: FIFOs in folders, stdin given twice, odd names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jobspec.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
BAD_JOB = 'job "x" {\n  group "g" {\n    count = -1\n    task "t" { driver = "docker" }\n  }\n}\n'


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # A subprocess with a timeout: a regression here hangs rather than fails.
    return subprocess.run(
        [sys.executable, "-m", "jobspec", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        timeout=30,
    )


def test_fifo_in_a_job_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a b.nomad").write_text(BAD_JOB)
    os.mkfifo(tmp_path / "pipe.nomad")
    result = run("validate", "-f", "concise", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        1,
        "./a b.nomad:3:13: error[group-count]: Task group count can't be negative\n",
    )


def test_fifo_in_catalog_folders_is_skipped_not_waited_on(tmp_path):
    cls = tmp_path / "cls"
    (cls / "cni").mkdir(parents=True)
    (cls / "client.hcl").write_text("client {\n  enabled = true\n}\n")
    os.mkfifo(cls / "late.hcl")
    os.mkfifo(cls / "cni" / "x.conflist")
    os.mkfifo(tmp_path / "nodes.json")
    result = run("catalog", "check", "-f", "concise", ".", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_dangling_symlink_in_a_folder_is_reported(tmp_path):
    (tmp_path / "gone.nomad").symlink_to(tmp_path / "nowhere.nomad")
    result = runner.invoke(app, ["validate", "-f", "concise", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output == f"{tmp_path}/gone.nomad:1:1: error[file-unreadable]: file not found\n"


def test_stdin_twice_is_a_usage_error():
    result = runner.invoke(app, ["validate", "-", "-"], input=BAD_JOB, catch_exceptions=False)
    assert result.exit_code == 2
    assert "- (standard input) can be given only once" in result.output


def test_unicode_and_spaces_in_names_reach_the_report(tmp_path):
    folder = tmp_path / "ünï côde"
    folder.mkdir()
    (folder / "jöb 1.nomad").write_text(BAD_JOB)
    result = runner.invoke(app, ["validate", "-f", "concise", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.startswith(f"{folder}/jöb 1.nomad:3:13: error[group-count]")


def test_bad_choice_is_a_usage_error_without_pydantic_words(tmp_path):
    result = run("validate", "x.nomad", "-f", "bogus", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("jobspec: error: unknown format 'bogus' in --format bogus; choose from text, ")
    assert "Value error" not in result.stderr
