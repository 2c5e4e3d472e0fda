"""``jobspec plan JOB --catalog PATH``: an offline ``nomad job plan``.

For each group: the nodes in the catalog, how many each filter removed and why
(in the scheduler's words), how many fit, and how many the group needs. Then
the same diagnostics ``validate --catalog`` gives. Exit 0 when every group can
be placed and nothing is at error level, 1 otherwise, 2 on a usage error.
"""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import json
import os
from dataclasses import replace
from enum import Enum
from typing import Annotated, Any

import typer

from jobspec.commands.shared import (
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
    rule_options,
    stop_on,
    usage,
    write_result,
)

_PLAN_VERSION = 1


class Format(str, Enum):
    text = "text"
    json = "json"


def load_catalog_into(paths: list[str], outcome: Any, enabled: Any = None) -> Any:
    """Load ``--catalog`` paths for ``validate`` and ``plan``: the catalog's skipped
    checks join ``outcome``. Its own problems are not the job's: they are counted
    once on standard error, with the command that lists them, and change no exit
    code; a problem in a conflist a group uses is reported at the job's line by
    the catalog rules. Only the ``enabled`` conflist and agent rules run."""
    from jobspec.cli import require_existing
    from jobspec.engine.catalog import load_catalog

    require_existing(paths)
    catalog, diagnostics = load_catalog(paths, enabled)
    outcome.skipped.extend(catalog.skipped)
    note_catalog_problems(diagnostics, listed=True)
    return catalog


def note_catalog_problems(diagnostics: list[Any], listed: bool = False) -> None:
    """On standard error: the problems (when ``listed``), then one line pointing at
    ``jobspec catalog check``; nothing when there are none."""
    from jobspec.diagnostics import Diagnostic, Severity
    from jobspec.report.visible import visible

    if diagnostics:
        for d in sorted(diagnostics, key=Diagnostic.sort_key) if listed else ():
            where = f"{d.span.file}:{d.span.line}:{d.span.column}"
            typer.echo(visible(f"{where}: {d.severity.value}: {d.message} [{d.rule}]"), err=True)
        errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
        problems = f"{len(diagnostics)} problem" if len(diagnostics) == 1 else f"{len(diagnostics)} problems"
        typer.echo(
            f"jobspec: {problems} in the catalog sources ({errors} error{'' if errors == 1 else 's'}); "
            "`jobspec catalog check` lists them",
            err=True,
        )


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
    from jobspec.cli import EXIT_FINDINGS, EXIT_OK, read_job
    from jobspec.diagnostics import Diagnostic, Outcome, Severity
    from jobspec.engine.file import lint_file
    from jobspec.engine.run import stamped
    from jobspec.load.files import decode
    from jobspec.placement import index_for, plan_job
    from jobspec.report import use_color
    from jobspec.report.model import Report

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
    outcome = Outcome()
    sources: dict[str, str] = {}
    catalog = load_catalog_into(catalog_sources, outcome, options.enabled())
    options = replace(options, catalog=catalog)
    text, undecodable = decode(data, job_path)
    jobs = []
    if text is None:
        outcome.diagnostics.extend(stamped([undecodable]))  # type: ignore[list-item]
    else:
        sources[job_path] = text
        jobs = _jobs(text, job_path, options.inputs)
        # The findings exactly as validate reports them: rule selection, per-file
        # ignores, suppression comments and severities included.
        outcome.extend(lint_file(data, job_path, options, options.ignored_for(job_path)))
    report = Report(
        files=1,
        diagnostics=tuple(sorted(set(outcome.diagnostics), key=Diagnostic.sort_key)),
        skipped=tuple(sorted(outcome.skipped)),
        sources=sources,
        paths=(job_path,),
    )
    index = index_for(catalog)
    groups = [_group_json(group, result) for job in jobs for group, result in plan_job(job, catalog)]
    summary: dict[str, Any] = {
        "version": _PLAN_VERSION,
        "job": jobs[0].id if jobs else None,
        "file": job_path,
        "catalog": {"sources": list(catalog.sources), "nodes": index.nodes, "shapes": len(index.shapes)},
        "groups": groups,
    }
    from jobspec.report.visible import json_safe, visible_strings

    if output_format is Format.json:
        from jobspec.report.json_format import render

        summary["report"] = json.loads(render(report))
        rendered = json_safe(json.dumps(summary, indent=2, ensure_ascii=False)) + "\n"
    else:
        from jobspec.report.text import render as render_text

        color = output is None and use_color()
        # Names in the plan come from the job and the catalog: control characters shown, not acted on.
        shown = visible_strings(summary)
        rendered = (_render_rich(shown) if color else _render_plain(shown)) + "\n" + render_text(report, color=color)
    write_result(rendered, output)
    failed = any(not g["placeable"] for g in groups) or any(d.severity is Severity.ERROR for d in report.diagnostics)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _jobs(text: str, path: str, inputs: Any) -> list[Any]:
    """The jobs of the file, evaluated and normalised, for the placement plan."""
    from jobspec.evaluate.document import prepare
    from jobspec.load.hcl import parse
    from jobspec.normalise.job import normalise

    parsed = parse(text, path)
    if parsed.document is None:
        return []
    prepared = prepare(parsed.document, inputs)
    jobs, _ = normalise(prepared.document, prepared.scope)
    return jobs


def _group_json(group: Any, result: Any) -> dict[str, Any]:
    from jobspec.placement.explain import words

    ask = result.ask
    slot = ask.slot_port
    return {
        "name": group.name,
        "type": ask.job_type,
        "mode": ask.mode,
        "count": ask.count,
        "static_port": None
        if slot is None
        else {"label": slot.label, "port": slot.static, "host_network": slot.host_network},
        "nodes": result.total,
        "candidates": result.candidates,
        "filtered": [
            {"stage": r.stage, "reason": r.reason, "nodes": r.nodes, "words": words(r)} for r in result.removed
        ],
        "feasible": result.feasible,
        "slots": result.slots if slot is not None else None,
        "capacity": result.capacity,
        "limit": result.limit,
        "shared": result.shared,
        "competitors": list(result.competitors),
        "needed": result.needed,
        "placeable": result.placeable,
    }


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
