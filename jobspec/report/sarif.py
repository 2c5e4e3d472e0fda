"""SARIF 2.1.0, the subset GitHub code scanning reads (upload it with
``github/codeql-action/upload-sarif``).

- ``tool.driver.rules`` lists every registered rule, in registry order, with its
  docstring as descriptions and help and a ``helpUri`` into docs/rules.md; a result
  points at its rule by the stable ``ruleId`` and by ``ruleIndex``.
- A file under the current directory is named by a relative URI with
  ``uriBaseId: "%SRCROOT%"`` (GitHub resolves it against the checkout); any other
  file by an absolute ``file://`` URI. ``originalUriBaseIds`` is left out so the
  output does not depend on the machine.
- Regions carry start and end line and column; columns count Unicode code points
  and the end column is exclusive, as jobspec's spans do.
- A finding with a fix carries it in ``fixes`` (§3.55): ``artifactChanges`` whose
  ``replacements`` replace a ``deletedRegion`` (empty for an insertion) by
  ``insertedContent``; ``properties.applicability`` says ``safe`` or ``unsafe``.
- Every distinct reason a check was skipped becomes a ``note`` in the invocation's
  ``toolExecutionNotifications``, with how often it happened.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jobspec import __version__
from jobspec.diagnostics import Diagnostic, Edit, Fix, Severity, Span
from jobspec.docs import REPOSITORY_URL, _markdown_prose, help_uri, parse, plain_text, rule_markdown
from jobspec.report.location import relative_to_cwd
from jobspec.report.model import Report
from jobspec.rules import Rule, all_rules
from jobspec.visible import json_safe

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _name(rule_id: str) -> str:
    """``port-duplicate-label`` → ``PortDuplicateLabel``: SARIF's readable rule name."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id) if part)


def _rule(rule: Rule) -> dict[str, Any]:
    # The docstrings' ``literal`` is rendered for each field's medium: bare in
    # ``text`` (shown as plain text), `literal` in ``markdown``.
    doc = parse(rule.doc)
    full = " ".join(doc.prose.split()) or doc.summary
    return {
        "id": rule.id,
        "name": _name(rule.id),
        "shortDescription": {"text": plain_text(doc.summary), "markdown": _markdown_prose(doc.summary)},
        "fullDescription": {"text": plain_text(full), "markdown": _markdown_prose(full)},
        "helpUri": help_uri(rule.id),
        "help": {"text": plain_text(textwrap.dedent(rule.doc).strip()), "markdown": rule_markdown(rule, heading="#")},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["nomad", rule.scope]},
    }


def artifact_location(file: str) -> dict[str, str]:
    relative = relative_to_cwd(file)
    if relative is not None:
        return {"uri": quote(relative), "uriBaseId": SRCROOT}
    return {"uri": Path(file).absolute().as_uri()}


def _region(s: Span) -> dict[str, int]:
    end_line = max(s.end_line, s.line)
    end_column = s.end_column if end_line > s.line else max(s.end_column, s.column)
    return {"startLine": s.line, "startColumn": s.column, "endLine": end_line, "endColumn": end_column}


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    text = d.message if not d.hint else f"{d.message}\nhint: {d.hint}"
    result: dict[str, Any] = {"ruleId": d.rule}
    if d.rule in index:
        result["ruleIndex"] = index[d.rule]
    result.update(
        {
            "level": LEVEL[d.severity],
            "message": {"text": text},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(d.span.file), "region": _region(d.span)}}
            ],
        }
    )
    if d.fix is not None:
        result["fixes"] = [_fix(d.fix)]
    return result


def _fix(fix: Fix) -> dict[str, Any]:
    """SARIF's fix (§3.55): one artifactChange per file, in the order its edits come,
    each edit a replacement of ``deletedRegion`` by ``insertedContent``."""
    files: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        files.setdefault(edit.span.file, []).append(edit)
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(file),
                "replacements": [
                    {"deletedRegion": _region(e.span), "insertedContent": {"text": e.text}} for e in edits
                ],
            }
            for file, edits in files.items()
        ],
        "properties": {"applicability": fix.applicability.value},
    }


def document(report: Report) -> dict[str, Any]:
    rules = all_rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    notes = [
        {"level": "note", "message": {"text": f"skipped {count}×: {reason}"}, "properties": {"count": count}}
        for reason, count in report.skipped_reasons()
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jobspec",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": REPOSITORY_URL,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for d in report.diagnostics],
            }
        ],
    }


def render(report: Report) -> str:
    return json_safe(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"
