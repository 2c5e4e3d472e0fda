"""Name matching the way Nomad does it, and did-you-mean for names it rejects."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def glob_match(pattern: str, subject: str) -> bool:
    """``ryanuber/go-glob``, as Nomad matches ``datacenters``: only ``*`` is special
    (any run of characters, including none) and the match is case-sensitive."""
    if pattern == "*":
        return True
    parts = pattern.split("*")
    if len(parts) == 1:
        return pattern == subject
    head, *middle, tail = parts
    if not subject.startswith(head):
        return False
    rest = subject[len(head) :]
    for part in middle:
        at = rest.find(part)
        if at < 0:
            return False
        rest = rest[at + len(part) :]
    return rest.endswith(tail) if tail else True


def did_you_mean(name: str, known: Iterable[str]) -> str | None:
    """The closest known name, ignoring case first (the usual slip), then by edit similarity."""
    options = sorted(set(known) - {name})
    for option in options:
        if option.lower() == name.lower():
            return option
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return close[0] if close else None


def quoted_list(names: Iterable[str], limit: int = 8) -> str:
    items = sorted(set(names))
    shown = ", ".join(f'"{n}"' for n in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
