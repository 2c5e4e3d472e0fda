"""SARIF 2.1.0 output, validated against the official OASIS schema (tests/data)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.docs import RULES_DOC_URL
from jobspec.report import sarif
from jobspec.report.model import Report
from jobspec.rules import all_rules
from tests.conftest import lint

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

DUPLICATE = """\
    job "a" {
      group "g" {
        network {
          port "http" { to = 8080 }
          port "http" { static = 80 }
        }
        task "t" { driver = "docker" }
      }
    }
"""


@cache
def _validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def _report(diagnostics=(), skipped=()) -> Report:
    return Report(1, tuple(sorted(diagnostics, key=Diagnostic.sort_key)), tuple(sorted(skipped)), {}, ("job.nomad",))


def _sarif(report: Report) -> dict:
    data = json.loads(sarif.render(report))
    _validator().validate(data)
    return data


def test_schema_is_the_official_one():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_schema_rejects_what_github_would_reject():
    # Guard against a validator that accepts anything.
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_result_for_a_real_diagnostic(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _sarif(_report(lint(DUPLICATE)))
    assert data["version"] == "2.1.0"
    [run] = data["runs"]
    [result] = run["results"]
    rules = run["tool"]["driver"]["rules"]
    assert result["ruleId"] == "port-duplicate-label"
    assert rules[result["ruleIndex"]]["id"] == "port-duplicate-label"
    assert result["level"] == "error"
    assert result["message"]["text"].startswith("Port label http already in use by taskgroup network\nhint: ")
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "job.nomad", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 5, "startColumn": 12, "endLine": 5, "endColumn": 18}


def test_driver_lists_every_rule_with_metadata_from_its_docstring():
    data = _sarif(_report())
    driver = data["runs"][0]["tool"]["driver"]
    assert driver["name"] == "jobspec"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in all_rules()]
    rule = next(r for r in driver["rules"] if r["id"] == "port-duplicate-label")
    assert rule["name"] == "PortDuplicateLabel"
    assert rule["shortDescription"]["text"] == "Two ports in a group share a label."
    assert rule["fullDescription"]["text"].startswith("Nomad rejects the job: labels are unique across every group")
    assert "FAIL" not in rule["fullDescription"]["text"]
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["helpUri"] == f"{RULES_DOC_URL}#port-duplicate-label"
    assert '```hcl\nnetwork {\n  port "http" { to = 8080 }' in rule["help"]["markdown"]


@pytest.mark.parametrize(("severity", "level"), [(Severity.WARNING, "warning"), (Severity.INFO, "note")])
def test_levels(severity, level):
    d = Diagnostic("not-a-registered-rule", severity, "m", Span.point("job.nomad", 2, 3))
    [result] = _sarif(_report([d]))["runs"][0]["results"]
    assert result["level"] == level
    assert "ruleIndex" not in result  # only registered rules have an index to point at


def test_file_outside_the_current_directory_gets_an_absolute_uri(tmp_path, monkeypatch):
    inside = tmp_path / "repo"
    inside.mkdir()
    monkeypatch.chdir(inside)
    outside = str(tmp_path / "other" / "my job.nomad")
    nested = str(inside / "jobs" / "a b.nomad")
    data = _sarif(_report([Diagnostic("x", Severity.ERROR, "m", Span.point(f)) for f in (outside, nested)]))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in data["runs"][0]["results"]]
    assert {"uri": "jobs/a%20b.nomad", "uriBaseId": "%SRCROOT%"} in uris
    assert {"uri": (tmp_path / "other" / "my job.nomad").as_uri()} in uris


def test_region_never_ends_before_it_starts():
    d = Diagnostic("x", Severity.ERROR, "m", Span("job.nomad", 4, 9, 4, 9))
    [result] = _sarif(_report([d]))["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["endLine"], region["endColumn"]) == (4, 9)


def test_skipped_reasons_become_counted_notes():
    data = _sarif(_report(skipped=["no catalog", "no catalog", "a variable has no value"]))
    notes = data["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["skipped 2×: no catalog", "skipped 1×: a variable has no value"]
    assert all(n["level"] == "note" for n in notes)


def test_cli_sarif_for_the_examples_matches_the_json_report():
    examples = str(Path(__file__).resolve().parent.parent / "examples")
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["validate", "-f", "sarif", examples]).stdout)
    _validator().validate(data)
    report = json.loads(runner.invoke(app, ["validate", "-f", "json", examples]).stdout)
    results = data["runs"][0]["results"]
    assert results, "the broken examples should give results"
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        (d["rule"], d["line"]) for d in report["diagnostics"]
    ]
