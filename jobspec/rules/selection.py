"""Rule selectors (``--select``, ``--ignore``, ``per-file-ignores``): an exact id,
``all``, or a family prefix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def expand(selectors: tuple[str, ...], known: Iterable[str]) -> set[str]:
    """Rule ids named by ``selectors``: an exact id, ``all``, or a family
    prefix (``hcl`` selects ``hcl-syntax``, ``hcl-duplicate-attribute``, ...)."""
    chosen: set[str] = set()
    for selector in selectors:
        if selector.lower() == "all":
            chosen.update(known)
        else:
            chosen.update(r for r in known if r == selector or r.startswith(selector + "-"))
    return chosen


def did_you_mean(name: str, candidates: Iterable[str]) -> list[str]:
    """The candidates close to ``name`` (a typo, a swapped letter), closest first."""
    return difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)


def selector_hint(selector: str, known: Iterable[str], families: bool = True) -> str:
    """A did-you-mean for an unknown rule id (or family, when ``families``)."""
    names = set(known)
    if families:
        names |= {rule.rsplit("-", n)[0] for rule in known for n in range(1, rule.count("-") + 1)}
    close = did_you_mean(selector, sorted(names))
    return f"did you mean `{close[0]}`? `jobspec rules` lists them" if close else "`jobspec rules` lists every rule id"
