"""``--baseline FILE``: report only findings that a saved JSON report does not hold.

A finding is known when the baseline has one with the same file, rule and
message. Line numbers only decide *which* findings are new when a file now has
more of one (file, rule, message) than the baseline: those on a line the
baseline names are known first, then the ones nearest to a remaining baseline
line; the rest are new. So adding or deleting unrelated lines above a known
finding never makes it reappear.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from jobspec.diagnostics import Diagnostic

Key = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why."""


def load(path: str) -> dict[Key, list[int]]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from None
    entries = document.get("diagnostics") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(f"baseline {path} is not a jobspec JSON report (no `diagnostics` list)")
    known: dict[Key, list[int]] = defaultdict(list)
    for entry in entries:
        try:
            key = (_norm(str(entry["file"])), str(entry["rule"]), str(entry["message"]))
            known[key].append(int(entry["line"]))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(
                f"baseline {path}: every diagnostic needs `file`, `rule`, `message` and `line`"
            ) from None
    return dict(known)


def new_findings(diagnostics: Iterable[Diagnostic], known: dict[Key, list[int]]) -> list[Diagnostic]:
    groups: dict[Key, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        groups[(_norm(d.span.file), d.rule, d.message)].append(d)
    fresh: list[Diagnostic] = []
    for key, current in groups.items():
        remaining = list(known.get(key, ()))
        if len(current) <= len(remaining):
            continue
        unmatched = []
        for d in current:
            if d.span.line in remaining:
                remaining.remove(d.span.line)
            else:
                unmatched.append(d)
        for line in remaining:
            # The index breaks ties as min() would: the first of the nearest.
            *_, nearest = min((abs(d.span.line - line), d.span.line, i) for i, d in enumerate(unmatched))
            del unmatched[nearest]
        fresh.extend(unmatched)
    return sorted(fresh, key=Diagnostic.sort_key)


def _norm(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")
