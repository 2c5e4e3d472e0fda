"""Version comparison as Nomad's ``version`` and ``semver`` constraint operators do it.

``version`` follows ``hashicorp/go-version`` (``NewVersion``, ``Version.Compare``,
``NewConstraint`` with ``=``, ``!=``, ``>``, ``<``, ``>=``, ``<=`` and ``~>``, where
the ordering operators refuse a pre-release unless both sides are pre-releases of
the same segments). ``semver`` follows Nomad's ``helper/constraints/semver``: the
same version type, parsed strictly, no ``~>``, and plain semver ordering with no
pre-release rule. The node's side is always parsed with ``NewVersion``
(``scheduler/feasible/feasible.go:checkVersionMatch``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_SEGMENTS = r"v?([0-9]+(\.[0-9]+)*?)"
_META = r"(\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))?"
# go-version's VersionRegexpRaw and SemverRegexpRaw: they differ only in whether an
# alphabetic pre-release may follow the segments without a dash ("1.2beta").
_LOOSE = (
    _SEGMENTS
    + r"(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)|(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?"
    + _META
    + "?"
)
_STRICT = (
    _SEGMENTS
    + r"(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)|(-([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?"
    + _META
    + "?"
)
_LOOSE_RE = re.compile(f"^{_LOOSE}$")
_STRICT_RE = re.compile(f"^{_STRICT}$")
_VERSION_CONSTRAINT = re.compile(rf"^\s*(<=|>=|!=|~>|<|>|=|)\s*({_LOOSE})\s*$")
_SEMVER_CONSTRAINT = re.compile(rf"^\s*(<=|>=|!=|<|>|=|)\s*({_STRICT})\s*$")
_INT64 = 2**63


@dataclass(frozen=True)
class Version:
    segments: tuple[int, ...]
    """At least three: go-version pads missing ones with zeros."""
    written: int
    """How many segments the text had (``si``), which ``~>`` reads."""
    pre: str
    metadata: str

    def text(self) -> str:
        out = ".".join(str(s) for s in self.segments)
        return out + (f"-{self.pre}" if self.pre else "") + (f"+{self.metadata}" if self.metadata else "")


@lru_cache(maxsize=4096)
def parse_version(text: str, strict: bool = False) -> Version | None:
    match = (_STRICT_RE if strict else _LOOSE_RE).match(text)
    if match is None:
        return None
    parts = match.group(1).split(".")
    segments = [int(p) for p in parts]
    if any(s >= _INT64 for s in segments):  # strconv.ParseInt(…, 64) refuses it
        return None
    segments += [0] * (3 - len(segments))
    pre = match.group(7) or match.group(4) or ""
    return Version(tuple(segments), len(parts), pre, match.group(10) or "")


def compare(a: Version, b: Version) -> int:
    """``Version.Compare``: -1, 0 or 1."""
    if a.text() == b.text():
        return 0
    if a.segments == b.segments:
        if not a.pre and not b.pre:
            return 0
        if not a.pre:
            return 1
        if not b.pre:
            return -1
        return _compare_prereleases(a.pre, b.pre)
    left, right = a.segments, b.segments
    for i in range(max(len(left), len(right))):
        if i > len(left) - 1:
            return -1 if any(right[i:]) else 0
        if i > len(right) - 1:
            return 1 if any(left[i:]) else 0
        if left[i] != right[i]:
            return -1 if left[i] < right[i] else 1
    return 0


def _numeric(part: str) -> int | None:
    return int(part) if re.fullmatch(r"[+-]?[0-9]+", part) and abs(int(part)) < _INT64 else None


def _compare_part(a: str, b: str) -> int:
    if a == b:
        return 0
    a_num, b_num = _numeric(a), _numeric(b)
    if a == "":
        return -1 if b_num is not None else 1
    if b == "":
        return 1 if a_num is not None else -1
    if a_num is not None and b_num is None:
        return -1
    if a_num is None and b_num is not None:
        return 1
    if a_num is None and b_num is None and a > b:
        return 1
    if (a_num or 0) > (b_num or 0):
        return 1
    return -1


def _compare_prereleases(a: str, b: str) -> int:
    if a == b:
        return 0
    left, right = a.split("."), b.split(".")
    for i in range(max(len(left), len(right))):
        result = _compare_part(left[i] if i < len(left) else "", right[i] if i < len(right) else "")
        if result:
            return result
    return 0


def _prerelease_ok(v: Version, c: Version) -> bool:
    if v.pre and c.pre:
        return v.segments == c.segments
    return not (v.pre and not c.pre)


def _pessimistic(v: Version, c: Version) -> bool:
    if not _prerelease_ok(v, c) or (c.pre and not v.pre):
        return False
    if compare(v, c) < 0:
        return False
    size = len(c.segments)
    if size > len(v.segments):
        return False
    if any(v.segments[i] != c.segments[i] for i in range(c.written - 1)):
        return False
    return not c.segments[size - 1] > v.segments[size - 1]


Check = Callable[[Version], bool]


def _version_op(op: str, c: Version) -> Check:
    ordered = {
        ">": lambda r: r == 1,
        "<": lambda r: r == -1,
        ">=": lambda r: r >= 0,
        "<=": lambda r: r <= 0,
    }
    if op in ordered:
        test = ordered[op]
        return lambda v: _prerelease_ok(v, c) and test(compare(v, c))
    if op == "!=":
        return lambda v: compare(v, c) != 0
    if op == "~>":
        return lambda v: _pessimistic(v, c)
    return lambda v: compare(v, c) == 0


def _semver_op(op: str, c: Version) -> Check:
    tests = {
        ">": lambda r: r == 1,
        "<": lambda r: r == -1,
        ">=": lambda r: r >= 0,
        "<=": lambda r: r <= 0,
        "!=": lambda r: r != 0,
    }
    test = tests.get(op, lambda r: r == 0)
    return lambda v: test(compare(v, c))


@lru_cache(maxsize=1024)
def parse_constraints(text: str, semver: bool) -> tuple[Check, ...] | None:
    """``version.NewConstraint`` (or semver's): None when any part is malformed."""
    checks = []
    pattern = _SEMVER_CONSTRAINT if semver else _VERSION_CONSTRAINT
    for single in text.split(","):
        match = pattern.match(single)
        if match is None:
            return None
        bound = parse_version(match.group(2), strict=semver)
        if bound is None:
            return None
        checks.append((_semver_op if semver else _version_op)(match.group(1), bound))
    return tuple(checks)


def version_matches(value: str, constraint: str, semver: bool) -> bool:
    """``checkVersionMatch``: the node's value must parse and meet every part."""
    version = parse_version(value)
    checks = parse_constraints(constraint, semver)
    if version is None or checks is None:
        return False
    return all(check(version) for check in checks)
