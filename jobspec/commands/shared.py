"""What the commands share, defined once: exit codes, options, and the edges
(configuration, inputs, usage errors, report output).

``validate``, ``plan`` and ``normalize`` take the same job options, read the
configuration file the same way and refuse the same mistakes; ``validate`` and
``catalog check`` share the report options.

The flags (``--var``, ``--var-file``, ``--no-strict``, ``--allow-fs-outside``,
``--config``, ``--stdin-filename``; ``--catalog``, ``--select`` and ``--ignore``
where a command checks rules) are typer annotations here; the configuration's
``vars``, ``var-files`` and ``catalog`` come in through :func:`job_inputs` and
:func:`catalog_from`, so no command can forget one.
"""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import os
import sys
from collections.abc import Iterable
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer

from jobspec.report import FORMATTERS
from jobspec.report.options import METAVAR, complete_format

# Exit codes (a contract): 0 nothing at or above --fail-on; 1 findings; 2 usage error
# (unknown flag, path that does not exist); 3 internal error.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


# The report options of every command that reports diagnostics (validate, catalog check).
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
SummaryOpt = Annotated[
    bool, typer.Option("--summary", help="Print totals and skipped checks on stderr (text has them already).")
]

VarOpt = Annotated[
    list[str] | None, typer.Option("--var", help="Set an HCL2 variable: NAME=VALUE (repeatable; later wins).")
]
VarFileOpt = Annotated[
    list[str] | None,
    typer.Option("--var-file", help="Read HCL2 variable values from an HCL or JSON file (repeatable)."),
]
NoStrictOpt = Annotated[
    bool, typer.Option("--no-strict", help="Warn, not fail, on values for variables the job does not declare.")
]
FsOutsideOpt = Annotated[
    bool,
    typer.Option(
        "--allow-fs-outside",
        help="Let file() and friends read outside the current folder (or the configuration's fs-root).",
    ),
]
StdinNameOpt = Annotated[str, typer.Option("--stdin-filename", help="Name to report for input read from -.")]
ConfigOpt = Annotated[
    str | None,
    typer.Option("--config", help="Configuration file (default: nearest .jobspec.toml or pyproject.toml)."),
]
CatalogOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog",
        "-c",
        help="Check against nodes: node JSON, a node-class folder or a saved catalog (repeatable; "
        "default: catalog in the configuration).",
    ),
]
SelectOpt = Annotated[
    list[str] | None, typer.Option("--select", help="Only these rules (comma list, repeatable; `all`).")
]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules (comma list, repeatable).")]
OutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (replaced in one step) instead of standard output."),
]


def write_result(text: str, output: str | None) -> None:
    """``text`` to ``output`` (replaced in one step), or to standard output."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from jobspec.atomic import write_text

    try:
        write_text(output, text)
    except OSError as exc:
        usage(f"cannot write {output}: {exc.strerror or exc}")


def usage(message: str) -> NoReturn:
    typer.echo(f"jobspec: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def configuration(config_path: str | None, start: str = ".") -> tuple[Any, Any]:
    """The configuration (``config_path``, else the nearest one from the folder ``start``
    upward), and the report of its mistakes (None when there are none). A command
    given a report prints it and stops with exit code 2."""
    from jobspec import config
    from jobspec.report.model import Report

    if config_path is not None and not os.path.isfile(config_path):
        usage(f"configuration file does not exist: {config_path}")
    found = config_path if config_path is not None else config.find(start)
    if found is None:
        return config.Config(), None
    try:
        settings = config.load(found)
    except config.ConfigError as exc:
        from jobspec.engine.run import stamped

        d = stamped([exc.diagnostic])[0]
        return config.Config(), Report(files=0, diagnostics=(d,), skipped=(), sources={d.span.file: exc.text})
    # config.load() names the file it read; only a Config() built by hand has no path.
    if not settings.diagnostics or settings.path is None:
        return settings, None
    from jobspec.engine.run import stamped

    problems = tuple(sorted(stamped(settings.diagnostics), key=lambda d: d.sort_key()))
    return settings, Report(files=0, diagnostics=problems, skipped=(), sources={settings.path: settings.text})


def stop_on(problems: Any) -> None:
    """Print the configuration's mistakes on standard error and stop (exit 2): for
    commands whose standard output is not a report."""
    if problems is None:
        return
    from jobspec.report.text import render

    sys.stderr.write(render(problems, color=False))
    raise typer.Exit(EXIT_USAGE)


def files_read(
    settings: Any, config_path: str | None, var_files: list[str] | None, catalog_sources: Iterable[str] = ()
) -> list[str]:
    """Every file besides the jobs that a run reads: no output may be one of them."""
    return [*settings.var_files, *(var_files or ()), *catalog_sources, *(p for p in (config_path, settings.path) if p)]


def job_inputs(
    settings: Any, variables: list[str] | None, var_files: list[str] | None, no_strict: bool, fs_outside: bool
) -> Any:
    """The variable inputs, read at the edge: the configuration's ``vars`` and
    ``var-files`` first, so the command line's win. A ``--var`` that is not
    ``NAME=VALUE`` or an unreadable var file is a usage error."""
    from jobspec import config
    from jobspec.inputs import Inputs
    from jobspec.load.files import decode, read_bytes

    for arg in variables or ():
        name, sep, _ = arg.partition("=")
        if not sep:
            # Nomad's jobspec2 drops it quietly when it evaluates (types.config.go:toVars), so the
            # job fails later with "Unset variable"; stricter here, at the flag. An empty value
            # is written NAME=, so a forgotten "=value" is never taken for one.
            usage(f"--var {arg!r} is not NAME=VALUE (for an empty value write {arg}=)")
        if not name.strip():
            usage(f"--var {arg!r} is not NAME=VALUE: the name before = is missing")
    texts = []
    for path in [*settings.var_files, *(var_files or ())]:
        data, problem = read_bytes(path)
        text, diagnostic = (None, None) if problem else decode(data, path)
        if problem or diagnostic or text is None:
            usage(f"unable to read var file {path}: {problem or diagnostic.message}")  # type: ignore[union-attr]
        texts.append((path, text))
    every = (*config.var_args(settings.vars), *(variables or ()))
    return Inputs(every, tuple(texts), dict(os.environ), not no_strict, fs_outside, settings.fs_root)


def catalog_from(settings: Any, catalog_paths: list[str] | None) -> list[str]:
    """``--catalog`` paths, else the configuration's ``catalog``."""
    return list(catalog_paths or settings.catalog)


def rule_options(
    settings: Any,
    select: list[str] | None,
    ignore: list[str] | None,
    inputs: Any,
) -> Any:
    """Which rules run and how findings are reported: ``--select``/``--ignore`` (each
    name checked, a usage error with a did-you-mean), else the configuration's, with
    its per-file ignores, severities and target Nomad version."""
    from jobspec import config
    from jobspec.engine.options import Options
    from jobspec.patterns import Pattern
    from jobspec.rules import rule_ids
    from jobspec.rules.selection import expand, selector_hint

    cli_select, cli_ignore = config.split_list(select), config.split_list(ignore)
    selectors = (*(cli_select or ()), *(cli_ignore or ()))
    known = rule_ids()
    for selector in selectors:
        if not expand((selector,), known):
            usage(f"no rule id or family matches {selector!r}; {selector_hint(selector, known)}")
    return Options(
        select=cli_select if cli_select is not None else settings.select,
        ignore=cli_ignore if cli_ignore is not None else settings.ignore,
        per_file_ignores=tuple((Pattern(g, settings.root), tuple(ids)) for g, ids in settings.per_file_ignores.items()),
        severity=settings.severity,
        inputs=inputs,
        nomad_version=settings.nomad_version,
    )


def guard_outputs(outputs: Iterable[str], files: Iterable[str], folders: Iterable[str] = ()) -> None:
    """A usage error, before anything is written, when an output is a file the run
    reads (by any path or link) or lies inside a folder it reads (a ``--catalog``
    folder takes every file in it): jobspec never writes a file it reads."""
    outputs = [o for o in outputs if o and o != "-"]
    if not outputs:
        return
    read = [f for f in files if f and f != "-"]
    for output in outputs:
        try:
            target = os.stat(output)
        except OSError:
            target = None
        if target is not None:
            for path in read:
                try:
                    same = os.path.samestat(os.stat(path), target)
                except OSError:
                    continue
                if same:
                    usage(f"--output {output} is the input file {path}; jobspec never writes a file it reads")
        where = os.path.realpath(output)
        for folder in folders:
            root = os.path.realpath(folder)
            if _inside(where, root):
                usage(
                    f"--output {output} is inside the catalog folder {folder}, which jobspec reads; write it elsewhere"
                )


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on two drives (Windows)
        return False


def require_existing(paths: Iterable[str]) -> None:
    """A usage error for the first of ``paths`` that does not exist."""
    for path in paths:
        if os.path.exists(path):
            continue
        if os.path.islink(path):
            usage(f"path is a symbolic link to nothing (its target is missing, or the links loop): {path}")
        usage(f"path does not exist: {path}")


def read_job(path: str, stdin_name: str) -> tuple[bytes, str]:
    """The bytes of the one job file a command takes (standard input for ``-``) and
    the name to report for it; a path that cannot be read is a usage error."""
    from jobspec.load.files import read_bytes

    if path == "-":
        return sys.stdin.buffer.read(), stdin_name
    require_existing([path])
    data, problem = read_bytes(path)
    if problem is not None:
        usage(f"{path}: {problem}")
    return data, path


def report_request(formats: list[str] | None, outputs: list[str] | None) -> tuple[list[str], list[str]]:
    """The report formats and the output of each from ``--format`` and ``--output``;
    checked before any path, as a usage error (exit 2), the way a bad flag value is."""
    from jobspec.report import OutputError
    from jobspec.report.options import requested

    try:
        return requested(formats or (), outputs or ())
    except OutputError as exc:
        usage(str(exc))


def verify_destinations(formats: list[str], outputs: list[str], inputs: list[str]) -> None:
    """A usage error when the outputs cannot be written as asked (two formats to one file, ...)."""
    from jobspec.report import OutputError, destinations

    try:
        destinations(formats, outputs, inputs)
    except OutputError as exc:
        usage(str(exc))


def emit_report(report: Any, formats: list[str], destinations: list[str], inputs: list[str], summary: bool) -> None:
    from jobspec.report import OutputError, emit

    try:
        emit(report, formats, destinations, inputs=inputs, summary=summary)
    except OutputError as exc:
        usage(str(exc))


def exit_for(report: Any) -> NoReturn:
    """Exit 1 when a finding is at or above the report's ``fail_on``, else 0."""
    raise typer.Exit(EXIT_FINDINGS if any(report.fails(d) for d in report.diagnostics) else EXIT_OK)


def note_catalog_problems(diagnostics: Iterable[Any], listed: bool = False) -> None:
    """The catalog's own problems are not the job's: on standard error, the problems
    (when ``listed``), then one line pointing at ``jobspec catalog check``; nothing
    when there are none. They change no exit code."""
    from jobspec.diagnostics import Diagnostic, Severity
    from jobspec.visible import visible

    found = sorted(diagnostics, key=Diagnostic.sort_key)
    if not found:
        return
    for d in found if listed else ():
        where = f"{d.span.file}:{d.span.line}:{d.span.column}"
        typer.echo(visible(f"{where}: {d.severity.value}: {d.message} [{d.rule}]"), err=True)
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    problems = f"{len(found)} problem" if len(found) == 1 else f"{len(found)} problems"
    typer.echo(
        f"jobspec: {problems} in the catalog sources ({errors} error{'' if errors == 1 else 's'}); "
        "`jobspec catalog check` lists them",
        err=True,
    )
