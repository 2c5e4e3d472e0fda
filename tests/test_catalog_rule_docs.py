"""Each conflist and agent rule's own FAIL example fails it, and its PASS example passes."""

import json
import re
import textwrap

import pytest

from jobspec.catalog import load_catalog
from jobspec.rules import all_rules
from tests.catalog_helpers import lint_files

# These rules' examples describe several files (names in comments), not one text.
MULTI_FILE = {"cni-duplicate-name", "cni-wrong-kind"}


def _examples(doc: str) -> dict[str, str]:
    parts = re.split(r"^(FAIL|PASS):\s*$", doc, flags=re.MULTILINE)
    return {parts[i]: textwrap.dedent(parts[i + 1]).strip() for i in range(1, len(parts) - 1, 2)}


CONFLIST_RULES = [r for r in all_rules() if r.scope == "conflist" and r.id not in MULTI_FILE]
AGENT_RULES = [r for r in all_rules() if r.scope == "catalog-source"]


@pytest.mark.parametrize("rule", CONFLIST_RULES, ids=lambda r: r.id)
def test_conflist_rule_examples(rule):
    examples = _examples(rule.doc)
    assert set(examples) == {"FAIL", "PASS"}
    fail = [d.rule for d in lint_files({"10-net.conflist": examples["FAIL"]})]
    passed = [d.rule for d in lint_files({"10-net.conflist": examples["PASS"]})]
    assert rule.id in fail
    assert rule.id not in passed
    if rule.id != "cni-json-syntax":
        json.loads(examples["PASS"])


@pytest.mark.parametrize("rule", AGENT_RULES, ids=lambda r: r.id)
def test_agent_rule_examples(rule, tmp_path):
    examples = _examples(rule.doc)
    for verdict, expected in (("FAIL", True), ("PASS", False)):
        folder = tmp_path / verdict
        folder.mkdir()
        (folder / "client.hcl").write_text(examples[verdict] + "\n")
        _, diagnostics = load_catalog([str(folder)])
        assert (rule.id in [d.rule for d in diagnostics]) is expected
