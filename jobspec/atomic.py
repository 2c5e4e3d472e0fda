"""Writing a file so that a reader never sees it half written.

A report or a baseline is written to a temporary file in the destination's own
folder and renamed over it: a rename within one file system replaces the old
file in one step (POSIX rename(2); ``os.replace`` on Windows), so a run that is
interrupted, or a disk that fills up, leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


def write_text(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; raises ``OSError``."""
    _write(path, text, "w")


def write_bytes(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` exactly (no newline translation) in one step; raises ``OSError``."""
    _write(path, data, "wb")


def _write(path: str, content: str | bytes, mode: str) -> None:
    encoding = "utf-8" if mode == "w" else None
    # Through a symbolic link: the file it names gets the text, the link stays.
    target = os.path.realpath(path)
    if _special(target):
        # /dev/null, /dev/stderr, a named pipe: written in place; renaming over one
        # would put a regular file where the device or pipe was.
        with open(target, mode, encoding=encoding) as handle:
            handle.write(content)
        return
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; keep what the old file allowed, or what a new one would get.
        os.chmod(temp, _mode(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _special(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # not there yet: a new regular file


def _mode(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
