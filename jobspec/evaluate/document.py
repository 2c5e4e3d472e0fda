"""One document through jobspec2's evaluation: variables, locals, dynamic blocks, then
every expression in the job, so a bad expression is reported once, where it is.

A file with no ``variable``/``locals``/``dynamic`` blocks and no ``--var`` input
skips straight to the expression pass, which only computes what the normaliser
would compute anyway (results are cached in the scope).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from jobspec.diagnostics import Finding
from jobspec.evaluate.dynamic import Expander, has_dynamic
from jobspec.evaluate.expressions import Scope, evaluate_checked
from jobspec.evaluate.functions import Files
from jobspec.evaluate.variables import Collector
from jobspec.inputs import Inputs
from jobspec.load.syntax import Block, Body, Document

_DECLARING = ("variable", "variables", "locals")


@dataclass
class Prepared:
    document: Document
    scope: Scope
    diagnostics: list[Finding] = field(default_factory=list)


def prepare(document: Document, inputs: Inputs | None = None) -> Prepared:
    inputs = inputs or Inputs()
    # Nomad reads file("x") from the current folder, whatever folder the job is in.
    here = os.getcwd()
    files = Files(here, inputs.fs_root or here, inputs.allow_fs_outside, inputs.fs_root is not None)
    scope = Scope(evaluated=True, files=files)
    diagnostics: list[Finding] = []
    if inputs.given or any(b.type in _DECLARING for b in document.body.blocks):
        collector = Collector(document, inputs, scope)
        collector.declare()
        collector.collect_inputs()
        scope.variables.update(collector.values())
        collector.locals()
        diagnostics.extend(collector.diagnostics)
    jobs = document.body.blocks_of("job")
    if any(has_dynamic(job.body) for job in jobs):
        expander = Expander(scope)
        blocks = tuple(
            replace(b, body=expander.body(b.body, {})) if b.type == "job" else b for b in document.body.blocks
        )
        document = replace(document, body=Body(document.body.attributes, blocks, document.body.span))
        diagnostics.extend(expander.diagnostics)
    for job in document.body.blocks_of("job"):
        _check(job, scope, diagnostics)
    return Prepared(document, scope, _unique(diagnostics))


def _check(block: Block, scope: Scope, out: list[Finding]) -> None:
    # Value types (a runtime reference where a number is required, say) are the
    # schema's business; here only expressions that cannot be evaluated at all.
    for attr in block.body.attributes:
        _, error = evaluate_checked(attr.expr, scope)
        if error is not None:
            out.append(Finding(str(error), error.span, error.hint, rule=error.rule))
    for child in block.body.blocks:
        _check(child, scope, out)


def _unique(diagnostics: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    result = []
    for d in diagnostics:
        key = (d.rule, d.span, d.message)
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result
