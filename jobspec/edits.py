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
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from jobspec.diagnostics import Applicability, Edit, Fix, Span

if TYPE_CHECKING:
    from jobspec.load.syntax import Block, Document


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


def source_at(text: str, span: Span) -> str | None:
    """The text ``span`` covers; None when it does not fit in ``text``."""
    found = offsets(text, span)
    return None if found is None else text[found[0] : found[1]]


class Source(Protocol):
    """The file a rule reads: a loaded document (``jobspec.load.syntax.Document``)."""

    @property
    def path(self) -> str: ...

    @property
    def text(self) -> str: ...


def _text_of(source: Source, span: Span) -> str | None:
    # A value may come from elsewhere (a var file): only the job file's own text is edited.
    return source.text if span.file == source.path else None


def replace_literal(source: Source, span: Span, value: str, new: str) -> Edit | None:
    """Replace the quoted string literal ``"value"`` at ``span`` by ``"new"``; None when
    the source there is anything else (an expression, a template, an escape), or when
    either string would need escaping."""
    text = _text_of(source, span)
    if text is None or not _plain(value) or not _plain(new) or source_at(text, span) != f'"{value}"':
        return None
    return Edit(span, f'"{new}"')


def _plain(value: str) -> bool:
    # Nothing HCL or JSON would read differently inside quotes: no escapes, no templates.
    return not any(c in value for c in '"\\\n\r\t') and "${" not in value and "%{" not in value


_LINE_END = re.compile(r"[ \t]*(?:(?:#|//).*)?\r?")


def delete_attribute(source: Source, name: str, value: Span) -> Edit | None:
    """Delete the whole line(s) of attribute ``name`` whose value is at ``value``,
    newline included: only when the attribute stands alone on them (so never in a
    single-line block or a JSON file, where the line holds more than the attribute)."""
    return _delete_lines(source, value, rf"[ \t]*{re.escape(name)}[ \t]*=[ \t]*")


def delete_block(source: Source, block: Block) -> Edit | None:
    """Delete a block's lines, newline included, when it stands alone on them and is
    written as that block (not made by a ``dynamic`` block's ``content``)."""
    text = _text_of(source, block.span)
    if text is None or source_at(text, block.type_span) != block.type:
        return None
    return _delete_lines(source, block.span, r"[ \t]*")


def block_at(source: Document, type_: str, label_span: Span) -> Block | None:
    """The ``type_`` block whose first label is at ``label_span`` (how the model keeps a port's place)."""
    for block in source.body.walk():
        if block.type == type_ and block.label_spans and block.label_spans[0] == label_span:
            return block
    return None


def _delete_lines(source: Source, span: Span, head: str) -> Edit | None:
    text = _text_of(source, span)
    found = None if text is None else offsets(text, span)
    if text is None or found is None:
        return None
    starts = line_starts(text)
    if re.fullmatch(head, text[starts[span.line - 1] : found[0]]) is None:
        return None
    followed = span.end_line < len(starts)
    tail_end = starts[span.end_line] - 1 if followed else len(text)
    if _LINE_END.fullmatch(text[found[1] : tail_end]) is None:
        return None
    # Up to the start of the next line: the newline goes too.
    if followed:
        return Edit(Span(span.file, span.line, 1, span.end_line + 1, 1), "")
    return Edit(Span(span.file, span.line, 1, span.end_line, tail_end - starts[span.end_line - 1] + 1), "")


def fix(title: str, applicability: Applicability, *edits: Edit | None) -> Fix | None:
    """A fix of ``edits``, or None when one of them could not be made (all or nothing)."""
    made = tuple(e for e in edits if e is not None)
    if not made or len(made) != len(edits):
        return None
    return Fix(title, applicability, made)


def rename(source: Source, span: Span, value: str, known: Iterable[str]) -> Fix | None:
    """An unsafe did-you-mean fix: the closest of ``known`` names (as the hints choose
    it, ``jobspec.placement.names.did_you_mean``) written over the literal ``value``.
    Unsafe, as a guess may change what the job means."""
    # The catalog boundary (docs/DESIGN.md): placement loads only when a name needs a guess.
    from jobspec.placement.names import did_you_mean

    guess = did_you_mean(value, known)
    if guess is None:
        return None
    return fix(f'rename to "{guess}"', Applicability.UNSAFE, replace_literal(source, span, value, guess))
