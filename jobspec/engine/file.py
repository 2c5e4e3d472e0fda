"""One job file through the whole pipeline: load → evaluate → normalise → rules,
then selection, suppressions and severity overrides. Pure but for reading the
job's own files through HCL functions (``file()``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from jobspec.diagnostics import Diagnostic, Finding, Outcome, Span
from jobspec.engine import suppress
from jobspec.engine.options import Options
from jobspec.engine.run import check_job, one_per_mistake, stamped
from jobspec.evaluate import Scope
from jobspec.evaluate.document import prepare
from jobspec.load.files import decode
from jobspec.load.hcl import parse
from jobspec.load_rules import FILE_UNREADABLE, HCL_SYNTAX
from jobspec.model.context import Context
from jobspec.model.inputs import Inputs
from jobspec.normalise.job import normalise
from jobspec.rules import rules_for


def lint_text(
    text: str,
    path: str,
    scope: Scope | None = None,
    catalog: object = None,
    inputs: Inputs | None = None,
    nomad_version: tuple[int, int, int] | None = None,
    enabled: Collection[str] | None = None,
) -> Outcome:
    """Every finding in one file's text, before suppressions: only the rules in
    ``enabled`` run (all when None). ``inputs`` are the --var / --var-file values; a
    given ``scope`` skips HCL2 evaluation; ``nomad_version`` is the configured target
    version (rule nomad-version)."""
    outcome = Outcome()
    if not text.strip():
        outcome.diagnostics.extend(stamped([unreadable(path, "file is empty; a job file needs a `job` block")]))
        return outcome
    parsed = parse(text, path)
    outcome.diagnostics.extend(stamped(parsed.diagnostics))
    if parsed.document is None:
        return outcome
    document = parsed.document
    if scope is None:
        prepared = prepare(document, inputs)
        document, scope = prepared.document, prepared.scope
        outcome.diagnostics.extend(stamped(prepared.diagnostics))
    jobs, found = normalise(document, scope)
    outcome.diagnostics.extend(stamped(found))
    ctx = Context(document, catalog, scope, nomad_version)
    scopes = ("job", "catalog") if catalog is not None else ("job",)
    for job in jobs:
        outcome.extend(check_job(job, ctx, scopes, enabled))
    # A dynamic block's content is one template for many blocks: the same finding at the
    # same spot for each of them says nothing new.
    outcome.diagnostics = list(dict.fromkeys(outcome.diagnostics))
    return outcome


def lint_file(data: bytes, name: str, options: Options, file_ignores: tuple[str, ...] = ()) -> Outcome:
    """One file's diagnostics after selection, suppressions and severity overrides:
    what every command reports for it."""
    text, problem = decode(data, name)
    enabled = options.enabled() - set(file_ignores)
    if problem is not None:
        outcome = Outcome(stamped([problem]))
    else:
        outcome = lint_text(
            text or "",
            name,
            catalog=options.catalog,
            inputs=options.inputs,
            nomad_version=options.nomad_version,
            enabled=enabled,
        )
    # Load rules run whether selected or not (a file must be read to be checked);
    # their findings are dropped here when deselected.
    kept = [d for d in outcome.diagnostics if d.rule in enabled]
    if text is not None:
        scopes = ["load"]
        if not any(d.rule in (HCL_SYNTAX, FILE_UNREADABLE) for d in outcome.diagnostics):
            scopes += ["job", "catalog"] if options.catalog is not None else ["job"]
        ran = {r.id for s in scopes for r in rules_for(s, enabled)}
        kept = [d for d in suppress.apply(kept, text, name, ran) if d.rule in enabled]
    kept = one_per_mistake(kept)
    kept = [replace(d, severity=options.severity[d.rule]) if d.rule in options.severity else d for d in kept]
    return Outcome(sorted(kept, key=Diagnostic.sort_key), sorted(outcome.skipped))


def unreadable(path: str, message: str) -> Finding:
    """A job file that cannot be read or holds nothing (rule file-unreadable)."""
    return Finding(message, Span.point(path), rule=FILE_UNREADABLE)
