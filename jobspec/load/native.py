"""The layout rules of HCL's native syntax that python-hcl2's grammar does not enforce.

Go's ``hclsyntax`` (hashicorp/hcl/v2, the parser Nomad reads job files with) is
newline-sensitive where python-hcl2's grammar is lenient. This module checks a
tree python-hcl2 accepted against those rules, in hclsyntax's words and at its
positions:

- an argument or a block ends with a newline (parser.go,
  finishParsingBodyAttribute: "Missing newline after argument";
  finishParsingBodyBlock: "Missing newline after block definition");
- a block's ``{`` is on its header's line ("Invalid block definition");
- a block whose first item follows ``{`` on the same line is a single-line block:
  one argument, never a nested block, and the ``}`` on that line
  (parseSingleAttrBody: "Argument definition required"; finishParsingBodyBlock: "Invalid single-argument block
  definition");
- an expression ends at a newline, except inside ``( )``, ``[ ]``, a function
  call, a ``for`` expression or a template interpolation (parser.go, the
  ``PushIncludeNewlines`` calls), so an operator cannot begin or end a line of
  an argument or of an object constructor's element.

Comments count as hclsyntax counts them: ``#`` and ``//`` end with their line, so
they stand for a newline; ``/* */`` is skipped as whitespace even across lines
(peeker.go, nextToken).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jobspec.load.tokens import LineBreak, Problem

_NAME = re.compile(r"[\w-]*")
_BLANK = re.compile(r"[ \t\r]*")
# Where hclsyntax stops reading newlines (parser.go, PushIncludeNewlines(false)):
# parentheses, tuples, index brackets, calls, `for` expressions and template
# interpolations and directives. Objects read them again (parseObjectCons).
_QUIET = frozenset(
    {
        "tuple",
        "function_call",
        "interpolation",
        "for_tuple_expr",
        "for_object_expr",
        "braces_index",
        "template_if_start",
        "template_for_start",
    }
)
_SENSITIVE = frozenset({"attribute", "object"})


def layout_problems(text: str, start: Any) -> list[Problem]:
    """Where the rule tree python-hcl2 built breaks hclsyntax's newline rules."""
    from hcl2.rules.base import AttributeRule, BlockRule

    problems: list[Problem] = []
    _Layout(text, problems, AttributeRule, BlockRule).body(start.body, None, None)
    return problems


class _Layout:
    def __init__(self, text: str, problems: list[Problem], attribute: type[Any], block: type[Any]) -> None:
        self.text = text
        self.problems = problems
        self.attribute = attribute
        self.block_type = block

    def body(self, node: Any, open_brace: int | None, close_brace: int | None) -> None:
        text = self.text
        kinds = (self.attribute, self.block_type)
        items = [child for child in node.children if type(child) in kinds]
        if open_brace is not None and close_brace is not None:
            stop, newline = gap(text, open_brace + 1)
            if items and newline is None and stop < close_brace:
                self.single_line(items, close_brace)
                return
        last = len(items) - 1
        for i, item in enumerate(items):
            end = item._meta.end_pos
            # Between two items there are only spaces and comments: a newline there,
            # outside a /* */ comment, is all that is asked (a `#` comment ends in one).
            after = text[end : items[i + 1]._meta.start_pos] if i < last else ""
            if "\n" in after and "/*" not in after:
                pass
            elif not self.ends_line(end):
                stop, newline = gap(text, end)
                if newline is None and stop < len(text):
                    what = "argument" if isinstance(item, self.attribute) else "block definition"
                    self.add(
                        stop,
                        self.token_end(stop),
                        f"Missing newline after {what}",
                        f"each {what.split()[0]} must end with a newline; put what follows on a line of its own",
                    )
            if isinstance(item, self.block_type):
                self.block(item)

    def ends_line(self, end: int) -> bool:
        """Whether an item's own text ends with its newline: python-hcl2 puts a
        heredoc's closing newline, and the newline after a binary operation, into
        the item."""
        k = min(end, len(self.text))
        if k < end:  # the newline python-hcl2 adds after the text
            return True
        while k > 0 and self.text[k - 1] in " \t\r":
            k -= 1
        return self.text[k - 1 : k] == "\n"

    def block(self, node: Any) -> None:
        open_brace, newline = self.header(node._meta.start_pos)
        close_brace = node._meta.end_pos - 1
        if newline is not None:
            start = node._meta.start_pos
            # python-hcl2 lists the newline before `{` among the labels.
            if sum(type(label).__name__ != "NewLineOrCommentRule" for label in node.labels) == 1:
                # A bare name then a newline is no block yet (ParseBodyItem).
                self.add(
                    start,
                    self.token_end(start),
                    "Argument or block definition required",
                    "a block's `{` must stand on the same line as its type; an argument needs `=`",
                )
            else:
                self.add(
                    newline,
                    None,
                    "Invalid block definition",
                    "a block's `{` must stand on the same line as its type and labels",
                )
            return
        self.body(node.body, open_brace, close_brace)

    def header(self, start: int) -> tuple[int, int | None]:
        """Skip a block's type and labels (the rule tree misplaces a keyword used
        as a type): where its ``{`` is, and the newline before it, if any."""
        text, i = self.text, self.token_end(start)
        while True:
            i, newline = gap(text, i)
            if text[i : i + 1] == '"':
                i += 1
                while i < len(text) and text[i] not in '"\n':
                    i += 2 if text[i] == "\\" else 1
                i += 1
            elif _run_end(_NAME, text, i) > i:
                i = self.token_end(i)
            else:
                return i, newline

    def single_line(self, items: list[Any], close_brace: int) -> None:
        first = items[0]
        # parseSingleAttrBody reads one name and wants `=` after it: a label or `{`
        # there is a nested block, refused even when it is the block's only item.
        if isinstance(first, self.block_type):
            start = first._meta.start_pos
            after, _ = gap(self.text, self.token_end(start))
            self.add(
                start,
                self.token_end(after),
                "Argument definition required",
                "a block opened and filled on one line can hold only one argument, not a block; "
                "put the nested block on a line of its own",
            )
            return
        stop, newline = gap(self.text, first._meta.end_pos)
        if newline is None and self.ends_line(first._meta.end_pos):
            newline = self.text.rfind("\n", 0, first._meta.end_pos)
        if newline is not None:
            self.add(
                newline,
                None,
                "Invalid single-argument block definition",
                "a block with an argument on its `{` line must also close on that line",
            )
        elif stop < close_brace:
            self.add(
                stop,
                self.token_end(stop),
                "Invalid single-argument block definition",
                "a block opened and filled on one line can hold only one argument; "
                "put each argument on a line of its own",
            )

    def token_end(self, offset: int) -> int:
        return max(_run_end(_NAME, self.text, offset), offset + 1)

    def add(self, start: int, end: int | None, summary: str, sentence: str) -> None:
        self.problems.append(problem_at(self.text, start, end, summary, sentence))


def problem_at(text: str, start: int, end: int | None, summary: str, sentence: str) -> Problem:
    """A problem from ``start`` to ``end`` (offsets); ``end`` None: a newline token,
    which hclsyntax reports up to the start of the next line."""
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    if end is None:
        if text[start : start + 1] == "\n":
            return Problem(start, line, column, line + 1, 1, summary, sentence)
        end = start + 1
        while end < len(text) and text[end - 1] != "\n":
            end += 1
    end_line = line + text.count("\n", start, end)
    end_column = end - text.rfind("\n", 0, end) if end_line > line else column + (end - start)
    return Problem(start, line, column, end_line, end_column, summary, sentence)


def _run_end(pattern: re.Pattern[str], text: str, offset: int) -> int:
    """Where a run of ``pattern`` starting at ``offset`` ends. Both patterns here also
    match the empty string, so a match always exists; the fallback is for the types."""
    match = pattern.match(text, offset)
    return match.end() if match else offset


def gap(text: str, offset: int) -> tuple[int, int | None]:
    """Skip whitespace and comments from ``offset``: where the next token starts,
    and where the first newline (or ``#``/``//`` comment, which ends in one) on the
    way is, if any. ``/* */`` is whitespace, even across lines."""
    i = _run_end(_BLANK, text, offset)
    if text[i : i + 1] not in ("\n", "#", "/"):
        return i, None  # the usual case, without a loop in Python
    n = len(text)
    newline: int | None = None
    while i < n:
        ch = text[i]
        if ch in " \t\r":
            i += 1
        elif ch == "\n":
            if newline is None:
                newline = i
            i += 1
        elif ch == "#" or text.startswith("//", i):
            if newline is None:
                newline = i
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            break
    return i, newline


def line_break_problems(text: str, tree: Any, breaks: list[LineBreak]) -> list[Problem]:
    """The newlines beside operators that hclsyntax reads as the end of an
    expression: those whose innermost enclosing construct is an argument or an
    object constructor (not brackets, a call, a ``for`` or an interpolation)."""
    problems = []
    for found in breaks:
        context = _context(tree, found.offset)
        if context not in _SENSITIVE:
            continue
        if found.kind == "before":
            # The argument ended at the newline; the operator starts a new item.
            summary = "Argument or block definition required" if context == "attribute" else "Invalid expression"
            problems.append(
                problem_at(
                    text,
                    found.offset,
                    found.offset + 1,
                    summary,
                    "an expression ends at the end of its line, so a line cannot start with an operator; "
                    "put the operator at the end of the line before, inside parentheses",
                )
            )
        elif found.kind == "after":
            problems.append(
                problem_at(
                    text,
                    found.offset,
                    None,
                    "Invalid expression",
                    "the expression ends at this newline, but the operator before it needs an operand; "
                    "wrap an expression over several lines in parentheses",
                )
            )
        else:
            problems.append(
                problem_at(
                    text,
                    found.offset,
                    None,
                    "Missing false expression in conditional",
                    "the expression ends at this newline, before the conditional's `:`; "
                    "wrap a conditional over several lines in parentheses",
                )
            )
    return problems


def _context(tree: Any, offset: int) -> str | None:
    """The innermost construct around ``offset`` that decides whether hclsyntax reads newlines."""
    context = None
    for node in _path(tree, offset):
        name = node.data
        if name in _QUIET or name in _SENSITIVE:
            context = name
        elif name == "expr_term" and node.children and getattr(node.children[0], "type", None) == "LPAR":
            context = "parentheses"
    return context if context in _SENSITIVE else None


def _path(tree: Any, offset: int) -> Iterator[Any]:
    node = tree
    while True:
        for child in getattr(node, "children", ()):
            meta = getattr(child, "meta", None)
            if meta is None or getattr(meta, "empty", True):
                continue
            if meta.start_pos <= offset < meta.end_pos:
                node = child
                yield node
                break
        else:
            return
