"""End to end through the command line: exit codes, formats, stdin, folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.schemas import load_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jobspec", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        timeout=60,
    )


def test_good_examples_exit_zero():
    result = runner.invoke(app, ["validate", str(EXAMPLES / "api.nomad"), str(EXAMPLES / "ingress.nomad")])
    assert result.exit_code == 0, result.output
    assert "2 files checked, no problems found" in result.output


def test_findings_exit_one_with_location_caret_and_hint():
    result = runner.invoke(app, ["validate", "examples/broken/syntax.nomad"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "examples/broken/syntax.nomad:6:16: error: Unclosed configuration block: "
        "missing `}` to close the block opened at line 6 [hcl-syntax]"
    )
    assert lines[1] == '   6 |     task "run" {'
    assert lines[2] == "     |                ^"
    assert lines[3].startswith("  = hint: ")


def test_json_report_matches_its_schema_and_is_sorted():
    result = runner.invoke(app, ["validate", "--format", "json", "examples"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    jsonschema.validate(report, load_schema("report.schema.json"))
    keys = [(d["file"], d["line"], d["column"], d["rule"]) for d in report["diagnostics"]]
    assert keys == sorted(keys)
    assert report["summary"]["files"] == 6
    assert report["summary"]["errors"] == sum(1 for d in report["diagnostics"] if d["severity"] == "error")


def test_folder_search_finds_nomad_and_job_hcl_but_not_agent_configs(tmp_path):
    (tmp_path / "a.nomad").write_text('job "a" {}\n')
    (tmp_path / "b.nomad.hcl").write_text('job "b" {}\n')
    (tmp_path / "c.hcl").write_text('job "c" {}\n')
    (tmp_path / "agent.hcl").write_text("client {\n  enabled = true\n}\n")
    (tmp_path / "notes.txt").write_text("job")
    result = runner.invoke(app, ["validate", "--format", "json", str(tmp_path)])
    assert json.loads(result.output)["summary"]["files"] == 3


def test_fail_on_warning_and_info():
    text = (
        'job "a" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n    '
        'task "t" { driver = "docker" }\n  }\n}\n'
    )
    ok = run("validate", "--fail-on", "warning", "-", stdin=text)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_stdin_uses_stdin_filename():
    text = 'job "a" {\n  group "g" {\n    count = 1\n    count = 2\n    task "t" { driver = "docker" }\n  }\n}\n'
    result = run("validate", "--stdin-filename", "jobs/a.nomad", "-", stdin=text)
    assert result.returncode == 1
    assert result.stdout.startswith("jobs/a.nomad:4:5: error: Attribute redefined")


def test_missing_path_is_usage_error():
    result = run("validate", "does-not-exist.nomad")
    assert result.returncode == 2
    assert "path does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["validate"], ["normalize"], ["catalog", "check"], ["plan", "--catalog", "."]])
def test_a_symbolic_link_to_nothing_is_named_as_such(tmp_path, command):
    (tmp_path / "gone.nomad").symlink_to(tmp_path / "missing.nomad")
    (tmp_path / "loop.nomad").symlink_to(tmp_path / "loop.nomad")
    for link in ("gone.nomad", "loop.nomad"):
        result = runner.invoke(app, [*command, str(tmp_path / link)])
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            "jobspec: error: path is a symbolic link to nothing (its target is missing, or the links loop): "
            f"{tmp_path / link}\n"
        )


def test_unknown_flag_is_usage_error():
    result = run("validate", "--no-such-flag", "examples")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("jobspec ")


def test_rules_and_rule():
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0
    assert "port-duplicate-label" in listing.output
    detail = runner.invoke(app, ["rule", "port-duplicate-label"])
    assert detail.exit_code == 0
    assert "FAIL:" in detail.output and "PASS:" in detail.output
    unknown = run("rule", "no-such-rule")
    assert unknown.returncode == 2


def test_normalize_prints_typed_networks():
    result = runner.invoke(app, ["normalize", str(EXAMPLES / "ingress.nomad")])
    assert result.exit_code == 0, result.output
    job = json.loads(result.output)["jobs"][0]
    network = job["groups"][0]["networks"][0]
    assert network["kind"] == "bridge"
    https = network["ports"][0]
    assert (https["label"], https["static"], https["host_network"]) == ("https", 443, "public")
    assert https["span"]["line"] == 13


def test_output_is_deterministic():
    first = run("validate", "--format", "json", "examples")
    second = run("validate", "--format", "json", "examples")
    assert first.stdout == second.stdout


def test_never_writes_to_inputs(tmp_path):
    job = tmp_path / "a.nomad"
    job.write_text(
        'job "a" {\n  group "g" {\n    count = 1\n    count = 2\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    before = (job.read_bytes(), job.stat().st_mtime_ns)
    runner.invoke(app, ["validate", str(job)])
    assert (job.read_bytes(), job.stat().st_mtime_ns) == before


@pytest.mark.parametrize("command", [["normalize"], ["plan", "--catalog", "."]])
def test_a_folder_given_as_the_job_is_a_usage_error(tmp_path, command):
    result = runner.invoke(app, [*command, str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"jobspec: error: {tmp_path}: is a folder, not a file\n"
