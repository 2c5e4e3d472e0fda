"""``plan``: an offline ``nomad job plan`` of one job on a catalog: per group, the
nodes each filter removed and why, how many fit and how many it needs; then the
same diagnostics ``validate --catalog`` gives."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from jobspec.app.lint import CatalogLoad
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.engine.file import lint_jobs
from jobspec.engine.options import Options
from jobspec.load.files import decode
from jobspec.placement import index_for, plan_job
from jobspec.placement.explain import words
from jobspec.report.model import Report

PLAN_VERSION = 1


@dataclass(frozen=True)
class PlanRequest:
    data: bytes
    name: str
    options: Options
    catalog: CatalogLoad


@dataclass(frozen=True)
class PlanResult:
    summary: dict[str, Any]
    """The plan as JSON (``version``, ``job``, ``file``, ``catalog``, ``groups``)."""
    report: Report

    @property
    def failed(self) -> bool:
        """A group that cannot be placed, or an error."""
        return any(not g["placeable"] for g in self.summary["groups"]) or any(
            d.severity is Severity.ERROR for d in self.report.diagnostics
        )


def plan(request: PlanRequest) -> PlanResult:
    catalog = request.catalog.catalog
    options = replace(request.options, catalog=catalog)
    name = request.name
    # The findings exactly as validate reports them: rule selection, per-file
    # ignores, suppression comments and severities included.
    outcome, jobs = lint_jobs(request.data, name, options, options.ignored_for(name))
    text, _ = decode(request.data, name)
    report = Report(
        files=1,
        diagnostics=tuple(sorted(set(outcome.diagnostics), key=Diagnostic.sort_key)),
        skipped=tuple(sorted([*outcome.skipped, *catalog.skipped])),
        sources={name: text} if text is not None else {},
        paths=(name,),
    )
    index = index_for(catalog)
    groups = [_group_json(group, result) for job in jobs for group, result in plan_job(job, catalog)]
    summary: dict[str, Any] = {
        "version": PLAN_VERSION,
        "job": jobs[0].id if jobs else None,
        "file": name,
        "catalog": {"sources": list(catalog.sources), "nodes": index.nodes, "shapes": len(index.shapes)},
        "groups": groups,
    }
    return PlanResult(summary, report)


def _group_json(group: Any, result: Any) -> dict[str, Any]:
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
