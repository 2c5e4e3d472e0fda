"""``jobspec plan JOB --catalog PATH``: an offline ``nomad job plan``.

For each group: the nodes in the catalog, how many each filter removed and why
(in the scheduler's words), how many fit, and how many the group needs. Then
the same diagnostics ``validate --catalog`` gives. Exit 0 when every group can
be placed and nothing is at error level, 1 otherwise, 2 on a usage error.
"""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import json
import os
from enum import Enum
from typing import Annotated, Any

import typer

from jobspec.commands.shared import (
    EXIT_FINDINGS,
    EXIT_OK,
    CatalogOpt,
    ConfigOpt,
    FsOutsideOpt,
    IgnoreOpt,
    NoStrictOpt,
    OutputOpt,
    SelectOpt,
    StdinNameOpt,
    VarFileOpt,
    VarOpt,
    catalog_from,
    configuration,
    files_read,
    guard_outputs,
    job_inputs,
    note_catalog_problems,
    read_job,
    require_existing,
    rule_options,
    stop_on,
    usage,
    write_result,
)


class Format(str, Enum):
    text = "text"
    json = "json"


def plan_command(
    job_path: Annotated[str, typer.Argument(help="A job file; - reads standard input.")],
    catalog_paths: CatalogOpt = None,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: OutputOpt = None,
    variables: VarOpt = None,
    var_files: VarFileOpt = None,
    no_strict: NoStrictOpt = False,
    allow_fs_outside: FsOutsideOpt = False,
    stdin_filename: StdinNameOpt = "stdin",
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
) -> None:
    """Show, per group, which catalog nodes could run it and why the others cannot."""
    from jobspec.app.lint import open_catalog
    from jobspec.app.plan import PlanRequest, plan
    from jobspec.report import use_color
    from jobspec.visible import json_safe, visible_strings

    settings, problems = configuration(config_path)
    catalog_sources = catalog_from(settings, catalog_paths)
    if not catalog_sources:
        usage("plan needs a catalog: give --catalog PATH, or `catalog` in the configuration file")
    data, job_path = read_job(job_path, stdin_filename)
    read = [job_path, *files_read(settings, config_path, var_files, catalog_sources)]
    guard_outputs([output or "-"], read, [p for p in catalog_sources if os.path.isdir(p)])
    stop_on(problems)
    options = rule_options(
        settings, select, ignore, job_inputs(settings, variables, var_files, no_strict, allow_fs_outside)
    )
    require_existing(catalog_sources)
    catalog = open_catalog(catalog_sources, options)
    note_catalog_problems(catalog.problems, listed=True)
    result = plan(PlanRequest(data, job_path, options, catalog))
    if output_format is Format.json:
        from jobspec.report.json_format import render

        summary = {**result.summary, "report": json.loads(render(result.report))}
        rendered = json_safe(json.dumps(summary, indent=2, ensure_ascii=False)) + "\n"
    else:
        from jobspec.report.text import render as render_text

        color = output is None and use_color()
        # Names in the plan come from the job and the catalog: control characters shown, not acted on.
        shown = visible_strings(result.summary)
        rendered = (
            (_render_rich(shown) if color else _render_plain(shown)) + "\n" + render_text(result.report, color=color)
        )
    write_result(rendered, output)
    raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)


def _headline(summary: dict[str, Any]) -> str:
    cat = summary["catalog"]
    sources = ", ".join(cat["sources"]) or "no sources"
    what = f'job "{summary["job"]}"' if summary["job"] is not None else f"no job in {summary['file']}"
    nodes, shapes = cat["nodes"], cat["shapes"]
    counted = f"{nodes} node{'' if nodes == 1 else 's'} ({shapes} shape{'' if shapes == 1 else 's'})"
    return f"{what} against {counted} from {sources}"


def _needs(g: dict[str, Any]) -> str:
    needed = g["needed"]
    if needed is None:
        return "unknown offline (count is not a literal)"
    # slots None: the static port's free addresses are unknown, so its count is not judged.
    if g["static_port"] and g["slots"] is not None and g["type"] not in ("system", "sysbatch"):
        return f"{needed} address{'' if needed == 1 else 'es'} for static port {g['static_port']['port']}"
    if g["capacity"] is not None:
        return f"{needed} allocation{'' if needed == 1 else 's'}"
    return f"{needed} node{'' if needed == 1 else 's'}"


def _fits(g: dict[str, Any]) -> str:
    text = f"{g['feasible']} of {g['nodes']} nodes"
    if g["static_port"] and g["slots"] is not None:
        slots = g["slots"]
        text += f", {slots} free address{'' if slots == 1 else 'es'} for static port {g['static_port']['port']}"
    if g["capacity"] is not None and g["limit"] != "static port":
        text += f", room for {g['capacity']} allocation{'' if g['capacity'] == 1 else 's'} ({g['limit']})"
    if g["shared"] is not None:
        others = ", ".join(f'"{n}"' for n in g["competitors"]) or "none"
        text += f"; {g['shared']} fit beside the job's other groups ({others})"
    return text


def _verdict(g: dict[str, Any]) -> str:
    return "can be placed" if g["placeable"] else "cannot be placed"


def _render_plain(summary: dict[str, Any]) -> str:
    lines = [_headline(summary)]
    for g in summary["groups"]:
        lines += ["", f'group "{g["name"]}" ({g["type"]}, mode {g["mode"]}): {_verdict(g)}']
        lines.append(f"  candidates  {g['candidates']} of {g['nodes']} nodes")
        for r in g["filtered"]:
            lines.append(f"  filtered    {r['nodes']:>4}  {r['stage']}: {r['words']}")
        lines.append(f"  fit         {_fits(g)}")
        lines.append(f"  needed      {_needs(g)}")
    return "\n".join(lines) + "\n"


def _render_rich(summary: dict[str, Any]) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120, highlight=False)
    console.print(_headline(summary), style="bold")
    for g in summary["groups"]:
        style = "green" if g["placeable"] else "bold red"
        table = Table(title=f'group "{g["name"]}" ({g["type"]}, mode {g["mode"]})', title_justify="left")
        table.add_column("step")
        table.add_column("nodes", justify="right")
        table.add_column("why")
        table.add_row("in catalog", str(g["nodes"]), "")
        for r in g["filtered"]:
            table.add_row(f"filtered: {r['stage']}", str(r["nodes"]), r["words"])
        table.add_row("fit", str(g["feasible"]), _fits(g))
        table.add_row("needed", "" if g["needed"] is None else str(g["needed"]), _needs(g))
        console.print(table)
        console.print(_verdict(g), style=style)
    return buffer.getvalue()
