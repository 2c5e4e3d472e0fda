"""``jobspec validate``: check job files and report every problem found."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import os
import sys
from typing import Annotated, Any

import typer

from jobspec.commands.shared import (
    EXIT_USAGE,
    CatalogOpt,
    ConfigOpt,
    FailOn,
    FormatsOpt,
    FsOutsideOpt,
    IgnoreOpt,
    NoStrictOpt,
    OutputsOpt,
    SelectOpt,
    StdinNameOpt,
    SummaryOpt,
    VarFileOpt,
    VarOpt,
    catalog_from,
    configuration,
    emit_report,
    exit_for,
    files_read,
    guard_outputs,
    job_inputs,
    note_catalog_problems,
    report_request,
    require_existing,
    rule_options,
    usage,
    verify_destinations,
)
from jobspec.report.summary import lines
from jobspec.visible import visible


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
    from dataclasses import replace

    from jobspec.app.lint import FixRequest, LintRequest, default_jobs, find_job_files, lint_fixing, open_catalog
    from jobspec.diagnostics import Severity
    from jobspec.patterns import Pattern

    formats, destinations = report_request(output_formats, outputs)
    settings, config_problems = configuration(config_path)
    require_existing(p for p in paths if p != "-")
    if paths.count("-") > 1:
        usage("- (standard input) can be given only once")
    if fix and "-" in paths and not diff:
        usage("--fix cannot write standard input back; use --diff to print the fixes as a diff")
    # --diff has standard output to itself: a report goes to a file or nowhere.
    reported = not diff or bool(output_formats or outputs)
    if diff and reported and "-" in destinations:
        usage("--diff prints the diff on standard output; name a file for each report (--format FORMAT:FILE)")
    known = _baseline(baseline)
    # The rule names are checked now, before any work.
    options = rule_options(settings, select, ignore, None)
    root = settings.root
    found = find_job_files(
        paths,
        include=[Pattern(g) for g in include] if include else [Pattern(g, root) for g in settings.include],
        exclude=[Pattern(g) for g in exclude] if exclude else [Pattern(g, root) for g in settings.exclude],
    )
    # Named files are always taken unless excluded: then the caller (a pre-commit hook)
    # chose them and the configuration left them out, which is no mistake.
    if not found.files and not allow_empty and all(os.path.isdir(p) for p in paths):
        usage(f"no job files found in {', '.join(paths)} (--allow-empty if none is expected)")
    input_paths = [path for path, _ in found.files]
    catalog_sources = catalog_from(settings, catalog_paths)
    verify_destinations(formats, destinations, input_paths)
    read = [*input_paths, *files_read(settings, config_path, var_files, catalog_sources), baseline or "-"]
    guard_outputs(destinations, read, [p for p in catalog_sources if os.path.isdir(p)])
    if config_problems is not None:
        emit_report(config_problems, formats, destinations, input_paths, summary)
        raise typer.Exit(EXIT_USAGE)
    inputs = job_inputs(settings, variables, var_files, no_strict, allow_fs_outside)
    catalog = None
    if catalog_sources:
        require_existing(catalog_sources)
        catalog = open_catalog(catalog_sources, options)
        note_catalog_problems(catalog.problems, listed=True)
    fixes = None
    if fix or diff:
        fixes = FixRequest(
            write=not diff,
            read_elsewhere=tuple(read[len(input_paths) :]),
            folders_read=tuple(p for p in catalog_sources if os.path.isdir(p)),
        )
    report, fixing = lint_fixing(
        LintRequest(
            found,
            replace(options, inputs=inputs),
            catalog,
            tuple(catalog_sources),
            jobs=jobs or default_jobs(),
            use_cache=not no_cache,
            stdin_name=stdin_filename,
            baseline=known,
            fail_on=Severity((fail_on.value if fail_on else None) or settings.fail_on or "error"),
            unsafe_fixes=unsafe_fixes,
            fixes=fixes,
        )
    )
    if fixing is not None:
        for problem in fixing.problems():
            typer.echo(visible(f"jobspec: warning: {problem}"), err=True)
    if diff:
        assert fixing is not None
        _print_diff(fixing.diff(), report, formats, destinations, input_paths, reported)
    else:
        emit_report(report, formats, destinations, input_paths, summary)
    exit_for(report)


def _print_diff(
    diff: str, report: Any, formats: list[str], destinations: list[str], inputs: list[str], reported: bool
) -> None:
    """The diff on standard output; the report only to the files named; its totals on
    standard error, as ``--summary`` puts them."""
    sys.stdout.write(diff)
    sys.stdout.flush()
    if reported:
        emit_report(report, formats, destinations, inputs, False)
    sys.stderr.write("".join(line + "\n" for line in lines(report)))
    sys.stderr.flush()


def _baseline(path: str | None) -> object:
    if path is None:
        return None
    from jobspec.baseline import BaselineError, load

    try:
        return load(path)
    except BaselineError as exc:
        usage(str(exc))
