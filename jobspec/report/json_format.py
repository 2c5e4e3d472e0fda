"""The versioned JSON report (``schemas/report.schema.json``). Field names are a contract."""

from __future__ import annotations

import json

from jobspec.diagnostics import Severity
from jobspec.report.model import REPORT_VERSION, Report
from jobspec.visible import json_safe


def render(report: Report) -> str:
    document = {
        "version": REPORT_VERSION,
        "diagnostics": [
            {
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
            for d in report.diagnostics
        ],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "skipped": sorted(set(report.skipped)),
        },
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
