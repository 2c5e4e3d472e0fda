"""Check a job file's structure against ``schemas/job.schema.json``.

The schema describes the syntax tree, so the instance is built from it, not
from Nomad's API JSON. Four parts, one module each:

- :mod:`~jobspec.structure.instance` builds the instance from a document, with
  a span for every path in it;
- :mod:`~jobspec.structure.lenient` is the jsonschema validator with HCL's
  types, on which null and Unknown pass every check;
- :mod:`~jobspec.structure.fast` is the schema compiled once into a
  conformance check that decides a valid file with one walk;
- :mod:`~jobspec.structure.translate` turns jsonschema's errors into findings.

Only a file that fails the fast check (or reaches a keyword it does not read)
pays for jsonschema's import and a pass of ``iter_errors``, which makes every
finding. Rules ask :func:`findings` for their kind; the result of the last
document is memoised, so the schema rules together validate a file once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding
from jobspec.evaluate import Scope
from jobspec.load.syntax import Document
from jobspec.structure.fast import conformance, fast_conforms
from jobspec.structure.instance import build
from jobspec.structure.lenient import SCHEMA, lenient_validator, validator
from jobspec.structure.translate import (
    DUPLICATE_BLOCK,
    EXTRA_LABEL,
    MISSING_LABEL,
    REQUIRED,
    TYPE,
    UNKNOWN_ARGUMENT,
    UNKNOWN_BLOCK,
    SchemaError,
    Translator,
)

if TYPE_CHECKING:
    from jobspec.model.context import Context
    from jobspec.model.job import Job

__all__ = [
    "DUPLICATE_BLOCK",
    "EXTRA_LABEL",
    "MISSING_LABEL",
    "REQUIRED",
    "SCHEMA",
    "TYPE",
    "UNKNOWN_ARGUMENT",
    "UNKNOWN_BLOCK",
    "SchemaError",
    "build",
    "conformance",
    "fast_conforms",
    "findings",
    "lenient_validator",
    "rule_findings",
    "schema_errors",
    "validator",
]


def schema_errors(document: Document, scope: Scope | None = None) -> tuple[SchemaError, ...]:
    instance, where = build(document, scope)
    if fast_conforms(instance):
        return ()
    translator = Translator(where)
    found = [f for error in validator().iter_errors(instance) for f in translator.translate(error)]
    return tuple(sorted(found, key=lambda f: (f.span.line, f.span.column, f.kind)))


def findings(ctx: Context, kind: str) -> tuple[SchemaError, ...]:
    """The findings of ``kind`` in the context's document: the schema rules share
    one validation of the file, kept in the context's memo."""
    if "schema" not in ctx.memo:
        ctx.memo["schema"] = schema_errors(ctx.document, ctx.scope)
    return tuple(f for f in ctx.memo["schema"] if f.kind == kind)


def rule_findings(job: Job, ctx: Context, kind: str) -> Iterator[Finding]:
    """The schema errors of ``kind`` as a rule's findings: the shared body of every schema rule.

    The schema covers the whole file, top-level blocks too, so it reports
    along with the file's first job only."""
    first = ctx.document.body.blocks_of("job")[:1]
    if first and job.block is not first[0]:
        return
    for f in findings(ctx, kind):
        yield Finding(f.message, f.span, f.hint, job=f.job, group=f.group)
