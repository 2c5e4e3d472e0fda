"""Constraints on one node, as ``scheduler/feasible/feasible.go`` evaluates them.

``ConstraintChecker.meetsConstraint`` resolves both sides with ``resolveTarget``
and calls ``checkConstraint``; this module does the same, with one addition: a
target the catalog does not state (an attribute of an agent-config class, the
meta of a node list stub, the ID of a class) is *unknown*, and so is the
constraint — it is skipped and said so, never held against the job.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from jobspec.model.catalog import CatalogNode
from jobspec.placement.versions import version_matches

DISTINCT_HOSTS, DISTINCT_PROPERTY = "distinct_hosts", "distinct_property"
OPERATORS = frozenset(
    {"=", "==", "is", "!=", "not", "<", "<=", ">", ">=", "regexp", "version", "semver"}
    | {"set_contains", "set_contains_all", "set_contains_any", "is_set", "is_not_set"}
    | {DISTINCT_HOSTS, DISTINCT_PROPERTY}
)
_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.IGNORECASE)
_INT64 = 2**63

# (value, found) — or None when the catalog cannot say.
Resolved = tuple[str, bool] | None


def resolve(target: str, node: CatalogNode) -> Resolved:
    """``resolveTarget``: a literal, or one whole ``${...}`` naming a node fact."""
    if not target.startswith("${"):
        return target, True
    if target == "${node.unique.id}":
        return None if node.id is None else (node.id, True)
    if target == "${node.unique.name}":
        # A class folder's name is not its nodes' hostname.
        return None if node.id is None else (node.name, True)
    fixed = {"${node.datacenter}": node.datacenter, "${node.class}": node.node_class, "${node.pool}": node.node_pool}
    if target in fixed:
        return fixed[target], True
    for prefix, facts, known in (
        ("${attr.", node.attributes, node.attributes_known),
        ("${meta.", node.meta, node.meta_known),
    ):
        if target.startswith(prefix):
            key = target[len(prefix) :]
            key = key[:-1] if key.endswith("}") else key
            if key in facts:
                return facts[key], True
            return ("", False) if known else None
    return "", False


def meets(operand: str, left: str, right: str, node: CatalogNode) -> bool | None:
    """True, False, or None when a side is unknown for this node."""
    lval, rval = resolve(left, node), resolve(right, node)
    if operand in ("is_set", "is_not_set"):
        rval = ("", True)  # only the left side is read
    if lval is None or rval is None:
        return None
    return check(operand, lval[0], rval[0], lval[1], rval[1])


def check(operand: str, lval: str, rval: str, lfound: bool, rfound: bool) -> bool:
    """``checkConstraint``."""
    if operand in (DISTINCT_HOSTS, DISTINCT_PROPERTY):
        return True  # iterators of their own, limits on count
    both = lfound and rfound
    if operand in ("=", "==", "is"):
        return both and lval == rval
    if operand in ("!=", "not"):
        # reflect.DeepEqual of the resolved values: a missing target resolves to "".
        return lval != rval
    if operand in ("<", "<=", ">", ">="):
        return both and _order(operand, lval, rval)
    if operand == "is_set":
        return lfound
    if operand == "is_not_set":
        return not lfound
    if operand in ("version", "semver"):
        return both and version_matches(lval, rval, semver=operand == "semver")
    if operand == "regexp":
        pattern = _regexp(rval)
        return both and pattern is not None and pattern.search(lval) is not None
    if operand in ("set_contains", "set_contains_all"):
        return both and _items(rval) <= _items(lval)
    if operand == "set_contains_any":
        return both and bool(_items(rval) & _items(lval))
    return False


def _order(op: str, left: str, right: str) -> bool:
    """``checkOrder``: as integers if both parse, else as floats, else as strings."""
    pair: tuple[object, object] = (left, right)
    ints = _int(left), _int(right)
    if ints[0] is not None and ints[1] is not None:
        pair = ints
    else:
        floats = _float(left), _float(right)
        if floats[0] is not None and floats[1] is not None:
            pair = floats
    a, b = pair
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


def _int(text: str) -> int | None:
    """``strconv.ParseInt(s, 10, 64)``."""
    if not _INT.fullmatch(text):
        return None
    value = int(text)
    return value if -_INT64 <= value < _INT64 else None


def _float(text: str) -> float | None:
    """``strconv.ParseFloat(s, 64)`` for decimal text; out of range is an error there."""
    if not _FLOAT.fullmatch(text):
        return None
    value = float(text)
    if math.isinf(value) and "inf" not in text.lower():
        return None
    return value


def compiles(pattern: str) -> bool:
    """``regexp.Compile`` succeeds: what ``Constraint.Validate`` asks of a ``regexp``."""
    return _regexp(pattern) is not None


@lru_cache(maxsize=1024)
def _regexp(pattern: str) -> Any:
    """Go's RE2 syntax, read by RE2 itself (google-re2): Python's ``re`` differs
    (``\\pL``, ``\\z`` and ``\\Q...\\E`` are RE2 only, lookarounds and
    backreferences ``re`` only). None when it does not compile."""
    import re2  # deferred: only a regexp constraint needs it

    options = re2.Options()
    options.log_errors = False  # RE2 would print each error on standard error
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


@lru_cache(maxsize=4096)
def _items(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(","))
