"""``jobspec cache``: where the caches are, and deleting them."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import typer

cache_app = typer.Typer(
    no_args_is_help=True,
    help="Show or delete jobspec's caches (results, and the parser built once per machine).",
    context_settings={"help_option_names": ["-h", "--help"]},
)


@cache_app.command("clean")
def clean() -> None:
    """Delete every cached result and the parser's pickle; nothing else in those folders."""
    from jobspec import cache

    for folder, count in cache.clean():
        typer.echo(f"{folder}: deleted {count} {'file' if count == 1 else 'files'}")


@cache_app.command("dir")
def show_dir() -> None:
    """Print the results folder, then the user's own cache folder (the parser) if it differs."""
    from jobspec import cache

    for folder in dict.fromkeys((cache.folder(), cache.user_folder())):
        typer.echo(str(folder))
