"""Rules as documentation: docs/rules.md stays generated from the registry."""

from __future__ import annotations

import dataclasses
import re

from typer.testing import CliRunner

from jobspec import docs
from jobspec.cli import app
from jobspec.diagnostics import Severity
from jobspec.rules import all_rules, rule_by_id


def test_docs_rules_md_is_in_sync_with_the_registry():
    assert docs.RULES_DOC_PATH.read_text(encoding="utf-8") == docs.markdown(all_rules()), (
        "docs/rules.md is out of date; run: python -m jobspec.docs"
    )


def test_readme_lists_every_rule():
    readme = docs.README_PATH.read_text(encoding="utf-8")
    assert readme == docs.with_readme_table(readme, all_rules()), "README.md is stale; run: python -m jobspec.docs"
    for rule in all_rules():
        assert f"[`{rule.id}`](docs/rules.md#{docs.anchor(rule.id)})" in readme


def test_a_new_rule_changes_the_page():
    extra = dataclasses.replace(all_rules()[-1], id="zz-new-rule", summary="A new rule.", doc="A new rule.")
    page = docs.markdown((*all_rules(), extra))
    assert page != docs.markdown(all_rules())
    assert "## zz-new-rule" in page
    assert "| [`zz-new-rule`](#zz-new-rule) |" in page


def test_every_rule_has_a_section_with_both_examples():
    page = docs.markdown(all_rules())
    for rule in all_rules():
        assert f"\n## {rule.id}\n" in page
        doc = docs.parse(rule.doc)
        assert doc.fail and doc.passes, f"{rule.id} needs FAIL: and PASS: examples in its docstring"


def test_parse_splits_summary_prose_and_examples():
    doc = docs.parse(rule_by_id("port-duplicate-label").doc)
    assert doc.summary == "Two ports in a group share a label."
    assert doc.prose.startswith("Nomad rejects the job") and doc.prose.endswith("as Nomad's is.")
    assert doc.fail.splitlines()[0] == "network {"
    assert doc.passes.splitlines()[1] == '  port "http"  { to = 8080 }'


def test_parse_without_examples():
    doc = docs.parse("Summary only.\n\nSome words.\n")
    assert (doc.summary, doc.prose, doc.fail, doc.passes) == ("Summary only.", "Some words.", None, None)


def test_markdown_turns_rst_literals_into_code_and_escapes_table_pipes():
    rule = dataclasses.replace(
        all_rules()[0],
        id="x-y",
        summary="Uses a | pipe.",
        doc="Uses a | pipe.\n\nSee ``mode``.\n",
        severity=Severity.INFO,
    )
    page = docs.markdown([rule])
    assert "| [`x-y`](#x-y) | info | `load` | Uses a \\| pipe. |" in page
    assert "See `mode`." in page


def test_check_mode_reports_a_stale_page(tmp_path, monkeypatch):
    monkeypatch.setattr(docs, "RULES_DOC_PATH", tmp_path / "rules.md")
    assert docs.main(["--check"]) == 1
    assert docs.main([]) == 0
    assert docs.main(["--check"]) == 0


def test_rules_command_aligns_columns():
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(all_rules())
    starts = {tuple(m.start() for m in re.finditer(r"(?<=  )\S", line))[:3] for line in lines}
    assert len(starts) == 1, "severity, scope and summary start in the same column on every line"
    assert any(re.match(r"port-duplicate-label +error +job +Two ports", line) for line in lines)


def test_rule_command_explains_with_examples():
    result = CliRunner().invoke(app, ["rule", "port-duplicate-label"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("port-duplicate-label  error · job\nTwo ports in a group share a label.\n")
    assert 'FAIL:\n    network {\n      port "http" { to = 8080 }' in out
    assert "PASS:\n" in out
    assert out.rstrip().endswith(f"Docs: {docs.RULES_DOC_URL}#port-duplicate-label")


def test_rule_command_unknown_id_is_a_usage_error():
    result = CliRunner().invoke(app, ["rule", "no-such-rule"])
    assert result.exit_code == 2
    assert "no rule with id 'no-such-rule'" in result.stderr


def test_help_links_and_the_hook_snippet_point_where_the_project_says_it_lives():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    root = docs.README_PATH.parent
    urls = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Homepage"] == docs.REPOSITORY_URL
    assert urls["Documentation"] == docs.RULES_DOC_URL
    assert f"  - repo: {urls['Homepage']}\n" in docs.README_PATH.read_text(encoding="utf-8")
