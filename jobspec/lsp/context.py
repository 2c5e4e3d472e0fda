"""What the cursor is on, read from the text alone: hover and completion must work
on a document that does not parse, as one being typed seldom does.

Brackets are matched by the scanner the parser's own error messages use
(:func:`jobspec.load.hcl._brackets`: strings, comments and heredocs skipped), so the
enclosing blocks of a position are the ``{`` left open before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobspec.load.hcl import _brackets

_ASSIGNED = re.compile(r"([A-Za-z_][\w-]*)\s*=\s*$")
_BLOCK_TYPE = re.compile(r"^\s*([A-Za-z_][\w-]*)")
_PORT_LABEL = re.compile(r'^[ \t]*port[ \t]+"([^"\\\n]+)"', re.MULTILINE)


@dataclass(frozen=True)
class StringAt:
    """A quoted string the cursor is in, and what it is the value of."""

    attribute: str | None
    """The attribute the string is assigned to (directly, or as a list element)."""
    value: str
    """Its text between the quotes (to the line's end when the closing quote is missing)."""
    line: int
    column: int
    """1-based code-point column of the first character after the opening quote."""
    end_column: int
    """Column of the closing quote (or the line's end): exclusive end of ``value``."""
    blocks: tuple[str, ...]
    """Types of the blocks around it, outermost first (``job``, ``group``, ``network``, ...)."""
    in_list: bool
    group_start: int | None
    """Offset of the enclosing ``group`` block's ``{``, if any."""


def string_at(text: str, line: int, column: int) -> StringAt | None:
    """The string literal holding the cursor at (``line``, ``column``), both 1-based; a
    cursor just after the opening quote or just before the closing one is inside."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    body = lines[line - 1]
    cursor = column - 1
    for start, end in _strings(body):
        if start <= cursor <= end:
            offset = sum(len(x) + 1 for x in lines[: line - 1]) + start - 1
            return _describe(text, offset, body[: start - 1], body[start:end], line, start + 1, end + 1)
    return None


def _strings(body: str) -> list[tuple[int, int]]:
    """(start, end) character indexes of each string's content on one line; a comment
    ends the scan, an unclosed string runs to the line's end."""
    found: list[tuple[int, int]] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c == "#" or body.startswith("//", i):
            break
        if c != '"':
            i += 1
            continue
        j = i + 1
        while j < n and body[j] != '"':
            j += 2 if body[j] == "\\" else 1
        end = min(j, len(body.rstrip("\r")))
        found.append((i + 1, end))
        i = j + 1
    return found


def _describe(text: str, offset: int, before: str, value: str, line: int, column: int, end: int) -> StringAt:
    openers = _open_brackets(text, offset)
    in_list = bool(openers) and text[openers[-1]] == "["
    # A list element is the value of the attribute before the list's `[`.
    match = _ASSIGNED.search(text[: openers[-1]] if in_list else before)
    blocks = []
    group_start = None
    for at in openers:
        if text[at] != "{":
            continue
        head = text[text.rfind("\n", 0, at) + 1 : at]
        kind = _BLOCK_TYPE.match(head)
        blocks.append(kind.group(1) if kind else "")
        if kind and kind.group(1) == "group":
            group_start = at
    return StringAt(
        attribute=match.group(1) if match else None,
        value=value,
        line=line,
        column=column,
        end_column=end,
        blocks=tuple(blocks),
        in_list=in_list,
        group_start=group_start,
    )


def _open_brackets(text: str, offset: int) -> list[int]:
    """Offsets of the brackets still open at ``offset``, outermost first."""
    stack: list[int] = []
    for at, _, _, ch in _brackets(text[:offset]):
        if ch in "{[(":
            stack.append(at)
        elif stack:
            stack.pop()
    return stack


def port_labels(text: str, group_start: int) -> list[str]:
    """The labels of the ``port`` blocks in the group whose ``{`` is at ``group_start``,
    in the order written."""
    depth, end = 0, len(text)
    for at, _, _, ch in _brackets(text[group_start:]):
        depth += 1 if ch in "{[(" else -1
        if depth == 0:
            end = group_start + at
            break
    return list(dict.fromkeys(_PORT_LABEL.findall(text, group_start, end)))
