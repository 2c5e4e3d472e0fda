"""One line per diagnostic, ``file:line:col: severity[rule]: message``.

The shape gcc and most editors' problem matchers read; nothing else is printed, so
the output can be piped into tools (``--summary`` puts totals on stderr)."""

from __future__ import annotations

from jobspec.report.model import Report
from jobspec.visible import visible


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def render(report: Report) -> str:
    # "[*] " marks a finding --fix fixes, where ruff's concise output puts it: before the message.
    return "".join(
        f"{visible(d.span.file)}:{d.span.line}:{d.span.column}: {d.severity.value}[{d.rule}]: "
        f"{'[*] ' if report.fixable(d) else ''}{_one_line(d.message)}\n"
        for d in report.diagnostics
    )
