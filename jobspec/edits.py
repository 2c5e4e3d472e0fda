"""Text positions and the edits rules offer as fixes.

A :class:`~jobspec.diagnostics.Span` counts 1-based lines and columns in code points,
the end column exclusive; a line ends at ``\\n`` (a ``\\r`` before it belongs to the
line, as hclsyntax's scanner reads CRLF). These helpers turn spans into offsets of
the decoded text (UTF-8 byte order mark removed, as the loader removes it) and build
the edits that are safe to make on that text: a rule offers a fix only when the text
at its span is exactly what the fix expects, so a value that came from a variable, a
template or a ``dynamic`` block is never rewritten.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from jobspec.diagnostics import Edit, Span


@lru_cache(maxsize=8)
def line_starts(text: str) -> tuple[int, ...]:
    """The offset at which each line of ``text`` starts (line 1 at index 0)."""
    return (0, *(m.end() for m in re.finditer("\n", text)))


def offset(text: str, line: int, column: int) -> int | None:
    """The offset of (line, column) in ``text``; None when it lies outside the text.

    Column ``len(line) + 1`` is the end of the line (before its newline); line
    ``lines + 1``, column 1, is the end of a text that ends with a newline."""
    starts = line_starts(text)
    if line < 1 or column < 1 or line > len(starts):
        return None
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)
    at = start + column - 1
    return at if at <= end else None


def offsets(text: str, span: Span) -> tuple[int, int] | None:
    """``span`` as a ``(start, end)`` slice of ``text``; None when it does not fit in it."""
    start = offset(text, span.line, span.column)
    end = offset(text, span.end_line, span.end_column)
    if start is None or end is None or end < start:
        return None
    return start, end


def position(text: str, at: int) -> tuple[int, int]:
    """(line, column) of offset ``at``."""
    starts = line_starts(text)
    row = bisect_right(starts, at) - 1
    return row + 1, at - starts[row] + 1


def source_at(text: str, span: Span) -> str | None:
    """The text ``span`` covers; None when it does not fit in ``text``."""
    found = offsets(text, span)
    return None if found is None else text[found[0] : found[1]]


def replace_literal(text: str, span: Span, value: str, new: str) -> Edit | None:
    """Replace the quoted string literal ``"value"`` at ``span`` by ``"new"``; None when
    the source there is anything else (an expression, a template, an escape), or when
    either string would need escaping."""
    if not _plain(value) or not _plain(new) or source_at(text, span) != f'"{value}"':
        return None
    return Edit(span, f'"{new}"')


def _plain(value: str) -> bool:
    # Nothing HCL or JSON would read differently inside quotes: no escapes, no templates.
    return not any(c in value for c in '"\\\n\r\t') and "${" not in value and "%{" not in value


_ATTRIBUTE = r"[ \t]*{name}[ \t]*=[ \t]*"
_LINE_END = re.compile(r"[ \t]*(?:(?:#|//).*)?\r?$")


def delete_attribute(text: str, name: str, value: Span) -> Edit | None:
    """Delete the whole line(s) of attribute ``name`` whose value is at ``value``,
    newline included: only when the attribute stands alone on them (so never in a
    single-line block or a JSON file, where the line holds more than the attribute)."""
    starts = line_starts(text)
    found = offsets(text, value)
    if found is None:
        return None
    line_start = starts[value.line - 1]
    head = text[line_start : found[0]]
    if re.fullmatch(_ATTRIBUTE.format(name=re.escape(name)), head) is None:
        return None
    followed = value.end_line < len(starts)
    tail_end = starts[value.end_line] - 1 if followed else len(text)
    if _LINE_END.fullmatch(text[found[1] : tail_end]) is None:
        return None
    # The line after the attribute's last one, column 1: its newline goes too.
    if followed:
        end = Span(value.file, value.line, 1, value.end_line + 1, 1)
    else:
        end = Span(value.file, value.line, 1, value.end_line, tail_end - starts[value.end_line - 1] + 1)
    return Edit(end, "")
