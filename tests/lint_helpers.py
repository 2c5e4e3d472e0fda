"""The engine over a file on disk, as tests use it."""

from __future__ import annotations

from typing import Any

from jobspec.diagnostics import Outcome
from jobspec.engine.file import lint_text, unreadable
from jobspec.engine.run import stamped
from jobspec.load.files import decode, read_bytes


def lint_path(path: str, **kwargs: Any) -> Outcome:
    """Every finding in the file at ``path`` (before suppressions), named by its path;
    a file that cannot be read or decoded is reported as the runner reports it."""
    data, problem = read_bytes(path)
    if problem is not None:
        return Outcome(stamped([unreadable(path, problem)]))
    text, undecodable = decode(data, path)
    if undecodable is not None:
        return Outcome(stamped([undecodable]))
    return lint_text(text or "", path, **kwargs)
