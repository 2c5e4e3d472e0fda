"""File names as CI systems want them: relative to the current directory."""

from __future__ import annotations

import os
from pathlib import Path, PurePath


def relative_to_cwd(file: str, cwd: str | None = None) -> str | None:
    """``file`` relative to ``cwd`` (default: the current directory) with ``/``
    separators, or None when it lies outside it (or is not a path, such as ``-``)."""
    base = Path(os.path.abspath(cwd or os.getcwd()))
    try:
        relative = Path(os.path.abspath(os.path.join(base, file))).relative_to(base)
    except ValueError:
        return None
    text = PurePath(relative).as_posix()
    return None if text in ("", ".") else text


def display_path(file: str) -> str:
    """The name to print: relative when under the current directory, as given otherwise."""
    return relative_to_cwd(file) or file
