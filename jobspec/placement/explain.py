"""Words and positions for placement results: what the catalog rules and ``plan`` print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from jobspec.diagnostics import Span
from jobspec.model.catalog import Catalog
from jobspec.model.job import Group, Job
from jobspec.placement.engine import STATUS, GroupPlan, plan_job

STATUS_SUMMARY = "ineligible/down"


def catalog_plans(job: Job, catalog: object) -> Iterator[tuple[Group, GroupPlan]]:
    """Every group's plan, or nothing when there is no catalog with nodes to check against."""
    if isinstance(catalog, Catalog) and catalog.nodes:
        yield from plan_job(job, catalog)


def breakdown(plan: GroupPlan) -> str:
    """``3 missing host network "public", 1 not in datacenter, 2 ineligible/down``: largest first."""
    counts: Counter[str] = Counter()
    for removal in plan.removed:
        counts[STATUS_SUMMARY if removal.stage == STATUS else removal.reason] += removal.nodes
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def nodes(n: int) -> str:
    return f"{n} node" if n == 1 else f"{n} nodes"


def list_item_spans(job: Job, attribute: str) -> list[Span]:
    """The span of each item of a list-literal attribute of the job block, in order;
    empty when the value is not written as a list literal."""
    block = job.block
    attr = block.body.attribute(attribute) if block is not None else None
    if attr is None:
        return []
    inner = getattr(attr.expr.node, "expression", None)
    if type(inner).__name__ != "TupleRule":
        return []
    spans = []
    for element in inner.elements:
        meta = element._meta
        spans.append(Span(attr.expr.span.file, meta.line, meta.column, meta.end_line, meta.end_column))
    return spans
