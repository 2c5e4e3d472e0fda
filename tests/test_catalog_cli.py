import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jobspec.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOOD = str(ROOT / "examples" / "catalog")
BROKEN = str(ROOT / "examples" / "catalog-broken")
runner = CliRunner()


def test_check_clean_catalog_exits_0():
    result = runner.invoke(app, ["catalog", "check", GOOD])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_check_broken_catalog_json_report():
    result = runner.invoke(app, ["catalog", "check", BROKEN, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"version", "diagnostics", "summary"}
    rules = {d["rule"] for d in report["diagnostics"]}
    assert {"cni-network-name", "cni-json-syntax", "agent-dynamic-port-range", "cni-chained-first"} <= rules
    assert all(d["file"].startswith(BROKEN) and d["line"] >= 1 and d["column"] >= 1 for d in report["diagnostics"])
    assert report["summary"]["files"] == 3
    assert report["summary"]["skipped"]


def test_check_text_has_carets():
    result = runner.invoke(app, ["catalog", "check", BROKEN])
    assert result.exit_code == 1
    assert '   3 |   "name": "MyNet",' in result.output


def test_fail_on_warning():
    path = str(ROOT / "examples" / "catalog-broken" / "edge" / "cni")
    result = runner.invoke(app, ["catalog", "check", path, "--fail-on", "warning", "-f", "json"])
    assert result.exit_code == 1


def test_missing_path_is_a_usage_error():
    result = runner.invoke(app, ["catalog", "check", "/nonexistent/catalog"])
    assert result.exit_code == 2


def test_show_json_is_deterministic():
    # Two processes with different string hashing: one process would repeat any set order.
    first, second = (
        subprocess.run(
            [sys.executable, "-m", "jobspec", "catalog", "show", GOOD, "--format", "json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        for seed in ("1", "2")
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["kind"] == "jobspec-catalog"


def test_show_table():
    result = runner.invoke(app, ["catalog", "show", GOOD])
    assert result.exit_code == 0
    assert "edge-3" in result.output and "ineligible" in result.output


def test_check_concise_and_json_to_a_file(tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["catalog", "check", BROKEN, "-f", "concise", "-f", f"json:{out}"])
    assert result.exit_code == 1
    assert "10-MyNet.conflist:3:11: error[cni-network-name]:" in result.stdout
    assert json.loads(out.read_text())["summary"]["errors"] == 7


def test_check_json_report_matches_the_report_schema():
    from jsonschema import Draft202012Validator

    from jobspec.schemas import load_schema

    result = runner.invoke(app, ["catalog", "check", BROKEN, "--format", "json"])
    errors = list(Draft202012Validator(load_schema("report.schema.json")).iter_errors(json.loads(result.stdout)))
    assert errors == []
