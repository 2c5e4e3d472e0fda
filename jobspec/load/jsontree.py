"""A JSON reader that keeps line:column for every key and value.

The standard ``json`` module gives no positions, and catalog diagnostics must
point at the key or value at fault. Syntax errors use the words of Go's
``encoding/json`` (what libcni and Nomad print), so a message here reads like
the one the client would log, plus a position.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from jobspec.diagnostics import Span

MAX_DEPTH = 10_000  # Go's encoding/json nesting limit
_RECURSION_GUARD = 256  # deeper input is refused before Python's own stack runs out


@dataclass(frozen=True)
class JScalar:
    span: Span
    value: str | int | float | bool | None


@dataclass(frozen=True)
class JArray:
    span: Span
    items: tuple[JNode, ...]


@dataclass(frozen=True)
class JMember:
    key: str
    key_span: Span
    value: JNode


@dataclass(frozen=True)
class JObject:
    span: Span
    members: tuple[JMember, ...]

    def member(self, key: str) -> JMember | None:
        """The member Go would keep: with duplicate keys the last one wins."""
        found = None
        for m in self.members:
            if m.key == key:
                found = m
        return found

    def get(self, key: str) -> JNode | None:
        m = self.member(key)
        return m.value if m else None

    def member_folded(self, key: str) -> JMember | None:
        """Case-insensitive lookup, as Go decodes JSON keys into struct fields:
        every key that folds to the field's name sets it, so the last one wins."""
        found = None
        folded = key.casefold()
        for m in self.members:
            if m.key.casefold() == folded:
                found = m
        return found


JNode = JScalar | JArray | JObject


@dataclass(frozen=True)
class JsonError:
    message: str
    span: Span


def plain(node: JNode) -> Any:
    """The Python value of a node (objects keep the last of duplicate keys)."""
    if isinstance(node, JScalar):
        return node.value
    if isinstance(node, JArray):
        return [plain(item) for item in node.items]
    return {m.key: plain(m.value) for m in node.members}


def at_path(node: JNode, path: tuple[str | int, ...] | list[str | int]) -> tuple[JNode, JMember | None]:
    """The node at a jsonschema-style path, and the member holding it (for its key span).
    Stops at the deepest node that exists."""
    member = None
    for step in path:
        if isinstance(node, JObject) and isinstance(step, str) and (m := node.member(step)) is not None:
            node, member = m.value, m
        elif isinstance(node, JArray) and isinstance(step, int) and 0 <= step < len(node.items):
            node, member = node.items[step], None
        else:
            break
    return node, member


def parse(text: str, path: str) -> tuple[JNode | None, JsonError | None]:
    """One JSON document, or the first syntax error (Go's wording) with its position."""
    parser = _Parser(text, path)
    try:
        parser.skip_ws()
        if parser.i >= len(text):
            return None, parser.error_at(parser.i, "unexpected end of JSON input")
        node = parser.value(0)
        parser.skip_ws()
        if parser.i < len(text):
            return None, parser.invalid(parser.i, "after top-level value")
        return node, None
    except _Fail as fail:
        return None, fail.error


def parse_at(text: str, path: str, start: int) -> JNode | None:
    """The value starting at ``start`` in ``text``, with spans in the whole text's
    coordinates; for locating one element of a large document already known valid."""
    parser = _Parser(text, path)
    parser.i = start
    try:
        return parser.value(0)
    except _Fail:
        return None


class _Fail(Exception):
    def __init__(self, error: JsonError) -> None:
        self.error = error


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_PLAIN_CHARS = re.compile(r'[^"\\\x00-\x1f]*')
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def quote_char(ch: str) -> str:
    """A character as Go's encoding/json quotes it in messages."""
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    if ch.isprintable():
        return f"'{ch}'"
    code = ord(ch)
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\a": "\\a", "\v": "\\v"}
    if ch in named:
        return f"'{named[ch]}'"
    return f"'\\x{code:02x}'" if code < 0x80 else f"'\\u{code:04x}'"


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.i = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.line_starts, index) - 1
        return row + 1, index - self.line_starts[row] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(self.path, line, column, end_line, end_column)

    def error_at(self, index: int, message: str) -> JsonError:
        line, column = self.position(index)
        return JsonError(message, Span(self.path, line, column, line, column + 1))

    def invalid(self, index: int, context: str) -> JsonError:
        if index >= len(self.text):
            return self.error_at(index, "unexpected end of JSON input")
        return self.error_at(index, f"invalid character {quote_char(self.text[index])} {context}")

    def fail(self, index: int, context: str) -> _Fail:
        return _Fail(self.invalid(index, context))

    def skip_ws(self) -> None:
        self.i = _WS.match(self.text, self.i).end()  # type: ignore[union-attr]

    def value(self, depth: int) -> JNode:
        text, i = self.text, self.i
        if i >= len(text):
            raise _Fail(self.error_at(i, "unexpected end of JSON input"))
        ch = text[i]
        if ch == "{":
            return self.obj(depth + 1)
        if ch == "[":
            return self.array(depth + 1)
        if ch == '"':
            value = self.string()
            return JScalar(self.span(i, self.i), value)
        if ch == "-" or (ch.isdigit() and ch.isascii()):
            return self.number()
        for word, result in (("true", True), ("false", False), ("null", None)):
            if ch == word[0]:
                for k, expected in enumerate(word[1:], start=1):
                    if i + k >= len(text):
                        raise _Fail(self.error_at(i + k, "unexpected end of JSON input"))
                    if text[i + k] != expected:
                        raise self.fail(i + k, f"in literal {word} (expecting {quote_char(expected)})")
                self.i = i + len(word)
                return JScalar(self.span(i, self.i), result)
        raise self.fail(i, "looking for beginning of value")

    def nesting(self, depth: int, index: int) -> None:
        if depth > min(MAX_DEPTH, _RECURSION_GUARD):
            raise _Fail(self.error_at(index, "exceeded max depth"))

    def obj(self, depth: int) -> JObject:
        start = self.i
        self.nesting(depth, start)
        self.i += 1
        members: list[JMember] = []
        self.skip_ws()
        if self.i < len(self.text) and self.text[self.i] == "}":
            self.i += 1
            return JObject(self.span(start, self.i), ())
        while True:
            if self.i >= len(self.text) or self.text[self.i] != '"':
                raise self.fail(self.i, "looking for beginning of object key string")
            key_start = self.i
            key = self.string()
            key_span = self.span(key_start, self.i)
            self.skip_ws()
            if self.i >= len(self.text) or self.text[self.i] != ":":
                raise self.fail(self.i, "after object key")
            self.i += 1
            self.skip_ws()
            members.append(JMember(key, key_span, self.value(depth)))
            self.skip_ws()
            if self.i < len(self.text) and self.text[self.i] == ",":
                self.i += 1
                self.skip_ws()
                continue
            if self.i < len(self.text) and self.text[self.i] == "}":
                self.i += 1
                return JObject(self.span(start, self.i), tuple(members))
            raise self.fail(self.i, "after object key:value pair")

    def array(self, depth: int) -> JArray:
        start = self.i
        self.nesting(depth, start)
        self.i += 1
        items: list[JNode] = []
        self.skip_ws()
        if self.i < len(self.text) and self.text[self.i] == "]":
            self.i += 1
            return JArray(self.span(start, self.i), ())
        while True:
            items.append(self.value(depth))
            self.skip_ws()
            if self.i < len(self.text) and self.text[self.i] == ",":
                self.i += 1
                self.skip_ws()
                continue
            if self.i < len(self.text) and self.text[self.i] == "]":
                self.i += 1
                return JArray(self.span(start, self.i), tuple(items))
            raise self.fail(self.i, "after array element")

    def string(self) -> str:
        text = self.text
        self.i += 1
        parts: list[str] = []
        while True:
            end = _PLAIN_CHARS.match(text, self.i).end()  # type: ignore[union-attr]
            parts.append(text[self.i : end])
            self.i = end
            if end >= len(text):
                raise _Fail(self.error_at(end, "unexpected end of JSON input"))
            ch = text[end]
            if ch == '"':
                self.i += 1
                return "".join(parts)
            if ch == "\\":
                parts.append(self.escape())
                continue
            raise self.fail(end, "in string literal")

    def escape(self) -> str:
        text, i = self.text, self.i + 1
        if i >= len(text):
            raise _Fail(self.error_at(i, "unexpected end of JSON input"))
        ch = text[i]
        if ch in _ESCAPES:
            self.i = i + 1
            return _ESCAPES[ch]
        if ch != "u":
            raise self.fail(i, "in string escape code")
        digits = text[i + 1 : i + 5]
        for k, d in enumerate(digits):
            if d not in "0123456789abcdefABCDEF":
                raise self.fail(i + 1 + k, r"in \u hexadecimal character escape")
        if len(digits) < 4:
            raise _Fail(self.error_at(len(text), "unexpected end of JSON input"))
        self.i = i + 5
        code = int(digits, 16)
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", self.i):
            low = text[self.i + 2 : self.i + 6]
            if len(low) == 4 and all(c in "0123456789abcdefABCDEF" for c in low) and 0xDC00 <= int(low, 16) < 0xE000:
                self.i += 6
                return chr(0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00))
        if 0xD800 <= code < 0xE000:
            return "\ufffd"  # Go replaces a lone surrogate the same way
        return chr(code)

    def number(self) -> JScalar:
        text, start = self.text, self.i
        m = _NUMBER.match(text, start)
        if m is None or m.end() == start:
            raise self.fail(start + 1, "in numeric literal")
        end = m.end()
        # Diagnose a number cut short the way Go does.
        if end < len(text):
            nxt = text[end]
            if nxt == "." and m.group(1) is None and m.group(2) is None:
                raise self.fail(end + 1, "after decimal point in numeric literal")
            if nxt in "eE" and m.group(2) is None:
                after = end + 1
                if after < len(text) and text[after] in "+-":
                    after += 1
                raise self.fail(after, "in exponent of numeric literal")
        raw = text[start:end]
        self.i = end
        try:
            value: int | float = float(raw) if m.group(1) or m.group(2) else int(raw)
        except ValueError:  # more digits than Python turns into an int: Go's float64 overflows too
            value = float(raw)
        return JScalar(self.span(start, end), value)
