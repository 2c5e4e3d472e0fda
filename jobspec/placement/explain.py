"""Words and positions for placement results: what the catalog rules and ``plan`` print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from jobspec.model.catalog import Catalog
from jobspec.model.job import Group, Job
from jobspec.placement.engine import CONSTRAINT, DRIVER, RESOURCES, STATUS, GroupPlan, Removal, plan_job, q

STATUS_SUMMARY = "ineligible/down"


def catalog_plans(job: Job, catalog: object) -> Iterator[tuple[Group, GroupPlan]]:
    """Every group's plan, or nothing when there is no catalog with nodes to check against."""
    if isinstance(catalog, Catalog) and catalog.nodes:
        yield from plan_job(job, catalog)


def words(removal: Removal) -> str:
    """A filter as ``nomad job plan`` prints it (``command/monitor.go:formatAllocMetrics``):
    filter reasons are keys of ``ConstraintFiltered``, shown as ``Constraint "..."``;
    bin-packing dimensions are keys of ``DimensionExhausted``."""
    if removal.stage in (CONSTRAINT, DRIVER):
        return f"Constraint {q(removal.reason)}"
    if removal.stage == RESOURCES:
        return f"Dimension {q(removal.reason)} exhausted"
    return removal.reason


def breakdown(plan: GroupPlan) -> str:
    """``3 missing host network "public", 1 not in datacenter, 2 ineligible/down``: largest first."""
    counts: Counter[str] = Counter()
    for removal in plan.removed:
        counts[STATUS_SUMMARY if removal.stage == STATUS else words(removal)] += removal.nodes
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def nodes(n: int) -> str:
    return f"{n} node" if n == 1 else f"{n} nodes"
