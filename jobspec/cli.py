"""The command line: the typer application and the entry point. Each command is a
module of :mod:`jobspec.commands` that maps flags to a request of :mod:`jobspec.app`
and its result to output.

Exit codes (a contract, :mod:`jobspec.commands.shared`): 0 nothing at or above
``--fail-on``; 1 findings; 2 usage error (unknown flag, path that does not exist);
3 internal error.
"""

# Annotations here are evaluated where they are written, not postponed (no
# `from __future__ import annotations`, unlike the rest of jobspec): typer reads
# every command's signature at each start-up, and would otherwise eval each
# annotation string again, building its options anew (~13 ms of a one-file run).

import os
import sys
from typing import Annotated

import typer

from jobspec import __version__
from jobspec.commands.cache import cache_app
from jobspec.commands.catalog import catalog_app
from jobspec.commands.normalize import normalize
from jobspec.commands.plan import plan_command
from jobspec.commands.rules import list_rules, show_rule
from jobspec.commands.shared import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from jobspec.commands.validate import validate

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Catch broken Nomad job files (networks, ports, CNI) before they reach a cluster.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


app.command()(validate)
app.command()(normalize)
app.command("rules")(list_rules)
app.command("rule")(show_rule)
app.command("plan")(plan_command)
app.add_typer(catalog_app, name="catalog")
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
