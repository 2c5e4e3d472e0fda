"""Reading the files jobspec is given: bytes, then text, or a plain reason, never an exception.

Kept apart from the pipeline so that finding files and reading cached results
does not import the parser and evaluator a warm run never uses.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jobspec.diagnostics import Finding, Span
from jobspec.load_rules import HCL_SYNTAX


def special_file(path: str) -> bool:
    """A FIFO, socket or device: reading one found in a folder could block forever."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # dangling or unreadable: reading it says why
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


def read_bytes(path: str) -> tuple[bytes, str | None]:
    """The file's bytes, or ``b""`` and why it cannot be read."""
    try:
        return Path(path).read_bytes(), None
    except FileNotFoundError:
        return b"", "file not found"
    except IsADirectoryError:
        return b"", "is a folder, not a file"
    except PermissionError:
        return b"", "permission denied: the file cannot be opened for reading"
    except OSError as exc:
        return b"", f"cannot be read: {os.strerror(exc.errno) if exc.errno else exc}"


def decode(data: bytes, path: str) -> tuple[str | None, Finding | None]:
    """Bytes to text, refusing binary and non-UTF-8 input with a positioned reason."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, _undecodable(Span.point(path, line), "file is binary (it contains a NUL byte), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # hclsyntax refuses bytes that are not UTF-8 only outside comments: its
        # scanner takes any byte in a comment (scan_tokens.rl, Comment), and
        # checkInvalidTokens (token.go) reports "Invalid character encoding" elsewhere.
        text = data.decode("utf-8", errors="surrogateescape")
        bad = next((k for k, ch in enumerate(text) if "\udc80" <= ch <= "\udcff" and not _in_comment(text, k)), None)
        if bad is None:
            return text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace"), None
        line = text.count("\n", 0, bad) + 1
        column = bad - text.rfind("\n", 0, bad)
        byte = ord(text[bad]) - 0xDC00
        return None, _undecodable(
            Span.point(path, line, column),
            f"Invalid character encoding: byte 0x{byte:02x} is not UTF-8, and HCL files must be UTF-8 "
            "(outside comments)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _in_comment(text: str, index: int) -> bool:
    """Whether ``text[index]`` lies in a ``#``, ``//`` or ``/* */`` comment (quoted strings aside)."""
    opened = text.rfind("/*", 0, index)
    if opened >= 0 and text.rfind("*/", opened, index) < 0:
        return True
    start = text.rfind("\n", 0, index) + 1
    quoted = False
    i = start
    while i < index:
        ch = text[i]
        if quoted and ch == "\\":
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif not quoted and (ch == "#" or text.startswith("//", i)):
            return True
        i += 1
    return False


def _undecodable(span: Span, message: str) -> Finding:
    return Finding(message, span, rule=HCL_SYNTAX)
