"""Differential fuzzing against Go's hclsyntax, the parser Nomad reads job files with.

A few hundred random edits of the corpus jobs (characters deleted or inserted, lines
duplicated, dropped or swapped, truncation, stray braces and quotes) and generated
valid files go once through shared/tools/hclcheck and through jobspec's loader:

- every file hclsyntax refuses gets at least one jobspec error;
- no file hclsyntax accepts gets an ``hcl-syntax`` error;
- jobspec's first error is within one line of hclsyntax's first diagnostic or within
  three lines of the edit, for at least 90% of the refused files (measured over
  1,000 mutants and several seeds: see the README's "HCL syntax" section).

The seed is fixed; ``JOBSPEC_FUZZ_SEED`` picks another.
"""

from __future__ import annotations

import os

import pytest

from tests import hcl_mutants
from tests.conftest import needs_shared

MUTANTS = 300
GENERATED = 60


@needs_shared
def test_jobspec_refuses_what_hclsyntax_refuses_and_accepts_what_it_accepts():
    binary = hcl_mutants.hclcheck()
    if binary is None:
        pytest.skip("hclcheck (Go and golang-github-hashicorp-hcl-v2-dev, ../shared/tools) is not available")
    seed = int(os.environ.get("JOBSPEC_FUZZ_SEED", hcl_mutants.DEFAULT_SEED))
    cases = hcl_mutants.mutants(seed, MUTANTS) + hcl_mutants.valid_files(seed, GENERATED)
    hcl_mutants.judge_go(binary, cases)
    hcl_mutants.judge_ours(cases)
    verdict = hcl_mutants.verdict(cases)
    generated_refused = [c for c in cases if c.edit_line is None and not c.go["ok"]]
    assert generated_refused == [], [hcl_mutants.describe(c) for c in generated_refused]
    assert verdict.rejected > MUTANTS // 4, "the mutants hardly ever break the syntax: the test tests little"
    assert verdict.false_accepts == [], [hcl_mutants.describe(c) for c in verdict.false_accepts]
    assert verdict.false_errors == [], [hcl_mutants.describe(c) for c in verdict.false_errors]
    assert verdict.near >= 0.90 * verdict.rejected, [hcl_mutants.describe(c) for c in verdict.far]
