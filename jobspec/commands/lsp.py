"""``jobspec lsp``: the language server, on standard input and output (the ``lsp`` extra)."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import typer

from jobspec.commands.shared import EXIT_USAGE

# What `pip install 'jobspec[lsp]'` brings: pygls and what it is built on.
_EXTRA = ("pygls", "lsprotocol", "cattrs", "attrs")


def lsp_command() -> None:
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
    serve()
