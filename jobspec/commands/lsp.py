"""``jobspec lsp``: the language server, on standard input and output (the ``lsp``
extra), with each document's configuration read as ``validate`` reads it."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import contextlib
import io
import threading
from typing import TYPE_CHECKING, Annotated

import typer

from jobspec.commands.shared import EXIT_USAGE, catalog_from, configuration, job_inputs, rule_options

if TYPE_CHECKING:
    from jobspec.lsp.project import Settings

# What `pip install 'jobspec[lsp]'` brings: pygls and what it is built on.
_EXTRA = ("pygls", "lsprotocol", "cattrs", "attrs")
_STDERR = threading.Lock()


def lsp_command(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help="Standard input and output, the only transport: accepted for the clients that pass it.",
            show_default=False,
        ),
    ] = False,
) -> None:
    """Run the language server on stdio: diagnostics as you type, fixes, hover, completion.

    Needs the lsp extra: pip install 'jobspec\\[lsp]'. Editor setup: docs/editors.md."""
    try:
        from jobspec.lsp.server import serve
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in _EXTRA:
            raise
        typer.echo(
            f"jobspec: error: `jobspec lsp` needs the lsp extra ({missing} is missing): pip install 'jobspec[lsp]'",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE) from None
    serve(settings_for)


def settings_for(folder: str) -> "Settings":
    """The configuration found from ``folder`` upward (its rules, variables and
    catalog), read by the helpers ``validate`` reads it with. A mistake in it, or a
    var file that cannot be read, leaves documents there unchecked, with the reason."""
    from jobspec.engine.options import Options
    from jobspec.lsp.project import Settings

    settings, problems = configuration(None, start=folder)
    if problems is not None:
        first = problems.diagnostics[0]
        where = f"{first.span.file}:{first.span.line}:{first.span.column}"
        return Settings(Options(), problem=f"not checked: the configuration has a mistake: {where}: {first.message}")
    # The helpers stop on a usage error with a message on standard error, taken here;
    # the lock keeps two threads (a check, a hover) from swapping sys.stderr at once.
    said = io.StringIO()
    try:
        with _STDERR, contextlib.redirect_stderr(said):
            inputs = job_inputs(settings, None, None, False, False)
    except typer.Exit:
        reason = said.getvalue().strip().removeprefix("jobspec: error: ")
        return Settings(Options(), problem=f"not checked: {reason}")
    return Settings(rule_options(settings, None, None, inputs), tuple(catalog_from(settings, None)))
