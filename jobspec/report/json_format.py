"""The versioned JSON report (``schemas/report.schema.json``). Field names are a contract."""

from __future__ import annotations

import json
from typing import Any

from jobspec.diagnostics import Diagnostic, Fix, Severity
from jobspec.report.model import REPORT_VERSION, Report
from jobspec.visible import json_safe


def render(report: Report) -> str:
    document: dict[str, Any] = {
        "version": REPORT_VERSION,
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "skipped": sorted(set(report.skipped)),
        },
    }
    if report.fixed is not None:
        document["summary"]["fixed"] = report.fixed
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": d.rule,
        "severity": d.severity.value,
        "message": d.message,
        "file": d.span.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "job": d.job,
        "group": d.group,
        "hint": d.hint,
    }
    if d.fix is not None:
        # Added only where there is a fix, so a report without fixes reads as before.
        entry["fix"] = _fix(d.fix)
    return entry


def _fix(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "applicability": fix.applicability.value,
        "edits": [
            {
                "file": e.span.file,
                "line": e.span.line,
                "column": e.span.column,
                "end_line": e.span.end_line,
                "end_column": e.span.end_column,
                "text": e.text,
            }
            for e in fix.edits
        ],
    }
