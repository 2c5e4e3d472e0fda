"""Reading the files jobspec is given: bytes and plain reasons, never an exception.

Kept apart from the pipeline so that finding files and reading cached results
does not import the parser and evaluator a warm run never uses.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


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
