"""The command line: thin. Finds files, runs the pipeline, hands a Report to a formatter.

Exit codes (a contract): 0 nothing at or above ``--fail-on``; 1 findings;
2 usage error (unknown flag, path that does not exist); 3 internal error.
"""

from __future__ import annotations

import json
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jobspec import __version__
from jobspec.commands.plan import load_catalog_into, plan_command
from jobspec.report import FORMATTERS
from jobspec.report.options import KeepsArgs

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

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


_JOB_SUFFIXES = (".nomad", ".nomad.hcl", ".hcl")
_JOB_BLOCK = re.compile(rb'^[ \t]*job[ \t]+("|[A-Za-z_])', re.MULTILINE)


def discover(paths: list[str]) -> list[tuple[str, str]]:
    """(path to read, name to report) for every job file named or found below a folder.

    A folder's ``*.nomad`` and ``*.nomad.hcl`` files are jobs; a ``*.hcl`` file is one
    only if it has a top-level ``job`` block (agent configs and policies are not)."""
    from jobspec.pipeline import special_file

    found: list[tuple[str, str]] = []
    for given in paths:
        if given == "-" or not os.path.isdir(given):
            found.append((given, given))
            continue
        for root, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.endswith(_JOB_SUFFIXES):
                    continue
                full = os.path.join(root, name)
                if special_file(full):
                    continue
                if name.endswith(".hcl") and not name.endswith(".nomad.hcl") and not _looks_like_job(full):
                    continue
                found.append((full, full))
    return found


def _looks_like_job(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return _JOB_BLOCK.search(handle.read(256 * 1024)) is not None
    except OSError:
        return True  # let the pipeline report why it cannot be read


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


VarOpt = Annotated[list[str], typer.Option("--var", help="Set an HCL2 variable: name=value (repeatable; later wins).")]
VarFileOpt = Annotated[
    list[str], typer.Option("--var-file", help="Read HCL2 variable values from an HCL or JSON file (repeatable).")
]
NoStrictOpt = Annotated[
    bool, typer.Option("--no-strict", help="Warn, not fail, on values for variables the job does not declare.")
]
FsOutsideOpt = Annotated[
    bool, typer.Option("--allow-fs-outside", help="Let file() and friends read outside the job file's folder.")
]


def _inputs(variables: list[str] | None, var_files: list[str] | None, no_strict: bool, fs_outside: bool):
    """The variable inputs, read at the edge; an unreadable var file is a usage error."""
    from jobspec.evaluate.variables import Inputs
    from jobspec.load.hcl import decode
    from jobspec.pipeline import read_bytes

    texts = []
    for path in var_files or []:
        data, problem = read_bytes(path)
        text, diagnostic = (None, None) if problem else decode(data, path)
        if problem or diagnostic or text is None:
            _usage(f"unable to read var file {path}: {problem or diagnostic.message}")  # type: ignore[union-attr]
        texts.append((path, text))
    return Inputs(tuple(variables or ()), tuple(texts), dict(os.environ), not no_strict, fs_outside)


@app.command(cls=KeepsArgs)
def validate(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Job files or folders; - reads standard input.")],
    output_formats: Annotated[
        list[Format] | None,
        typer.Option("--format", "-f", help="Report format; repeat it to write several (default text)."),
    ] = None,
    outputs: Annotated[
        list[str] | None,
        typer.Option(
            "--output", "-o", help="File for the --format just before it; without one (or with -) it goes to stdout."
        ),
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Print totals and skipped checks on stderr (text has them already).")
    ] = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", help="Name to report for input read from -.")
    ] = "stdin",
    variables: VarOpt = None,  # type: ignore[assignment]
    var_files: VarFileOpt = None,  # type: ignore[assignment]
    no_strict: NoStrictOpt = False,
    allow_fs_outside: FsOutsideOpt = False,
    catalog_paths: Annotated[
        list[str] | None,
        typer.Option("--catalog", help="Check against nodes: node JSON, a node-class folder or a saved catalog."),
    ] = None,
) -> None:
    """Check job files and report every problem found."""
    from jobspec.diagnostics import Outcome, Severity
    from jobspec.pipeline import validate_file, validate_text
    from jobspec.report import OutputError, emit, plan
    from jobspec.report.model import Report
    from jobspec.report.options import paired_outputs

    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        _usage(f"path does not exist: {missing[0]}")
    if paths.count("-") > 1:
        _usage("- (standard input) can be given only once")
    files = discover(paths)
    formats, input_paths = [f.value for f in output_formats or ()], [path for path, _ in files]
    try:
        destinations = paired_outputs(ctx, formats, outputs or ())
        plan(formats, destinations, input_paths)
    except OutputError as exc:
        _usage(str(exc))
    inputs = _inputs(variables, var_files, no_strict, allow_fs_outside)
    outcome = Outcome()
    sources: dict[str, str] = {}
    catalog = load_catalog_into(catalog_paths, outcome, sources) if catalog_paths else None
    for path, name in files:
        if path == "-":
            data = sys.stdin.buffer.read()
            name = stdin_filename
            from jobspec.load.hcl import decode

            text, problem = decode(data, name)
            result = Outcome([problem]) if problem else validate_text(text or "", name, catalog=catalog, inputs=inputs)
            if text is not None:
                sources[name] = text
        else:
            result = validate_file(path, name, catalog=catalog, inputs=inputs)
            if result.diagnostics:
                sources[name] = _read_text(path)
        outcome.extend(result)
    # Var files are read at the edge too; keep their text so carets can point into them.
    sources.update(
        (path, text) for path, text in inputs.var_files if any(d.span.file == path for d in outcome.diagnostics)
    )
    report = Report(
        files=len(files),
        diagnostics=tuple(sorted(set(outcome.diagnostics), key=lambda d: d.sort_key())),  # a var file's once
        skipped=tuple(sorted(outcome.skipped)),
        sources=sources,
        paths=tuple(stdin_filename if path == "-" else name for path, name in files),
    )
    try:
        emit(report, formats, destinations, inputs=input_paths, summary=summary)
    except OutputError as exc:
        _usage(str(exc))
    threshold = Severity(fail_on.value).rank
    failed = any(d.severity.rank >= threshold for d in report.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command()
def normalize(
    path: Annotated[str, typer.Argument(help="A job file.")],
    output_format: Annotated[
        NormalizeFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: jobspec's model (schemas/normalized.schema.json); nomad-json: Nomad's API.",
        ),
    ] = NormalizeFormat.json,
    variables: VarOpt = None,  # type: ignore[assignment]
    var_files: VarFileOpt = None,  # type: ignore[assignment]
    no_strict: NoStrictOpt = False,
    allow_fs_outside: FsOutsideOpt = False,
) -> None:
    """Print the normalised job of a file as JSON."""
    from jobspec.evaluate.document import prepare
    from jobspec.load.hcl import decode, parse
    from jobspec.model.serialize import jobs_to_json
    from jobspec.normalise.job import normalise
    from jobspec.pipeline import read_bytes

    if not os.path.exists(path):
        _usage(f"path does not exist: {path}")
    data, problem = read_bytes(path)
    text, diagnostic = (None, None) if problem else decode(data, path)
    if problem or diagnostic or text is None:
        typer.echo(f"{path}: {problem or diagnostic.message}", err=True)  # type: ignore[union-attr]
        raise typer.Exit(EXIT_FINDINGS)
    parsed = parse(text, path)
    if parsed.document is None:
        d = parsed.diagnostics[0]
        typer.echo(f"{path}:{d.span.line}:{d.span.column}: {d.message}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    prepared = prepare(parsed.document, _inputs(variables, var_files, no_strict, allow_fs_outside))
    jobs, _ = normalise(prepared.document, prepared.scope)
    if output_format is NormalizeFormat.nomad_json:
        from jobspec.model.nomad_api import job_to_api

        if not jobs:
            typer.echo(f"{path}: Missing job block; a job block is required", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        data = job_to_api(jobs[0])
    else:
        data = jobs_to_json(jobs)
    typer.echo(json.dumps(data, indent=2, sort_keys=False))


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


def _usage(message: str) -> None:
    typer.echo(f"jobspec: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


from jobspec.commands.catalog import catalog_app  # noqa: E402  (imports cli's helpers)

app.add_typer(catalog_app, name="catalog")


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
