"""A small, positioned HCL syntax tree, independent of python-hcl2's classes.

python-hcl2's rule tree is the AST we evaluate, but its layout is private API.
Everything above the loader sees only these frozen dataclasses; the raw rule
node rides along in ``Expr.node`` for the evaluator alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Span

# A backslash escape in an HCL string literal; group 1 is what follows the backslash.
ESCAPE = r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)"
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unescape(raw: str) -> str:
    """The text of an HCL string literal with its backslash escapes decoded."""
    if "\\" not in raw:
        return raw
    return re.sub(ESCAPE, escaped, raw)


def escaped(match: re.Match[str]) -> str:
    """The character an ``ESCAPE`` match stands for; an escape HCL does not know stays as written."""
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        try:
            return chr(int(code[1:], 16))
        except (ValueError, OverflowError):
            return match.group(0)
    return _ESCAPES.get(code, match.group(0))


@dataclass(frozen=True)
class Expr:
    span: Span
    source: str
    node: Any = field(compare=False, repr=False)


@dataclass(frozen=True)
class Attribute:
    name: str
    name_span: Span
    expr: Expr
    span: Span


@dataclass(frozen=True)
class Block:
    type: str
    type_span: Span
    labels: tuple[str, ...]
    label_spans: tuple[Span, ...]
    body: Body
    span: Span

    @property
    def header_span(self) -> Span:
        """The block's type and labels: where a rustc-style caret should point."""
        end = self.label_spans[-1] if self.label_spans else self.type_span
        return Span(self.span.file, self.type_span.line, self.type_span.column, end.end_line, end.end_column)

    @property
    def label(self) -> str | None:
        return self.labels[0] if self.labels else None

    @property
    def label_span(self) -> Span:
        return self.label_spans[0] if self.label_spans else self.type_span


@dataclass(frozen=True)
class Body:
    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]
    span: Span

    def attribute(self, name: str) -> Attribute | None:
        """The effective attribute: HCL rejects redefinition, and we report it
        separately, so the first definition is the one we reason about."""
        for attr in self.attributes:
            if attr.name == name:
                return attr
        return None

    def blocks_of(self, type_: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.type == type_)

    def walk(self) -> Iterator[Block]:
        for block in self.blocks:
            yield block
            yield from block.body.walk()


@dataclass(frozen=True)
class Document:
    """One parsed file. ``text`` is kept for carets and for expression source."""

    path: str
    text: str
    body: Body
