"""One document through jobspec2's evaluation: variables, locals, dynamic blocks, then
every expression in the job, so a bad expression is reported once, where it is.

A file with no ``variable``/``locals``/``dynamic`` blocks and no ``--var`` input
skips straight to the expression pass, which only computes what the normaliser
would compute anyway (results are cached in the scope).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.evaluate.dynamic import Expander, has_dynamic
from jobspec.evaluate.expressions import Scope, evaluate_checked
from jobspec.evaluate.functions import Files
from jobspec.evaluate.types import ConversionError, parse_number
from jobspec.evaluate.variables import Collector, Inputs
from jobspec.load.syntax import Block, Body, Document
from jobspec.rules import hcl_unsuitable_value

# Number-typed arguments of Nomad's job structs, by block type: a runtime
# reference there can never become a number, so Nomad rejects the job.
NUMERIC = {
    "job": ("priority",),
    "group": ("count",),
    "port": ("static", "to"),
    "network": ("mbits",),
    "update": ("canary", "max_parallel"),
    "migrate": ("max_parallel",),
    "scaling": ("min", "max"),
    "resources": ("cpu", "cores", "memory", "memory_max", "disk", "iops"),
    "restart": ("attempts",),
    "reschedule": ("attempts",),
    "ephemeral_disk": ("size",),
    "check_restart": ("limit",),
    "logs": ("max_files", "max_file_size"),
}

_DECLARING = ("variable", "variables", "locals")


@dataclass
class Prepared:
    document: Document
    scope: Scope
    diagnostics: list[Diagnostic] = field(default_factory=list)


def prepare(document: Document, inputs: Inputs | None = None) -> Prepared:
    inputs = inputs or Inputs()
    base = os.path.dirname(os.path.abspath(document.path))
    scope = Scope(evaluated=True, files=Files(base, inputs.allow_fs_outside))
    diagnostics: list[Diagnostic] = []
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


def _check(block: Block, scope: Scope, out: list[Diagnostic]) -> None:
    numeric = NUMERIC.get(block.type, ())
    for attr in block.body.attributes:
        value, error = evaluate_checked(attr.expr, scope)
        if error is not None:
            out.append(Diagnostic(error.rule, Severity.ERROR, str(error), error.span, error.hint))
        elif attr.name in numeric and isinstance(value, str) and "${" in value and not _numeric(value):
            out.append(
                Diagnostic(
                    hcl_unsuitable_value.ID,
                    Severity.ERROR,
                    f"Unsuitable value type; Unsuitable value: a number is required, but {attr.name} is the runtime "
                    f"reference {value!r}",
                    attr.expr.span,
                    "Nomad fills ${...} in only when the task runs, but reads this number when the job is "
                    "submitted; use a number, a var.* or a local.*",
                )
            )
    for child in block.body.blocks:
        _check(child, scope, out)


def _numeric(text: str) -> bool:
    try:
        parse_number(text)
    except ConversionError:
        return False
    return True


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple] = set()
    result = []
    for d in diagnostics:
        key = (d.rule, d.span, d.message)
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result
