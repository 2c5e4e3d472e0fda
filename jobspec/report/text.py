"""actionlint/rustc-style text: location, message and rule, the source line with
a caret span under the spot, then a hint; the summary at the end, with every
distinct reason a check was skipped."""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.report import summary
from jobspec.report.model import Report
from jobspec.visible import visible

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}


def render(report: Report, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=10_000, highlight=False, soft_wrap=True
    )
    # An empty text (an empty file, or a folder) has no line worth showing.
    lines_of = {name: text.split("\n") for name, text in report.sources.items() if text}
    for d in report.diagnostics:
        console.print(_headline(d, report.fixable(d)))
        source = lines_of.get(d.span.file)
        if source and 1 <= d.span.line <= len(source):
            console.print(_snippet(d, source[d.span.line - 1]))
        if d.hint:
            console.print(Text.assemble(("  = hint: ", "bold"), visible(d.hint)))
        if d.fix is not None:
            console.print(Text.assemble(("  = fix: ", "bold"), visible(d.fix.title), _unsafe(d, report)))
    style = "bold" if report.diagnostics else "bold green"
    console.print(Text(summary.headline(report), style=style))
    fixable = summary.fixable_line(report)
    if fixable:
        console.print(Text(fixable))
    for line in summary.skipped_lines(report):
        console.print(Text(line, style="dim"))
    return buffer.getvalue()


def _headline(d: Diagnostic, fixable: bool) -> Text:
    s = d.span
    # ruff's mark for a finding --fix fixes, before the message as ruff puts it.
    mark = (("[*] ", "bold"),) if fixable else ()
    return Text.assemble(
        (f"{visible(s.file)}:{s.line}:{s.column}: ", "bold"),
        (f"{d.severity.value}: ", _STYLE[d.severity]),
        *mark,
        visible(d.message),
        (f" [{d.rule}]", "dim"),
    )


def _unsafe(d: Diagnostic, report: Report) -> str:
    if report.fixable(d):
        return ""
    return " (unsafe: --fix --unsafe-fixes applies it)"


# A longer source line (minified node JSON is one line) is shown as a window around the spot.
_WINDOW, _LEAD = 120, 40


def _snippet(d: Diagnostic, line: str) -> Text:
    s = d.span
    line = line.rstrip("\r").replace("\t", " ")
    gutter = f"{s.line:>4} | "
    start = max(s.column - 1, 0)
    end = s.end_column - 1 if s.end_line == s.line else len(line)
    if len(line) > _WINDOW:
        cut = max(0, min(start - _LEAD, len(line) - _WINDOW))
        head, tail = ("…" if cut else ""), ("…" if cut + _WINDOW < len(line) else "")
        line = head + line[cut : cut + _WINDOW] + tail
        start, end = start - cut + len(head), min(end - cut, _WINDOW) + len(head)
    # The caret goes under the spot as the terminal draws it: a CJK character or
    # an emoji takes two cells, an escaped control character several. (Columns
    # in the machine-readable formats stay code points.)
    before = cell_len(visible(line[:start])) + max(0, start - len(line))
    width = max(1, cell_len(visible(line[start:end])))
    text = Text.assemble((gutter, "dim"), visible(line), "\n", (" " * (len(gutter) - 2) + "| ", "dim"))
    text.append(" " * before + "^" + "~" * (width - 1), style=_STYLE[d.severity])
    return text
