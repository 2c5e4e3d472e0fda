"""``jobspec normalize``: print the normalised job of a file as JSON."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import json
from enum import Enum
from typing import Annotated

import typer

from jobspec.commands.shared import (
    EXIT_FINDINGS,
    ConfigOpt,
    FsOutsideOpt,
    NoStrictOpt,
    OutputOpt,
    StdinNameOpt,
    VarFileOpt,
    VarOpt,
    configuration,
    files_read,
    guard_outputs,
    job_inputs,
    read_job,
    stop_on,
    write_result,
)


class NormalizeFormat(str, Enum):
    json = "json"
    nomad_json = "nomad-json"


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
    from jobspec.app.normalize import NormalizeRequest, normalize
    from jobspec.visible import visible

    settings, problems = configuration(config_path)
    data, name = read_job(path, stdin_filename)
    guard_outputs([output or "-"], [path, *files_read(settings, config_path, var_files)])
    stop_on(problems)
    inputs = job_inputs(settings, variables, var_files, no_strict, allow_fs_outside)
    result = normalize(NormalizeRequest(data, name, inputs, output_format is NormalizeFormat.nomad_json))
    for d in result.problems:
        typer.echo(f"{d.span.file}:{d.span.line}:{d.span.column}: {d.severity.value}: {d.message} [{d.rule}]", err=True)
    if result.stopped is not None:
        typer.echo(visible(result.stopped), err=True)
    if result.document is None:
        raise typer.Exit(EXIT_FINDINGS)
    write_result(json.dumps(result.document, indent=2, sort_keys=False) + "\n", output)
