"""``jobspec catalog``: lint a node catalog on its own, or print it normalised.

``check`` reports exactly like ``validate``: the same formats (repeatable
``--format`` with ``--output``), ``--summary``, ``--fail-on`` and exit codes
(0 nothing at or above ``--fail-on``; 1 findings; 2 usage error; 3 internal).
"""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import typer

from jobspec.commands.shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    FailOn,
    FormatsOpt,
    OutputsOpt,
    SummaryOpt,
    emit_report,
    exit_for,
    guard_outputs,
    note_catalog_problems,
    report_request,
    require_existing,
    usage,
    verify_destinations,
)

catalog_app: typer.Typer = typer.Typer(
    no_args_is_help=True,
    help="Check or print a node catalog: Nomad node JSON, node-class folders, saved catalogs.",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_PATHS_HELP = "Node JSON files, node-class folders, catalog folders, saved catalogs or CNI configs."


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


@catalog_app.command("check")
def catalog_check(
    paths: Annotated[list[str], typer.Argument(help=_PATHS_HELP)],
    output_formats: FormatsOpt = None,
    outputs: OutputsOpt = None,
    summary: SummaryOpt = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
) -> None:
    """Lint a catalog alone: agent configs, conflists, node JSON."""
    from jobspec.app.catalog import check_catalog
    from jobspec.diagnostics import Severity

    formats, destinations = report_request(output_formats, outputs)
    require_existing(paths)
    verify_destinations(formats, destinations, paths)
    guard_outputs(destinations, paths, [p for p in paths if os.path.isdir(p)])
    report = check_catalog(paths, Severity(fail_on.value))
    emit_report(report, formats, destinations, list(report.paths), summary)
    exit_for(report)


@catalog_app.command("show")
def show(
    paths: Annotated[list[str], typer.Argument(help=_PATHS_HELP)],
    output_format: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="text: a table; json: the catalog (schemas/catalog.schema.json)."),
    ] = ShowFormat.text,
) -> None:
    """Print the normalised catalog: one row per node or node class."""
    from jobspec.app.catalog import read_catalog
    from jobspec.report import use_color

    require_existing(paths)
    catalog, diagnostics = read_catalog(paths)
    if output_format is ShowFormat.json:
        from jobspec.catalog.saved import render
        from jobspec.visible import json_safe

        sys.stdout.write(json_safe(render(catalog)))
    else:
        from jobspec.catalog.table import render_table

        sys.stdout.write(render_table(catalog, color=use_color()))
    sys.stdout.flush()
    note_catalog_problems(diagnostics)
    raise typer.Exit(EXIT_OK)


_TLS = "TLS (as the nomad CLI)"


@catalog_app.command("pull")
def pull(
    address: Annotated[
        str | None,
        typer.Option("--address", help="Nomad's HTTP address (env NOMAD_ADDR; default http://127.0.0.1:4646)"),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the catalog here (atomically); default: standard output."),
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="Region to read (env NOMAD_REGION).")] = None,
    namespace: Annotated[str | None, typer.Option("--namespace", help="Namespace (env NOMAD_NAMESPACE).")] = None,
    node_pool: Annotated[str | None, typer.Option("--node-pool", help="Only the nodes of this node pool.")] = None,
    filter_expr: Annotated[
        str | None,
        typer.Option("--filter", help="Nomad filter expression on the node list, e.g. 'Datacenter == \"dc1\"'."),
    ] = None,
    ca_cert: Annotated[
        str | None, typer.Option("--ca-cert", help="CA certificate file (env NOMAD_CACERT).", rich_help_panel=_TLS)
    ] = None,
    ca_path: Annotated[
        str | None,
        typer.Option("--ca-path", help="Folder of CA certificates (env NOMAD_CAPATH).", rich_help_panel=_TLS),
    ] = None,
    client_cert: Annotated[
        str | None,
        typer.Option("--client-cert", help="Client certificate (env NOMAD_CLIENT_CERT).", rich_help_panel=_TLS),
    ] = None,
    client_key: Annotated[
        str | None, typer.Option("--client-key", help="Client key (env NOMAD_CLIENT_KEY).", rich_help_panel=_TLS)
    ] = None,
    tls_server_name: Annotated[
        str | None,
        typer.Option(
            "--tls-server-name",
            help="Name to check the certificate for (env NOMAD_TLS_SERVER_NAME).",
            rich_help_panel=_TLS,
        ),
    ] = None,
    tls_skip_verify: Annotated[
        bool | None,
        typer.Option(
            "--tls-skip-verify/--tls-verify",
            help="Do not verify the server's certificate (env NOMAD_SKIP_VERIFY). Insecure.",
            rich_help_panel=_TLS,
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, help="Seconds to wait for each answer.")] = 10.0,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Retries after a 5xx answer or a broken connection.")
    ] = 3,
    per_page: Annotated[int, typer.Option("--per-page", min=1, help="Nodes per page of the node list.")] = 100,
) -> None:
    """Snapshot a live cluster's nodes as a saved catalog, for --catalog.

    Reads Nomad's HTTP API with the nomad CLI's environment (NOMAD_ADDR, NOMAD_TOKEN, NOMAD_CACERT, ...); flags win.

    The token needs the ACL capability node:read (and node_pool:read with --node-pool).

    Exit 0 when written, 1 when the cluster cannot be read (then nothing is written), 2 on a usage error.
    """
    import os
    import time

    from jobspec.atomic import write_text
    from jobspec.catalog.errors import PullError
    from jobspec.catalog.nomad_api import Client, settings_from
    from jobspec.catalog.pull import PullOptions, render_document, summary
    from jobspec.catalog.pull import pull as pull_nodes

    flags = {
        "address": address,
        "region": region,
        "namespace": namespace,
        "ca_cert": ca_cert,
        "ca_path": ca_path,
        "client_cert": client_cert,
        "client_key": client_key,
        "tls_server_name": tls_server_name,
        "tls_skip_verify": tls_skip_verify,
        "timeout": timeout,
        "retries": retries,
    }
    to_file = output not in (None, "-")
    if to_file:
        assert output is not None
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            usage(f"--output {output}: the folder {folder} does not exist")
        if os.path.isdir(output):
            usage(f"--output {output} is a folder")
    started = time.monotonic()
    try:
        settings = settings_from(os.environ, flags)
        if to_file and output is not None:
            for setting in (settings.ca_cert, settings.client_cert, settings.client_key):
                if setting is not None and os.path.exists(setting.value) and os.path.samefile(setting.value, output):
                    usage(f"--output {output} is the file {setting.origin} names: jobspec never writes a file it reads")
        client = Client(settings)
        options = PullOptions(node_pool=node_pool, filter=filter_expr, per_page=per_page)
        with _progress() as progress:
            pulled = pull_nodes(client, options, progress)
    except PullError as exc:
        typer.echo(f"jobspec: error: {exc.message}", err=True)
        raise typer.Exit(exc.exit_code) from None
    text = render_document(pulled.document)
    for url, problem in pulled.problems:
        typer.echo(f"jobspec: warning: {url}: {problem.message}", err=True)
    if to_file:
        assert output is not None
        try:
            write_text(output, text)
        except OSError as exc:
            typer.echo(f"jobspec: error: cannot write {output}: {exc.strerror or exc}", err=True)
            raise typer.Exit(EXIT_FINDINGS) from None
        typer.echo(summary(pulled, time.monotonic() - started, output))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
        typer.echo(summary(pulled, time.monotonic() - started, "standard output"), err=True)
    raise typer.Exit(EXIT_OK)


class _progress:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = self.bar = Progress(
            TextColumn("reading nodes"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        bar.start()
        task = bar.add_task("nodes", total=None)

        def update(done: int, listed: int) -> None:
            bar.update(task, completed=done, total=listed)

        return update

    def __exit__(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.stop()
