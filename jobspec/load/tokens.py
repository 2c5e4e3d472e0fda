"""Checks on python-hcl2's token stream for what Go's ``hclsyntax`` refuses.

python-hcl2's grammar reads some text that Nomad's parser rejects: a quoted
string may run over a newline, any backslash escape passes, and an operator may
stand at the end or the start of a line; and it refuses newlines inside brackets
where hclsyntax ignores them. The lexer hands every token to a post-lexer before
the parser sees it; :class:`HclTokens` takes the place of python-hcl2's. It drops
the newlines hclsyntax does not read, and notes in ``problems`` the quoted-string
faults and in ``line_breaks`` the newlines beside an operator where hclsyntax
reads newlines as the end of an expression.

Everything here must stay picklable: the post-lexer is part of the parser that
jobspec.load.grammar keeps as a pickle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hcl2.postlexer import OPERATOR_TYPES
from lark import Token


@dataclass(frozen=True)
class Problem:
    """An ``hclsyntax`` diagnostic: its summary, jobspec's own sentence, and where
    (1-based line and column, ``end_column`` exclusive), plus the offset for ordering."""

    offset: int
    line: int
    column: int
    end_line: int
    end_column: int
    summary: str
    sentence: str
    hint: str | None = None


@dataclass(frozen=True)
class LineBreak:
    """A newline (or line comment) just before or after an operator.

    ``kind`` is ``"before"`` (the newline starts a line with an operator: python-hcl2
    merged it into the operator's token), ``"after"`` (a line ends with an
    operator) or ``"colon"`` (a newline before a conditional's ``:``)."""

    kind: str
    offset: int
    line: int
    column: int


# hclsyntax's string-literal scanner (scan_string_lit.go, scanStringLit) takes a
# backslash with `u` and up to 4, or `U` and up to 8, hex digits, else one character.
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{0,4}|U[0-9A-Fa-f]{0,8}|[\s\S])?")
_SIMPLE_ESCAPES = frozenset('nrt"\\')
# Tokens after which a newline ends nothing in hclsyntax but leaves an operand missing.
_OPERAND_WANTED = OPERATOR_TYPES | {"MINUS", "COLON"}


class HclTokens:
    """The post-lexer: python-hcl2's (a newline before a binary operator joins the
    operator's token, so the grammar can continue the expression), reading newlines
    as hclsyntax does and noting the ``hclsyntax`` faults python-hcl2's grammar lets
    through. One loop, not a chain of generators: it sees every token of every file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.line_breaks: list[LineBreak] = []
        # Where the last heredoc token ends: python-hcl2 parses the text with a
        # newline added, which can close a heredoc that the file leaves open.
        self.heredoc_end = -1

    @property
    def always_accept(self) -> tuple[str, ...]:
        # A newline may stand anywhere inside brackets; lark's contextual lexer must
        # read it as one even where the grammar has no place for it, so that it can
        # be dropped here.
        return ("NL_OR_COMMENT",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        # One post-lexer serves every parse; each parse starts afresh.
        problems: list[Problem] = []
        breaks: list[LineBreak] = []
        self.problems, self.line_breaks = problems, breaks
        self.heredoc_end = -1
        # Per open bracket: whether hclsyntax ignores newlines inside it
        # (parser.go, PushIncludeNewlines). A `{` is an object or a block body,
        # where newlines count, unless `for` follows it (parseObjectCons).
        quiet: list[bool] = []
        after_brace = False
        previous = ""
        pending: Token | None = None
        for token in stream:
            kind = token.type
            if kind == "NL_OR_COMMENT":
                if quiet and quiet[-1]:
                    continue
                if previous in _OPERAND_WANTED:
                    breaks.append(LineBreak("after", *_position(token)))
                if pending is not None:
                    yield pending
                pending = token
                previous = kind
                continue
            if after_brace:
                after_brace = False
                if kind == "FOR":
                    quiet[-1] = True
            if kind == "LBRACE":
                quiet.append(False)
                after_brace = True
            elif kind in _QUIET_OPENERS:
                quiet.append(True)
            elif kind in _CLOSERS and quiet:
                quiet.pop()
            if pending is not None:
                if kind in OPERATOR_TYPES:
                    breaks.append(LineBreak("before", *_position(token)))
                    token = token.update(value=str(pending) + str(token))
                else:
                    if kind == "COLON":
                        breaks.append(LineBreak("colon", *_position(pending)))
                    yield pending
                pending = None
            if kind == "STRING_CHARS":
                value = str(token)
                if "\n" in value or "\\" in value:
                    _check_quoted(token, value, problems)
            elif kind in ("HEREDOC_TEMPLATE", "HEREDOC_TEMPLATE_TRIM"):
                self.heredoc_end = _end(token)
                value = str(token)
                if "${" in value or "%{" in value:
                    _check_heredoc(token, value, problems)
            previous = kind
            yield token
        if pending is not None:
            yield pending


# Openers after which hclsyntax stops reading newlines (parser.go, PushIncludeNewlines(false)):
# parentheses and calls, tuples and index brackets, template interpolations and directives.
_QUIET_OPENERS = frozenset({"LPAR", "LSQB", "INTERP_START", "DIRECTIVE_START"})
_CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})


def _check_quoted(token: Token, value: str, problems: list[Problem]) -> None:
    """A quoted string's literal text: no newline, and only the escapes HCL knows
    (hclsyntax parser.go, ParseStringLiteralToken / "Invalid multi-line string")."""
    newline = value.find("\n")
    if newline >= 0:
        line, column = _where(token, value, newline)
        problems.append(
            Problem(
                _position(token)[0] + newline,
                line,
                column,
                line + 1,
                1,
                "Invalid multi-line string",
                "a quoted string must end on the line where it starts",
                'close the string with `"`, write \\n for a newline, or use a heredoc (<<EOT ... EOT)',
            )
        )
        value = value[:newline]  # past the newline, this is no longer the string's text
    for match in _ESCAPE.finditer(value):
        reason = _bad_escape(match.group(0))
        if reason:
            line, column = _where(token, value, match.start())
            problems.append(
                Problem(
                    _position(token)[0] + match.start(),
                    line,
                    column,
                    line,
                    column + len(match.group(0)),
                    "Invalid escape sequence",
                    reason,
                    'HCL knows \\n \\r \\t \\" \\\\ \\uNNNN and \\UNNNNNNNN; write \\\\ for a backslash',
                )
            )
            return


_TEMPLATE_START = re.compile(r"\$\$\{|%%\{|\$\{|%\{")
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def _check_heredoc(token: Token, value: str, problems: list[Problem]) -> None:
    """The brackets and quoted strings of a heredoc's interpolations and directives.

    python-hcl2 reads a heredoc as one opaque token, while hclsyntax scans and
    parses each ``${ ... }`` and ``%{ ... }`` in it (scan_tokens.rl, heredoc
    template; parser_template.go). jobspec's evaluator parses them only to take
    their values; here their brackets must match and their strings end on their
    line, else hclsyntax refuses the file."""
    for match in _TEMPLATE_START.finditer(value, value.find("\n") + 1):
        if match.group(0) in ("$${", "%%{"):
            continue
        problem = _interpolation_fault(value, match.end())
        if problem is not None:
            index, summary, sentence = problem
            line, column = _where(token, value, index)
            end_line, end_column = (line + 1, 1) if value[index : index + 1] == "\n" else (line, column + 1)
            problems.append(Problem(_position(token)[0] + index, line, column, end_line, end_column, summary, sentence))
            return


def _interpolation_fault(value: str, start: int) -> tuple[int, str, str] | None:
    """Where an interpolation opened just before ``start`` goes wrong, if it does."""
    stack = ["{"]
    opened = [start]
    i, n = start, len(value)
    while i < n:
        ch = value[i]
        if ch == '"':
            i += 1
            while i < n and value[i] not in '"\n':
                i += 2 if value[i] == "\\" else 1
            if i >= n or value[i] == "\n":
                return i, "Invalid multi-line string", "a quoted string in an interpolation must end on its line"
        elif ch in _PAIRS:
            stack.append(ch)
            opened.append(i + 1)
        elif ch in ")]}":
            if _PAIRS[stack[-1]] != ch:
                if len(stack) == 1:
                    return i, "Extra characters after interpolation expression", f"`{ch}` closes nothing here"
                # Inside a call's parentheses after an argument, hclsyntax wants `,` or `)`.
                after_argument = stack[-1] == "(" and value[opened[-1] : i].strip()
                summary = "Missing argument separator" if after_argument else "Invalid expression"
                return i, summary, f"`{ch}` cannot close the `{stack[-1]}` opened before it"
            stack.pop()
            opened.pop()
            if not stack:
                return None
        i += 1
    return start - 2, "Unclosed template interpolation sequence", "no `}` ends this interpolation in the heredoc"


def _bad_escape(escape: str) -> str | None:
    """Why hclsyntax refuses this backslash escape, or None when it is valid."""
    if len(escape) < 2:
        return "a backslash must be followed by an escape character"
    selector = escape[1]
    if selector in _SIMPLE_ESCAPES:
        return None
    if selector in "uU":
        digits = 4 if selector == "u" else 8
        if len(escape) != digits + 2:
            return f"\\{selector} must be followed by {digits} hexadecimal digits"
        code = int(escape[2:], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return f"U+{code:04X} is not a character that UTF-8 can encode"
        return None
    return f"{selector!r} is not an escape HCL knows"


def _where(token: Token, value: str, index: int) -> tuple[int, int]:
    """Line and column of ``value[index]`` in the file."""
    _, line, column = _position(token)
    before = value.count("\n", 0, index)
    if before == 0:
        return line, column + index
    return line + before, index - value.rfind("\n", 0, index)


def _position(token: Token) -> tuple[int, int, int]:
    """Offset, line and column of a token. lark types them optional, as a hand-made Token
    may lack them; the lexer sets them on every token it makes, and so on all seen here."""
    assert token.start_pos is not None and token.line is not None and token.column is not None
    return token.start_pos, token.line, token.column


def _end(token: Token) -> int:
    """Offset just past a token the lexer made (see ``_position``)."""
    assert token.end_pos is not None
    return token.end_pos
