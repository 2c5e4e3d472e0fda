"""reStructuredText's ``literal`` in the rule docs is rendered for each medium
(issue 11, point 14): bare in `rules`, `rule ID` and SARIF's text fields,
`literal` in SARIF's markdown fields."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.rules import all_rules

RULE = "hcl-variable-validation"  # its summary holds ``validation``


def _run(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_rules_list_shows_no_double_backticks():
    out = _run("rules")
    assert "``" not in out
    assert re.search(rf"^{RULE} .*fails its validation block, or the block is wrong\.$", out, re.MULTILINE)


def test_rule_explanation_shows_no_double_backticks():
    for rule in all_rules():
        out = _run("rule", rule.id)
        assert "``" not in out, rule.id
    assert "fails its validation block" in _run("rule", RULE)


def test_sarif_text_is_plain_and_markdown_is_markdown(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    out = _run("validate", "-f", "sarif", "--stdin-filename", "job.nomad", "-", stdin='job "a" {}\n')
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    for rule in rules.values():
        for field in ("shortDescription", "fullDescription", "help"):
            assert "``" not in rule[field]["text"], (rule["id"], field)
        for field in ("shortDescription", "fullDescription"):
            assert "``" not in rule[field]["markdown"], (rule["id"], field)
    assert rules[RULE]["shortDescription"] == {
        "text": "A variable's value fails its validation block, or the block is wrong.",
        "markdown": "A variable's value fails its `validation` block, or the block is wrong.",
    }
