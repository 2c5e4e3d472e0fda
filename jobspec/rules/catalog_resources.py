"""No node that passes the other checks has the CPU, memory or disk an allocation asks for.

Nomad's bin-packer sums the group's task ``resources`` (``cpu``, default 100 MHz
unless ``cores`` is set; ``memory``, default 300 MB; ``cores``) and the group's
``ephemeral_disk`` (default 300 MB), and fits them into each node's capacity
less what the client reserves (``nomad/structs/funcs.go:AllocsFit``,
``ComparableResources.Superset``; cores in ``scheduler/feasible/rank.go``).
``nomad job plan`` counts the nodes short of a dimension as
``Dimension "memory" exhausted on N nodes``. When every remaining node is
short, the value that asks too much is reported. A node whose resources the catalog does not
state (an agent-config class without ``resources`` in class.json, a node list
stub) is skipped for this check. When some nodes fit but hold fewer
allocations than ``count``, catalog-placement reports it. Checked only with
``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    resources {
      memory = 32768    # the most any node has free is 16000 MB
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    resources {
      memory = 4096
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped, Span
from jobspec.model.context import Context
from jobspec.model.job import Group, Job
from jobspec.placement.engine import RESOURCES
from jobspec.placement.explain import catalog_plans, nodes

ID = "catalog-resources"
SEVERITY = Severity.ERROR
SCOPE = "catalog"

_UNITS = {"cpu": "MHz", "memory": "MB", "disk": "MB", "cores": "cores"}


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        if not plan.exhausted or plan.ask.resources is None:
            continue
        best = dict(plan.best)
        for removal in plan.removed:
            if removal.stage != RESOURCES:
                continue
            dim = removal.reason
            asked = getattr(plan.ask.resources, dim)
            span, who = _culprit(group, dim)
            unit = _UNITS[dim]
            left = f"; the most any of them has free is {best[dim]} {unit}" if dim in best else ""
            yield Finding(
                f'Dimension "{dim}" exhausted on {nodes(removal.nodes)}: group "{group.name}" asks for '
                f"{asked} {unit} of {dim} per allocation{who}{left}",
                span,
                f"lower {dim}, or add nodes with more; `jobspec catalog show` lists each node's resources",
                job=job.id,
                group=group.name,
            )


def _culprit(group: Group, dim: str) -> tuple[Span, str]:
    """The value that asks the most of ``dim``: the group's ephemeral_disk, or the
    task with the largest ask (its block when it relies on Nomad's default)."""
    if dim == "disk":
        return (group.disk_span or group.span), ""
    best = None
    for task in group.tasks:
        res = task.resources
        value = getattr(res, dim, None) if res is not None else None
        amount = value if isinstance(value, int) else (300 if dim == "memory" else 100 if dim == "cpu" else 0)
        if best is None or amount > best[0]:
            span = res.at(dim) if res is not None and res.has(dim) else task.span
            best = (amount, span, task.name)
    if best is None:
        return group.span, ""
    return best[1], f' (task "{best[2]}" asks {best[0]})' if len(group.tasks) > 1 else ""
