"""A rule's summary line is Markdown wherever Markdown is written (issue 11 point 14):
docs/rules.md (table and sections), the README's rule table and SARIF's ``help.markdown``
show `literal`, never reStructuredText's double backticks."""

from __future__ import annotations

import json
import re

from jobspec import docs
from jobspec.rules import all_rules
from tests.cli_helpers import jobspec, write

# Double backticks that are not part of a code fence.
_RST_LITERAL = re.compile(r"(?<!`)``(?!`)")


def _outside_fences(markdown: str) -> str:
    return re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)


def test_rules_page_has_no_rst_literals():
    page = docs.markdown(all_rules())
    assert not _RST_LITERAL.findall(_outside_fences(page))
    # The summaries that hold a literal keep it, as Markdown.
    assert "A port sets `ignore_collision` outside host networking." in page


def test_sarif_rule_markdown_has_no_rst_literals(tmp_path):
    write(tmp_path, "job.nomad", 'job "a" {\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n')
    run = jobspec("validate", "job.nomad", "-f", "sarif", "--no-cache", cwd=tmp_path)
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    for rule in rules:
        for field in ("shortDescription", "fullDescription", "help"):
            assert not _RST_LITERAL.findall(_outside_fences(rule[field]["markdown"])), (rule["id"], field)
