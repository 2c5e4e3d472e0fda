"""Totals of a run, in words: the text format's last lines and ``--summary`` on stderr.

Like kubeconform's ``-summary``, it separates "checked and fine" from "not checked":
every distinct reason a check was skipped is listed with how often it happened.
"""

from __future__ import annotations

from jobspec.diagnostics import Severity
from jobspec.report.model import Report
from jobspec.visible import visible


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def headline(report: Report) -> str:
    """``3 files checked: 1 error, 0 warnings; 2 checks skipped``."""
    files = _plural(report.files, "file")
    if report.diagnostics:
        parts = [_plural(report.count(Severity.ERROR), "error"), _plural(report.count(Severity.WARNING), "warning")]
        infos = report.count(Severity.INFO)
        if infos:
            parts.append(_plural(infos, "info"))
        line = f"{files} checked: {', '.join(parts)}"
    else:
        line = f"{files} checked, no problems found"
    if report.skipped:
        line += f"; {_plural(len(report.skipped), 'check')} skipped"
    return line


def skipped_lines(report: Report) -> list[str]:
    """One line per distinct reason, most frequent first: ``  skipped (2): why``."""
    return [f"  skipped ({count}): {visible(reason)}" for reason, count in report.skipped_reasons()]


def lines(report: Report) -> list[str]:
    """The kubeconform-like summary for standard error."""
    return [f"Summary: {headline(report)}", *skipped_lines(report)]
