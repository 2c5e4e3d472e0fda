"""The rule engine: rules yield plain findings, the engine stamps id and severity,
runs only the enabled rules and applies suppressions in one place (issue 12, point 1)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobspec import load_rules
from jobspec.cli import app
from jobspec.diagnostics import Finding, Severity, Span
from jobspec.engine.file import lint_file
from jobspec.engine.options import Options
from jobspec.engine.run import RuleContractError, stamp, stamped
from jobspec.rules import all_rules, rule_by_id, rules_for

JOB = textwrap.dedent(
    """\
    job "api" {
      group "web" {
        network {
          port "http"  { static = 8080 }
          port "admin" { static = 8080 }
        }
        task "app" { driver = "docker" }
      }
    }
    """
)


def _refuse(job, ctx):
    raise AssertionError("a rule that was not selected ran")


def test_select_runs_only_the_selected_rule(monkeypatch, tmp_path):
    for rule in all_rules():
        if rule.scope in ("job", "catalog") and rule.id != "port-duplicate-static":
            monkeypatch.setattr(rule.module, "check", _refuse)
    path = tmp_path / "job.nomad"
    path.write_text(JOB)
    result = CliRunner().invoke(
        app, ["validate", "--no-cache", "-j1", "--format", "concise", "--select", "port-duplicate-static", str(path)]
    )
    assert result.exit_code == 1, result.output
    assert result.output.endswith(
        "job.nomad:5:31: error[port-duplicate-static]: Static port 8080 already reserved by taskgroup network:http\n"
    )


def test_an_ignored_rule_does_not_run(monkeypatch):
    monkeypatch.setattr(rule_by_id("port-duplicate-label").module, "check", _refuse)
    outcome = lint_file(JOB.encode(), "job.nomad", Options(ignore=("port-duplicate-label",)))
    assert [d.rule for d in outcome.diagnostics] == ["port-duplicate-static"]


def test_a_per_file_ignore_keeps_the_rule_from_running_on_that_file(monkeypatch):
    monkeypatch.setattr(rule_by_id("port-duplicate-static").module, "check", _refuse)
    outcome = lint_file(JOB.encode(), "job.nomad", Options(), file_ignores=("port-duplicate-static",))
    assert outcome.diagnostics == []


def test_the_engine_stamps_the_modules_id_and_severity():
    rule = rule_by_id("port-duplicate-static")
    finding = Finding("m", Span.point("f"), "h", job="j", group="g")
    d = stamp(rule, finding)
    assert (d.rule, d.severity, d.message, d.hint, d.job, d.group) == (
        "port-duplicate-static",
        Severity.ERROR,
        "m",
        "h",
        "j",
        "g",
    )


def test_a_severity_the_rule_does_not_declare_is_a_bug_not_a_finding():
    rule = rule_by_id("port-duplicate-static")
    with pytest.raises(RuleContractError):
        stamp(rule, Finding("m", Span.point("f"), severity=Severity.INFO))
    assert (
        stamp(rule_by_id("job-type"), Finding("m", Span.point("f"), severity=Severity.WARNING)).severity
        is Severity.WARNING
    )


def test_a_load_finding_must_name_a_registered_rule():
    with pytest.raises(RuleContractError):
        stamped([Finding("m", Span.point("f"), rule="no-such-rule")])
    assert stamped([Finding("m", Span.point("f"), rule=load_rules.HCL_SYNTAX)])[0].severity is Severity.ERROR


def test_every_id_a_stage_reports_has_its_rule_module_and_back():
    ids = {value for name, value in vars(load_rules).items() if name.isupper()}
    modules = {rule.id: rule for rule in all_rules()}
    assert ids <= set(modules), ids - set(modules)
    assert {rule.id for rule in rules_for("load")} <= ids
    for rule_id in ids:
        # the rule module takes its ID from the stage's list, so the two cannot drift apart
        source = Path(modules[rule_id].module.__file__).read_text()
        assert f"ID = {rule_id.upper().replace('-', '_')}\n" in source, rule_id


STAGES = ("load", "evaluate", "normalize", "structure", "catalog", "model", "placement")


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_below_the_registry_imports_it(stage):
    root = Path(__file__).parent.parent / "jobspec" / stage
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("jobspec.rules", "jobspec.engine")), f"{path}: {node.module}"


def test_rules_with_two_severities_declare_both():
    two = sorted(rule.id for rule in all_rules() if len(rule.severities) > 1)
    assert two == sorted(
        [
            "catalog-datacenter",
            "catalog-invalid",
            "cni-missing-name",
            "cni-plugin-config",
            "cni-version",
            "driver-config-ports",
            "hcl-variable-undefined",
            "job-type",
            "port-static-range",
        ]
    )
    assert all(rule.severity in rule.severities for rule in all_rules())


def test_the_registry_names_each_modules_scope_and_id():
    from jobspec.rules import RULE_MODULES, rule_ids

    for (name, scope), rule in zip(RULE_MODULES, all_rules(), strict=True):
        assert (rule.scope, rule.id) == (scope, name.replace("_", "-")), name
    assert rule_ids() == tuple(rule.id for rule in all_rules())
    assert rule_by_id("no-such-rule") is None


def test_a_run_without_a_catalog_imports_no_catalog_rule():
    import subprocess
    import sys

    code = (
        "import sys; from jobspec.engine.file import lint_text; "
        'lint_text(\'job "a" {\\n  group "g" {\\n    task "t" { driver = "docker" }\\n  }\\n}\\n\', \'a.nomad\'); '
        "print(sorted(m for m in sys.modules if m.startswith(('jobspec.rules.catalog_', 'jobspec.rules.cni_'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
