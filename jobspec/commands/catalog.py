"""``jobspec catalog``: lint a node catalog on its own, or print it normalised.

``check`` reports exactly like ``validate``: the same formats (repeatable
``--format`` with ``--output``), ``--summary``, ``--fail-on`` and exit codes
(0 nothing at or above ``--fail-on``; 1 findings; 2 usage error; 3 internal).
"""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from jobspec.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    FailOn,
    FormatsOpt,
    OutputsOpt,
    SummaryOpt,
    _read_text,
    _usage,
    require_existing,
)
from jobspec.commands.shared import guard_outputs
from jobspec.report.options import KeepsArgs

catalog_app = typer.Typer(
    no_args_is_help=True,
    help="Check or print a node catalog: Nomad node JSON, node-class folders, saved catalogs.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_PATHS_HELP = "Node JSON files, node-class folders, catalog folders, saved catalogs or CNI configs."


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@catalog_app.command("check", cls=KeepsArgs)
def check(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help=_PATHS_HELP)],
    output_formats: FormatsOpt = None,
    outputs: OutputsOpt = None,
    summary: SummaryOpt = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
) -> None:
    """Lint a catalog alone: agent configs, conflists, node JSON."""
    from jobspec.catalog import load_sources
    from jobspec.diagnostics import Severity
    from jobspec.report import OutputError, emit, plan
    from jobspec.report.model import Report
    from jobspec.report.options import paired_outputs

    require_existing(paths)
    formats = [f.value for f in output_formats or ()]
    try:
        destinations = paired_outputs(ctx, formats, outputs or ())
        plan(formats, destinations, paths)
    except OutputError as exc:
        _usage(str(exc))
    guard_outputs(destinations, paths, [p for p in paths if os.path.isdir(p)])
    catalog, diagnostics, files = load_sources(paths)
    report = Report(
        files=len(files),
        diagnostics=tuple(diagnostics),
        skipped=tuple(sorted(catalog.skipped)),
        sources={name: _read_text(name) for name in sorted({d.span.file for d in diagnostics})},
        paths=tuple(files),
    )
    try:
        emit(report, formats, destinations, inputs=files, summary=summary)
    except OutputError as exc:
        _usage(str(exc))
    threshold = Severity(fail_on.value).rank
    failed = any(d.severity.rank >= threshold for d in report.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@catalog_app.command("show")
def show(
    paths: Annotated[list[str], typer.Argument(help=_PATHS_HELP)],
    output_format: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="text: a table; json: the catalog (schemas/catalog.schema.json)."),
    ] = ShowFormat.text,
) -> None:
    """Print the normalised catalog: one row per node or node class."""
    from jobspec.catalog import load_catalog
    from jobspec.diagnostics import Severity
    from jobspec.report import use_color

    require_existing(paths)
    catalog, diagnostics = load_catalog(paths)
    if output_format is ShowFormat.json:
        from jobspec.catalog.saved import render

        sys.stdout.write(render(catalog))
    else:
        from jobspec.catalog.table import render_table

        sys.stdout.write(render_table(catalog, color=use_color()))
    sys.stdout.flush()
    if diagnostics:
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        typer.echo(
            f"jobspec: {len(diagnostics)} problem(s) in the catalog sources ({errors} error(s)); "
            "`jobspec catalog check` lists them",
            err=True,
        )
    raise typer.Exit(EXIT_OK)
