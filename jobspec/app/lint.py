"""``validate``: find job files, check each one (cached, in parallel), one report.

The requests and results are named tuples: a warm pre-commit run imports this
module, and a named tuple is about ten times cheaper to define than a dataclass."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.engine.options import Options
from jobspec.patterns import Pattern
from jobspec.report.model import Report
from jobspec.runner import discover, run

if TYPE_CHECKING:
    from jobspec.app.fixing import Fixing
    from jobspec.model.catalog import Catalog

# The skip reason of a *.nomad(.hcl) file found in a folder without a job block (rule file-not-job).
NOT_A_JOB = "no top-level job block (a volume or node pool specification?): not checked as a job"


class JobFiles(NamedTuple):
    """The job files below some paths, and the ``*.nomad`` files left out as no job."""

    files: tuple[tuple[str, str], ...]
    """(path to read, name to report); path ``-`` is standard input."""
    not_jobs: tuple[str, ...] = ()


def find_job_files(paths: Sequence[str], include: Sequence[Pattern] = (), exclude: Sequence[Pattern] = ()) -> JobFiles:
    not_jobs: list[str] = []
    files = discover(list(paths), include=tuple(include), exclude=tuple(exclude), not_jobs=not_jobs)
    return JobFiles(tuple(files), tuple(not_jobs))


class CatalogLoad(NamedTuple):
    catalog: Catalog
    problems: tuple[Diagnostic, ...]
    """The catalog's own problems: not the job's, so no report carries them."""


def open_catalog(paths: Sequence[str], options: Options) -> CatalogLoad:
    """The catalog for ``validate`` and ``plan``, read with the enabled conflist and agent rules."""
    from jobspec.engine.catalog import load_catalog

    catalog, problems = load_catalog(list(paths), options.enabled())
    return CatalogLoad(catalog, tuple(problems))


class LintRequest(NamedTuple):
    found: JobFiles
    options: Options
    """Rule selection, inputs, catalog and target Nomad version."""
    catalog: CatalogLoad | None = None
    catalog_sources: tuple[str, ...] = ()
    jobs: int = 1
    use_cache: bool = True
    stdin_name: str = "stdin"
    baseline: Any = None
    """Findings of a saved report (``jobspec.baseline.load``): only new ones are kept."""
    fail_on: Severity = Severity.ERROR
    unsafe_fixes: bool = False
    """Unsafe fixes count as applicable (``--unsafe-fixes``): marked, and applied when fixing."""
    fixes: FixRequest | None = None
    """Apply the fixes (``--fix``), or only show them (``--diff``); None: report them only."""


class FixRequest(NamedTuple):
    write: bool = True
    """Write the fixed files (``--fix``); False shows them as a diff (``--diff``)."""
    read_elsewhere: tuple[str, ...] = ()
    """Files the run reads as something other than a job (var files, catalog, configuration,
    baseline): never written, even when also given as a job."""
    folders_read: tuple[str, ...] = ()
    """Catalog folders: no file below one is written."""


def lint(request: LintRequest) -> Report:
    return lint_fixing(request)[0]


def lint_fixing(request: LintRequest) -> tuple[Report, Fixing | None]:
    """The report, and with ``request.fixes`` what fixing came to: the report then
    holds what remains after the fixes (written or, with ``--diff``, not)."""
    from jobspec import cache

    options = request.options
    if request.catalog is not None:
        digest = cache.files_digest(request.catalog_sources) if request.use_cache else ""
        options = replace(options, catalog=request.catalog.catalog, catalog_digest=digest)
    result_cache = cache.Cache(cache.folder(), options.digest()) if request.use_cache else cache.Cache(None, "")
    files = list(request.found.files)
    # Fixing reads standard input twice (check, fix, check again): once from the stream.
    stdin = sys.stdin.buffer.read() if request.fixes is not None and any(p == "-" for p, _ in files) else None
    read_stdin = (lambda: stdin or b"") if stdin is not None else (lambda: sys.stdin.buffer.read())
    result = run(files, options, result_cache, jobs=request.jobs, stdin_name=request.stdin_name, read_stdin=read_stdin)
    fixing = None
    if request.fixes is not None:
        # A start-up boundary: fixing parses, which a run served from the cache never does.
        from jobspec.app.fixing import fix_files

        fixing = fix_files(
            files,
            result.diagnostics,
            options,
            unsafe=request.unsafe_fixes,
            write=request.fixes.write,
            read_elsewhere=list(request.fixes.read_elsewhere),
            folders_read=list(request.fixes.folders_read),
            stdin=stdin,
            stdin_name=request.stdin_name,
        )
        if fixing.contents:
            # What remains: the fixed files checked again (the others answer from the cache).
            result = run(
                files,
                options,
                result_cache,
                jobs=request.jobs,
                stdin_name=request.stdin_name,
                read_stdin=read_stdin,
                contents=fixing.contents,
            )
    # A var file's findings come once per job file: keep one of each.
    diagnostics = sorted(set(result.diagnostics), key=Diagnostic.sort_key)
    if request.baseline is not None:
        from jobspec.baseline import new_findings

        diagnostics = new_findings(diagnostics, request.baseline)
    sources = dict(result.sources)
    # Var files are read at the edge too; keep their text so carets can point into them.
    var_files = options.inputs.var_files if options.inputs is not None else ()
    sources.update((path, text) for path, text in var_files if any(d.span.file == path for d in diagnostics))
    skipped = [*result.skipped, *(f"{p}: {NOT_A_JOB}" for p in request.found.not_jobs)]
    if request.catalog is not None:
        skipped.extend(request.catalog.catalog.skipped)
    report = Report(
        files=result.files,
        diagnostics=tuple(diagnostics),
        skipped=tuple(sorted(skipped)),
        sources=sources,
        paths=tuple(request.stdin_name if path == "-" else name for path, name in files),
        fail_on=request.fail_on,
        unsafe_fixes=request.unsafe_fixes,
        fixed=fixing.fixed if fixing is not None else None,
        fix_preview=request.fixes is not None and not request.fixes.write,
    )
    return report, fixing


def default_jobs() -> int:
    """Worker processes when ``--jobs`` is not given."""
    # pre-commit already runs one hook process per CPU, each with a share of the files.
    if os.environ.get("PRE_COMMIT"):
        return 1
    # The CPUs this process may use (a container's share), not the machine's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
