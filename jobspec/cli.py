"""The command line: thin. Finds files, runs the pipeline, hands a Report to a formatter.

Exit codes (a contract): 0 nothing at or above ``--fail-on``; 1 findings;
2 usage error (unknown flag, path that does not exist); 3 internal error.
"""

# Annotations here are evaluated where they are written, not postponed (no
# `from __future__ import annotations`, unlike the rest of jobspec): typer reads
# every command's signature at each start-up, and would otherwise eval each
# annotation string again, building its options anew (~13 ms of a one-file run).

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from jobspec import __version__
from jobspec.commands.plan import load_catalog_into, plan_command
from jobspec.commands.shared import (
    CatalogOpt,
    ConfigOpt,
    FsOutsideOpt,
    IgnoreOpt,
    NoStrictOpt,
    OutputOpt,
    SelectOpt,
    StdinNameOpt,
    VarFileOpt,
    VarOpt,
    catalog_from,
    configuration,
    files_read,
    guard_outputs,
    job_inputs,
    rule_options,
    stop_on,
    write_result,
)
from jobspec.load.files import read_bytes
from jobspec.report import FORMATTERS
from jobspec.report.options import METAVAR, complete_format
from jobspec.runner import discover  # also imported from here by callers and tests

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# The skip reason of a *.nomad(.hcl) file found in a folder without a job block (rule file-not-job).
NOT_A_JOB = "no top-level job block (a volume or node pool specification?): not checked as a job"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Catch broken Nomad job files (networks, ports, CNI) before they reach a cluster.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


Format = Enum("Format", {name: name for name in FORMATTERS}, type=str)  # type: ignore[misc]


class NormalizeFormat(str, Enum):
    json = "json"
    nomad_json = "nomad-json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jobspec {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """jobspec checks Nomad job files offline."""


def read_job(path: str, stdin_name: str) -> tuple[bytes, str]:
    """The bytes of the one job file a command takes (standard input for ``-``) and
    the name to report for it; a path that cannot be read is a usage error."""
    if path == "-":
        return sys.stdin.buffer.read(), stdin_name
    require_existing([path])
    data, problem = read_bytes(path)
    if problem is not None:
        _usage(f"{path}: {problem}")
    return data, path


# The report options every command that reports diagnostics shares (validate, catalog check).
FormatsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        metavar=METAVAR,
        autocompletion=complete_format,
        help=f"Report format ({', '.join(FORMATTERS)}; default text), and where to write it: json:r.json "
        "(no file or -: stdout). Repeat it to write several.",
        show_default=False,
    ),
]
OutputsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="File for a --format that names none, in order (- is stdout); "
        "with several such formats give one each, or use FORMAT:FILE.",
    ),
]


def report_request(formats: list[str] | None, outputs: list[str] | None) -> tuple[list[str], list[str]]:
    """The report formats and the output of each from ``--format`` and ``--output``;
    checked before any path, as a usage error (exit 2), the way a bad flag value is."""
    from jobspec.report import OutputError
    from jobspec.report.options import requested

    try:
        return requested(formats or (), outputs or ())
    except OutputError as exc:
        _usage(str(exc))


SummaryOpt = Annotated[
    bool, typer.Option("--summary", help="Print totals and skipped checks on stderr (text has them already).")
]


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Job files or folders; - reads standard input.")],
    output_formats: FormatsOpt = None,
    outputs: OutputsOpt = None,
    summary: SummaryOpt = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Lowest severity that makes the exit code 1 (default: error, or fail-on in the configuration).",
            show_default=False,
        ),
    ] = None,
    stdin_filename: StdinNameOpt = "stdin",
    variables: VarOpt = None,
    var_files: VarFileOpt = None,
    no_strict: NoStrictOpt = False,
    allow_fs_outside: FsOutsideOpt = False,
    catalog_paths: CatalogOpt = None,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Glob of files to check inside folders (repeatable).")
    ] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Glob of files or folders to skip.")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per usable CPU).")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")] = False,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Report only findings absent from this saved JSON report.")
    ] = None,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Finding no job file is no error (exit 0, not 2).")
    ] = False,
    fix: Annotated[
        bool,
        typer.Option("--fix", help="Apply the safe fixes to the job files, then report what remains."),
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option("--unsafe-fixes", help="Apply (or count) fixes that may change the job's meaning too."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="Print the fixes as a unified diff on stdout instead of writing them."),
    ] = False,
) -> None:
    """Check job files and report every problem found."""
    formats, destinations = report_request(output_formats, outputs)
    from jobspec import cache
    from jobspec.diagnostics import Outcome, Severity
    from jobspec.patterns import Pattern
    from jobspec.report import OutputError, plan
    from jobspec.report.model import Report
    from jobspec.runner import run

    settings, config_problems = configuration(config_path)
    require_existing(p for p in paths if p != "-")
    if paths.count("-") > 1:
        _usage("- (standard input) can be given only once")
    if fix and "-" in paths and not diff:
        _usage("--fix cannot write standard input back; use --diff to print the fixes as a diff")
    known = None
    if baseline is not None:
        from jobspec.baseline import BaselineError, load

        try:
            known = load(baseline)
        except BaselineError as exc:
            _usage(str(exc))
    # Inputs and catalog join once read; the rule names are checked now, before any work.
    options = rule_options(settings, select, ignore, None)
    root = settings.root
    not_jobs: list[str] = []
    files = discover(
        paths,
        include=tuple(Pattern(g) for g in include) if include else tuple(Pattern(g, root) for g in settings.include),
        exclude=tuple(Pattern(g) for g in exclude) if exclude else tuple(Pattern(g, root) for g in settings.exclude),
        not_jobs=not_jobs,
    )
    # Named files are always taken unless excluded: then the caller (a pre-commit hook)
    # chose them and the configuration left them out, which is no mistake.
    if not files and not allow_empty and all(os.path.isdir(p) for p in paths):
        _usage(f"no job files found in {', '.join(paths)} (--allow-empty if none is expected)")
    input_paths = [path for path, _ in files]
    catalog_sources = catalog_from(settings, catalog_paths)
    try:
        planned = plan(formats, destinations, input_paths)
    except OutputError as exc:
        _usage(str(exc))
    # --diff has standard output to itself: a report goes to a file or nowhere.
    reported = not diff or bool(output_formats or outputs)
    if diff and reported and any(d.path == "-" for d in planned):
        _usage("--diff prints the diff on standard output; name a file for each report (--format FORMAT:FILE)")
    read = [*input_paths, *files_read(settings, config_path, var_files, catalog_sources), baseline or "-"]
    guard_outputs(destinations, read, [p for p in catalog_sources if os.path.isdir(p)])
    if config_problems is not None:
        _emit(config_problems, formats, destinations, input_paths, summary)
        raise typer.Exit(EXIT_USAGE)
    inputs = job_inputs(settings, variables, var_files, no_strict, allow_fs_outside)
    front = Outcome()
    sources: dict[str, str] = {}
    catalog = load_catalog_into(catalog_sources, front, options.enabled()) if catalog_sources else None
    options = replace(
        options,
        inputs=inputs,
        catalog=catalog,
        catalog_digest=cache.files_digest(tuple(catalog_sources)) if catalog_sources and not no_cache else "",
        nomad_version=settings.nomad_version,
    )
    result_cache = cache.Cache(None, "") if no_cache else cache.Cache(cache.folder(), options.digest())
    fixing = fix or diff
    stdin = sys.stdin.buffer.read() if fixing and "-" in paths else None
    read_stdin = (lambda: stdin or b"") if stdin is not None else (lambda: sys.stdin.buffer.read())
    result = run(files, options, result_cache, jobs=jobs or _cpus(), stdin_name=stdin_filename, read_stdin=read_stdin)
    fixed = None
    if fixing:
        from jobspec.commands.fixing import fix_files

        fixed = fix_files(
            files,
            result.diagnostics,
            options,
            unsafe=unsafe_fixes,
            write=not diff,
            read_elsewhere=read[len(input_paths) :],
            folders_read=[p for p in catalog_sources if os.path.isdir(p)],
            stdin=stdin,
            stdin_name=stdin_filename,
        )
        if fixed.contents:
            # What remains: the fixed files checked again (the others answer from the cache).
            result = run(
                files,
                options,
                result_cache,
                jobs=jobs or _cpus(),
                stdin_name=stdin_filename,
                read_stdin=read_stdin,
                contents=fixed.contents,
            )
        from jobspec.report.visible import visible

        for problem in fixed.problems():
            typer.echo(visible(f"jobspec: warning: {problem}"), err=True)
    # A var file's findings come once per job file: keep one of each.
    diagnostics = sorted({*front.diagnostics, *result.diagnostics}, key=lambda d: d.sort_key())
    if known is not None:
        from jobspec.baseline import new_findings

        diagnostics = new_findings(diagnostics, known)
    sources.update(result.sources)
    # Var files are read at the edge too; keep their text so carets can point into them.
    sources.update((path, text) for path, text in inputs.var_files if any(d.span.file == path for d in diagnostics))
    report = Report(
        files=result.files,
        diagnostics=tuple(diagnostics),
        skipped=tuple(sorted([*front.skipped, *result.skipped, *(f"{p}: {NOT_A_JOB}" for p in not_jobs)])),
        sources=sources,
        paths=tuple(stdin_filename if path == "-" else name for path, name in files),
        fail_on=Severity((fail_on.value if fail_on else None) or settings.fail_on or "error"),
        unsafe_fixes=unsafe_fixes,
        fixed=fixed.fixed if fixed is not None else None,
        fix_preview=diff,
    )
    if diff:
        assert fixed is not None
        sys.stdout.write(fixed.diff())
        sys.stdout.flush()
        # The report goes only to files; its totals to standard error, as --summary puts them.
        if reported:
            _emit(report, formats, destinations, input_paths, False)
        from jobspec.report.summary import lines

        sys.stderr.write("".join(line + "\n" for line in lines(report)))
        sys.stderr.flush()
    else:
        _emit(report, formats, destinations, input_paths, summary)
    failed = any(report.fails(d) for d in report.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _emit(report, formats: list[str], destinations: list[str], inputs: list[str], summary: bool) -> None:
    from jobspec.report import OutputError, emit

    try:
        emit(report, formats, destinations, inputs=inputs, summary=summary)
    except OutputError as exc:
        _usage(str(exc))


def _cpus() -> int:
    # pre-commit already runs one hook process per CPU, each with a share of the files.
    if os.environ.get("PRE_COMMIT"):
        return 1
    # The CPUs this process may use (a container's share), not the machine's.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@app.command()
def normalize(
    path: Annotated[str, typer.Argument(help="A job file; - reads standard input.")],
    output_format: Annotated[
        NormalizeFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: jobspec's model (schemas/normalized.schema.json); nomad-json: the parts jobspec checks "
            "(networks, ports, services, task drivers) in Nomad's API JSON, not the whole job: its Note field "
            "lists what it holds.",
        ),
    ] = NormalizeFormat.json,
    output: OutputOpt = None,
    variables: VarOpt = None,
    var_files: VarFileOpt = None,
    no_strict: NoStrictOpt = False,
    allow_fs_outside: FsOutsideOpt = False,
    stdin_filename: StdinNameOpt = "stdin",
    config_path: ConfigOpt = None,
) -> None:
    """Print the normalised job of a file as JSON.

    An expression Nomad could not evaluate (an unset variable, a value for one the
    job does not declare, file() outside the job's folder) is printed on standard
    error; as ``nomad job run`` stops there, so does normalize (exit 1)."""
    from jobspec.diagnostics import Severity
    from jobspec.engine.run import stamped
    from jobspec.evaluate.document import prepare
    from jobspec.load.files import decode
    from jobspec.load.hcl import parse
    from jobspec.model.serialize import jobs_to_json
    from jobspec.normalise.job import MISSING_JOB, normalise

    settings, problems = configuration(config_path)
    data, name = read_job(path, stdin_filename)
    guard_outputs([output or "-"], [path, *files_read(settings, config_path, var_files)])
    stop_on(problems)
    inputs = job_inputs(settings, variables, var_files, no_strict, allow_fs_outside)
    text, diagnostic = decode(data, name)
    from jobspec.report.visible import visible

    if text is None:
        typer.echo(visible(f"{name}: {diagnostic.message}"), err=True)  # type: ignore[union-attr]
        raise typer.Exit(EXIT_FINDINGS)
    parsed = parse(text, name)
    if parsed.document is None:
        d = parsed.diagnostics[0]
        typer.echo(visible(f"{name}:{d.span.line}:{d.span.column}: {d.message}"), err=True)
        raise typer.Exit(EXIT_FINDINGS)
    prepared = prepare(parsed.document, inputs)
    problems = sorted(set(stamped(prepared.diagnostics)), key=lambda d: d.sort_key())
    for d in problems:
        typer.echo(f"{d.span.file}:{d.span.line}:{d.span.column}: {d.severity.value}: {d.message} [{d.rule}]", err=True)
    if any(d.severity is Severity.ERROR for d in problems):
        raise typer.Exit(EXIT_FINDINGS)
    jobs, _ = normalise(prepared.document, prepared.scope)
    if output_format is NormalizeFormat.nomad_json:
        from jobspec.model.nomad_api import api_document

        if not jobs:
            typer.echo(f"{name}: {MISSING_JOB}", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        document = api_document(jobs[0])
    else:
        document = jobs_to_json(jobs)
    write_result(json.dumps(document, indent=2, sort_keys=False) + "\n", output)


@app.command("rules")
def list_rules() -> None:
    """List every rule: id, severity, scope and summary."""
    from jobspec.docs import rule_list
    from jobspec.rules import all_rules

    typer.echo(rule_list(all_rules()), nl=False)


@app.command("rule")
def show_rule(rule_id: Annotated[str, typer.Argument(help="A rule id, as `jobspec rules` lists it.")]) -> None:
    """Explain one rule, with a failing and a passing example."""
    from jobspec.docs import rule_text
    from jobspec.report import use_color
    from jobspec.rules import rules_by_id

    rule = rules_by_id().get(rule_id)
    if rule is None:
        _usage(f"no rule with id {rule_id!r}; `jobspec rules` lists them")
    # Not typer.echo: click strips colour codes whenever stdout is not a terminal, even when forced.
    sys.stdout.write(rule_text(rule, color=use_color()))


app.command("plan")(plan_command)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _usage(message: str) -> NoReturn:
    typer.echo(f"jobspec: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def require_existing(paths: Iterable[str]) -> None:
    """A usage error for the first of ``paths`` that does not exist."""
    for path in paths:
        if os.path.exists(path):
            continue
        if os.path.islink(path):
            _usage(f"path is a symbolic link to nothing (its target is missing, or the links loop): {path}")
        _usage(f"path does not exist: {path}")


from jobspec.commands.catalog import catalog_app  # noqa: E402  (imports cli's helpers)

app.add_typer(catalog_app, name="catalog")

from jobspec.commands.cache import cache_app  # noqa: E402

app.add_typer(cache_app, name="cache")


def main() -> None:
    """Console entry point: every unexpected exception becomes exit code 3, with a
    one-line message rather than a traceback (set JOBSPEC_DEBUG=1 for the traceback)."""
    try:
        # Outside standalone mode click returns the code of typer.Exit instead of exiting.
        code = app(standalone_mode=False)
    except typer.Abort:
        sys.exit(130)
    except typer.TyperException as exc:  # typer's (vendored) click usage errors
        # typer validates choices with pydantic, whose message starts with its error kind.
        if isinstance(getattr(exc, "message", None), str):
            exc.message = exc.message.removeprefix("Value error, ")  # type: ignore[attr-defined]
        exc.show()  # type: ignore[attr-defined]
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        if os.environ.get("JOBSPEC_DEBUG"):
            raise
        typer.echo(f"jobspec: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
