"""Applying the fixes findings carry: ``validate --fix``, ``--unsafe-fixes`` and ``--diff``.

The loop is ruff's (crates/ruff_linter/src/fix/mod.rs, ``apply_fixes``, and
linter.rs, ``lint_fix``): each pass takes the applicable fixes in a stable order,
keeps a fix only when none of its edits overlaps an edit already taken (an identical
fix counts as made), applies the kept ones, and checks the file again; the fixes
left out come back on the next pass, when their findings are found again in the new
text. Unlike ruff, which sorts by each fix's first edit and refuses edits that touch,
the order is the report's (file, line, column, rule) and touching edits both apply.
Passes stop when no fix is left, or after :data:`MAX_PASSES`. ruff reverts a pass
that breaks the syntax ("Fix introduced a syntax error"); here such a file is left
as it was, every pass undone, and the warning says why.

Only the job file itself is edited: a fix with an edit in another file (a var file,
a catalog file, a configuration) is never taken, and the caller never writes a file
that the run also reads as something else.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jobspec.diagnostics import Applicability, Diagnostic, Fix
from jobspec.edits import offsets
from jobspec.load.hcl import parse
from jobspec.load_rules import HCL_SYNTAX

# ruff stops at 100; a jobspec fix never makes another finding, so a handful suffices,
# and a bound keeps two fixes that undo each other from looping.
MAX_PASSES = 10

_BOM = "\ufeff"


def applies(fix: Fix | None, unsafe: bool) -> bool:
    """Whether a run with (or without) ``--unsafe-fixes`` applies ``fix``."""
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


@dataclass(frozen=True)
class Pass:
    edits: tuple[tuple[int, int, str], ...]
    """(start, end, new text) slices of the text, in no particular order."""
    fixed: int
    """Findings this pass fixes (two findings with the same fix are both fixed by it)."""


def choose(text: str, name: str, diagnostics: Iterable[Diagnostic], unsafe: bool) -> Pass:
    """The fixes to apply to ``text`` (file ``name``) in one pass."""
    taken: list[tuple[int, int, str]] = []
    done: set[Fix] = set()
    fixed = 0
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        fix = d.fix
        if fix is None or not applies(fix, unsafe) or d.span.file != name:
            continue
        if fix in done:
            fixed += 1
            continue
        edits = _slices(text, name, fix)
        if edits is None or any(_overlap(e, other) for e in edits for other in taken):
            continue
        if any(_overlap(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue
        taken.extend(edits)
        done.add(fix)
        fixed += 1
    return Pass(tuple(taken), fixed)


def _slices(text: str, name: str, fix: Fix) -> list[tuple[int, int, str]] | None:
    """The fix's edits as slices of ``text``; None when an edit is in another file or
    does not fit in the text (a stale fix: the file changed under it)."""
    found = []
    for edit in fix.edits:
        if edit.span.file != name:
            return None
        where = offsets(text, edit.span)
        if where is None:
            return None
        found.append((*where, edit.text))
    return found or None


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    # Two edits at the same start (two insertions there, say) have no order either.
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def apply(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with non-overlapping ``edits`` made (from the last to the first)."""
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


@dataclass(frozen=True)
class Fixed:
    """What fixing one file came to."""

    name: str
    before: bytes
    after: bytes
    fixed: int
    problem: str | None = None
    """Why the file was left as it was (or, with ``after`` changed, a warning)."""

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_file(
    data: bytes,
    name: str,
    diagnostics: list[Diagnostic],
    recheck: Callable[[bytes], list[Diagnostic]],
    unsafe: bool,
    syntax_error: Callable[[str], str | None],
) -> Fixed:
    """Apply fixes to one file's ``data`` until none is left.

    ``diagnostics`` are the file's findings as checked; ``recheck`` checks new
    content the same way; ``syntax_error`` says why a text does not parse (None
    when it does). Only a file that is UTF-8 and parses is fixed: its bytes are
    written back exactly as read but for the edits (byte order mark, line ends)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Fixed(name, data, data, 0)
    bom = _BOM if text.startswith(_BOM) else ""
    text = text[len(bom) :]
    if not any(applies(d.fix, unsafe) for d in diagnostics) or syntax_error(text) is not None:
        return Fixed(name, data, data, 0)
    fixed = 0
    for _ in range(MAX_PASSES):
        step = choose(text, name, diagnostics, unsafe)
        candidate = apply(text, step.edits)
        if candidate == text:
            return Fixed(name, data, (bom + text).encode("utf-8"), fixed)
        problem = syntax_error(candidate)
        if problem is not None:
            return Fixed(name, data, data, 0, f"fixes not applied: the fixed text would not parse ({problem})")
        text, fixed = candidate, fixed + step.fixed
        diagnostics = recheck((bom + text).encode("utf-8"))
    return Fixed(
        name,
        data,
        (bom + text).encode("utf-8"),
        fixed,
        f"fixes still left after {MAX_PASSES} passes; run --fix again",
    )


def unified_diff(name: str, before: bytes, after: bytes) -> str:
    """A unified diff of one file (``patch -p0`` applies it), marking a last line
    without a newline as diff(1) does."""
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(old, new, fromfile=name, tofile=name):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def syntax_error(text: str, name: str) -> str | None:
    """Where and why ``text`` does not parse as HCL (``line:column: message``); None when it does."""
    parsed = parse(text, name)
    problems = [f for f in parsed.diagnostics if parsed.document is None or f.rule == HCL_SYNTAX]
    if not problems:
        return None
    first = min(problems, key=lambda f: f.span)
    return f"{first.span.line}:{first.span.column}: {first.message}"
