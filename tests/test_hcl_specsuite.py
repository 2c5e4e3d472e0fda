"""HCL's own specification test suite, read from Debian's golang-github-hashicorp-hcl-v2-dev.

Each ``specsuite/tests/**/*.hcl`` has a ``.t`` file beside it; a ``diagnostics`` block
there lists the errors hclsyntax must report, each with its ``from`` line and column.
jobspec must report its first ``hcl-syntax`` error where the first of them starts,
and none where the ``.t`` file expects none. The files are read where the package
installed them, never copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jobspec.load.files import decode
from jobspec.load.hcl import parse

SUITE = Path("/usr/share/gocode/src/github.com/hashicorp/hcl/v2/specsuite/tests")
# Errors the suite expects from decoding against the test's .hcldec spec, not from the syntax.
NOT_SYNTAX = {
    "structure/attributes/unexpected": "its error is hcldec's (an undeclared argument), not the syntax's",
}

CASES = sorted(SUITE.rglob("*.hcl")) if SUITE.is_dir() else []


def expected_errors(spec: Path) -> list[tuple[int, int]]:
    """(line, column) of each error the .t file expects, read with jobspec's own loader."""
    document = parse(spec.read_text(encoding="utf-8"), str(spec)).document
    assert document is not None, f"{spec} does not parse"
    where = []
    for diagnostics in document.body.blocks_of("diagnostics"):
        for error in diagnostics.body.blocks_of("error"):
            [start] = error.body.blocks_of("from")
            line, column = (start.body.attribute(k) for k in ("line", "column"))
            assert line is not None and column is not None
            where.append((int(line.expr.source), int(column.expr.source)))
    return where


def test_the_suite_is_installed_or_the_test_says_why():
    if not SUITE.is_dir():
        pytest.skip(f"golang-github-hashicorp-hcl-v2-dev is not installed ({SUITE} is absent)")
    assert len(CASES) >= 15


@pytest.mark.skipif(not CASES, reason="golang-github-hashicorp-hcl-v2-dev is not installed")
@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(SUITE).with_suffix("")))
def test_spec_suite_case(case: Path):
    name = str(case.relative_to(SUITE).with_suffix(""))
    if name in NOT_SYNTAX:
        pytest.skip(NOT_SYNTAX[name])
    expected = expected_errors(case.with_suffix(".t"))
    text, problem = decode(case.read_bytes(), name)
    found = [problem] if problem is not None else list(parse(text or "", name).diagnostics)
    syntax = [(d.span.line, d.span.column) for d in found if d.rule == "hcl-syntax"]
    if not expected:
        assert syntax == [], [d.message for d in found]
    else:
        assert syntax, "no syntax error reported"
        assert syntax[0] == expected[0], [d.message for d in found]
