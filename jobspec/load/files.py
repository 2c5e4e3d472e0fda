"""Reading the files jobspec is given: bytes, then text, or a plain reason, never an exception.

Kept apart from the pipeline so that finding files and reading cached results
does not import the parser and evaluator a warm run never uses.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.rules import hcl_syntax


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


def decode(data: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    """Bytes to text, refusing binary and non-UTF-8 input with a positioned reason."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, _undecodable(Span.point(path, line), "file is binary (it contains a NUL byte), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, _undecodable(
            Span.point(path, line, column),
            f"file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _undecodable(span: Span, message: str) -> Diagnostic:
    return Diagnostic(hcl_syntax.ID, Severity.ERROR, message, span)
