"""One line per diagnostic, ``file:line:col: severity[rule]: message``.

The shape gcc and most editors' problem matchers read; nothing else is printed, so
the output can be piped into tools (``--summary`` puts totals on stderr)."""

from __future__ import annotations

from jobspec.report.model import Report
from jobspec.visible import visible


def _one_line(text: str) -> str:
    return visible(" ".join(text.split()))


def render(report: Report) -> str:
    return "".join(
        f"{visible(d.span.file)}:{d.span.line}:{d.span.column}: {d.severity.value}[{d.rule}]: {_one_line(d.message)}\n"
        for d in report.diagnostics
    )
