"""gitignore-style path patterns: ``include``/``exclude`` and per-file ignores."""

from __future__ import annotations

import os
from functools import cache
from typing import Any, NamedTuple


class Pattern(NamedTuple):
    """One line of a gitignore file, and the folder it is relative to: ``*``, ``?``,
    ``**``, ``[...]`` classes, a leading ``!`` that takes a match back, a trailing
    ``/`` for folders only, a pattern without an inner ``/`` matching at any depth,
    and a folder's match covering everything below it. The lines of one list are
    read as git reads a .gitignore (:func:`matches_any`). A named tuple: every run
    defines it, and a dataclass costs ten times as much to define."""

    glob: str
    root: str = "."

    @property
    def negated(self) -> bool:
        return self.glob.startswith("!")

    def matches(self, path: str, folder: bool = False) -> bool:
        """Whether ``path`` matches, as the only line of a gitignore file would say
        (so a ``!`` pattern alone matches nothing)."""
        return not self.negated and self.hits(path, folder)

    def hits(self, path: str, folder: bool = False) -> bool:
        """Whether the pattern, without its ``!``, matches ``path``."""
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root)).replace(os.sep, "/")
        if relative.startswith("../"):
            relative = os.path.abspath(path).replace(os.sep, "/").lstrip("/")
        return _compile(self.glob.removeprefix("!")).match_file(relative + "/" if folder else relative)


def matches_any(patterns: tuple[Pattern, ...], path: str, folder: bool = False) -> bool:
    """Whether ``patterns``, read as the lines of one .gitignore, take ``path``: the
    last line that matches decides, and a ``!`` line takes the path back."""
    taken = False
    for pattern in patterns:
        if pattern.hits(path, folder):
            taken = not pattern.negated
    return taken


@cache
def _compile(glob: str) -> Any:
    # pathspec is imported only by runs that give patterns (it costs ~20 ms to import).
    # Its GitIgnoreSpec follows git's wildmatch.c and dir.c (gitignore semantics).
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([glob.replace(os.sep, "/")])
