"""load → normalise → check, for one job file. The only I/O is reading the file."""

from __future__ import annotations

from jobspec.check import Context, check_job
from jobspec.diagnostics import Diagnostic, Outcome, Severity, Span
from jobspec.evaluate import Scope
from jobspec.evaluate.document import prepare
from jobspec.load.files import decode, read_bytes
from jobspec.load.hcl import parse
from jobspec.model.inputs import Inputs
from jobspec.normalise.job import normalise
from jobspec.rules import file_unreadable


def validate_text(
    text: str,
    path: str,
    scope: Scope | None = None,
    catalog: object = None,
    inputs: Inputs | None = None,
    nomad_version: tuple[int, int, int] | None = None,
) -> Outcome:
    """``inputs`` are the --var / --var-file values; a given ``scope`` skips HCL2 evaluation;
    ``nomad_version`` is the configured target version (rule nomad-version)."""
    outcome = Outcome()
    if not text.strip():
        outcome.diagnostics.append(_unreadable(path, "file is empty; a job file needs a `job` block"))
        return outcome
    parsed = parse(text, path)
    outcome.diagnostics.extend(parsed.diagnostics)
    if parsed.document is None:
        return outcome
    document = parsed.document
    if scope is None:
        prepared = prepare(document, inputs)
        document, scope = prepared.document, prepared.scope
        outcome.diagnostics.extend(prepared.diagnostics)
    jobs, diagnostics = normalise(document, scope)
    outcome.diagnostics.extend(diagnostics)
    ctx = Context(document, catalog, scope, nomad_version)
    for job in jobs:
        outcome.extend(check_job(job, ctx, ("job", "catalog") if catalog is not None else ("job",)))
    # A dynamic block's content is one template for many blocks: the same finding at the
    # same spot for each of them says nothing new.
    outcome.diagnostics = list(dict.fromkeys(outcome.diagnostics))
    return outcome


def validate_file(
    path: str,
    display: str | None = None,
    scope: Scope | None = None,
    catalog: object = None,
    inputs: Inputs | None = None,
) -> Outcome:
    """Read and validate ``path``; ``display`` is the name reports use for it."""
    name = display or path
    data, problem = read_bytes(path)
    if problem is not None:
        return Outcome([_unreadable(name, problem)])
    text, diagnostic = decode(data, name)
    if diagnostic is not None:
        return Outcome([diagnostic])
    assert text is not None  # decode() gives the text or the diagnostic saying why there is none
    return validate_text(text, name, scope, catalog, inputs)


def _unreadable(path: str, message: str) -> Diagnostic:
    return Diagnostic(file_unreadable.ID, Severity.ERROR, message, Span.point(path))
