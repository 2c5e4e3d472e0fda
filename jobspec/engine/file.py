"""One job file through the whole pipeline: load → evaluate → normalize → rules,
then selection, suppressions and severity overrides. Pure but for reading the
job's own files through HCL functions (``file()``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from jobspec.diagnostics import Diagnostic, Finding, Outcome, Span
from jobspec.engine import suppress
from jobspec.engine.options import Options
from jobspec.engine.run import check_job, one_per_mistake, stamped
from jobspec.evaluate import Scope
from jobspec.evaluate.document import prepare
from jobspec.inputs import Inputs
from jobspec.load.files import decode
from jobspec.load.hcl import parse
from jobspec.load.syntax import Document
from jobspec.load_rules import FILE_UNREADABLE, HCL_SYNTAX
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.normalize.job import normalize
from jobspec.rules import rules_for


@dataclass(frozen=True)
class Loaded:
    """A job file read, evaluated and normalised, with what each stage found."""

    jobs: tuple[Job, ...] = ()
    document: Document | None = None
    scope: Scope | None = None
    parsing: tuple[Diagnostic, ...] = ()
    """Syntax problems; with any, there is no document."""
    evaluation: tuple[Diagnostic, ...] = ()
    normalization: tuple[Diagnostic, ...] = ()

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return (*self.parsing, *self.evaluation, *self.normalization)


def load_text(text: str, path: str, inputs: Inputs | None = None, scope: Scope | None = None) -> Loaded:
    """Parse, evaluate (unless a ``scope`` is given) and normalize one file's text."""
    if not text.strip():
        return Loaded(parsing=tuple(stamped([unreadable(path, "file is empty; a job file needs a `job` block")])))
    parsed = parse(text, path)
    if parsed.document is None:
        return Loaded(parsing=tuple(stamped(parsed.diagnostics)))
    document, evaluation = parsed.document, tuple[Diagnostic, ...]()
    if scope is None:
        prepared = prepare(document, inputs)
        document, scope, evaluation = prepared.document, prepared.scope, tuple(stamped(prepared.diagnostics))
    jobs, found = normalize(document, scope)
    return Loaded(tuple(jobs), document, scope, tuple(stamped(parsed.diagnostics)), evaluation, tuple(stamped(found)))


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
    return _lint_loaded(load_text(text, path, inputs, scope), catalog, nomad_version, enabled)


def _lint_loaded(
    loaded: Loaded, catalog: object, nomad_version: tuple[int, int, int] | None, enabled: Collection[str] | None
) -> Outcome:
    outcome = Outcome(list(loaded.diagnostics))
    if loaded.document is not None:
        ctx = Context(loaded.document, catalog, loaded.scope, nomad_version)
        scopes = ("job", "catalog") if catalog is not None else ("job",)
        for job in loaded.jobs:
            outcome.extend(check_job(job, ctx, scopes, enabled))
    # A dynamic block's content is one template for many blocks: the same finding at the
    # same spot for each of them says nothing new.
    outcome.diagnostics = list(dict.fromkeys(outcome.diagnostics))
    return outcome


def lint_file(data: bytes, name: str, options: Options, file_ignores: tuple[str, ...] = ()) -> Outcome:
    """One file's diagnostics after selection, suppressions and severity overrides:
    what every command reports for it."""
    return lint_jobs(data, name, options, file_ignores)[0]


def lint_jobs(
    data: bytes, name: str, options: Options, file_ignores: tuple[str, ...] = ()
) -> tuple[Outcome, tuple[Job, ...]]:
    """:func:`lint_file`, and the file's normalised jobs (for ``plan``)."""
    text, problem = decode(data, name)
    enabled = options.enabled() - set(file_ignores)
    if problem is not None or text is None:
        return _finish(Outcome(stamped([problem] if problem else [])), None, name, options, enabled), ()
    loaded = load_text(text, name, options.inputs)
    outcome = _lint_loaded(loaded, options.catalog, options.nomad_version, enabled)
    return _finish(outcome, text, name, options, enabled), loaded.jobs


def _finish(outcome: Outcome, text: str | None, name: str, options: Options, enabled: set[str]) -> Outcome:
    """Selection, suppressions, one finding per mistake and severity overrides."""
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
