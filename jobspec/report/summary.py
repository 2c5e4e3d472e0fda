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
    if report.fixed is not None:
        line += f"; {report.fixed} {'would be fixed (--diff: nothing written)' if report.fix_preview else 'fixed'}"
        unsafe = report.fix_counts()[1]
        if unsafe:
            line += f", {unsafe} more fixable with --unsafe-fixes"
    if report.skipped:
        line += f"; {_plural(len(report.skipped), 'check')} skipped"
    return line


def fixable_line(report: Report) -> str | None:
    """After a run without ``--fix``, ruff's way: ``[*] 2 fixable with --fix (1 more with
    --unsafe-fixes)``; None when no finding has a fix, or the run fixed already."""
    fixable, unsafe = report.fix_counts()
    if report.fixed is not None or not (fixable or unsafe):
        return None
    if not fixable:
        return f"[*] {unsafe} fixable with --fix --unsafe-fixes"
    flag = "--fix --unsafe-fixes" if report.unsafe_fixes else "--fix"
    more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
    return f"[*] {fixable} fixable with {flag}{more}"


def skipped_lines(report: Report) -> list[str]:
    """One line per distinct reason, most frequent first: ``  skipped (2): why``."""
    return [f"  skipped ({count}): {visible(reason)}" for reason, count in report.skipped_reasons()]


def lines(report: Report) -> list[str]:
    """The kubeconform-like summary for standard error."""
    fixable = fixable_line(report)
    return [f"Summary: {headline(report)}", *([fixable] if fixable else []), *skipped_lines(report)]
