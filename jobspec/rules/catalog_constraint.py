"""The job's constraints leave no node to run the group, or too few for its count.

Nomad's scheduler drops every node that fails a ``constraint`` of the job, the
group or one of its tasks (``scheduler/feasible/feasible.go``:
``ConstraintChecker``, ``checkConstraint``, ``resolveTarget``) before it looks at
networks, and ``nomad job plan`` counts them as
``Constraint "<constraint>": N nodes excluded by filter``. When no ready node
in the job's datacenters and pool is left, each constraint that excluded nodes
is reported at its line, in those words. Every operator is evaluated as Nomad does: ``=``, ``!=``, ``<``, ``<=``,
``>``, ``>=`` (as integers, else floats, else strings), ``regexp``,
``version`` (hashicorp/go-version, ``~>`` included), ``semver``,
``set_contains``, ``set_contains_all``, ``set_contains_any``, ``is_set`` and
``is_not_set``. A target the catalog does not state (an attribute of an
agent-config class, the meta of a node list stub, ``${node.unique.id}`` of a
class) makes the constraint unknown on that node: skipped and counted, never a
verdict. A ``regexp`` is read as Go RE2 syntax, by RE2 (google-re2).

``distinct_hosts`` lets one node run one allocation of the group (of the job,
when written at job level: ``DistinctHostsIterator``), and ``distinct_property``
lets each value of a property take ``value`` allocations (default 1:
``DistinctPropertyIterator``); a count above what the feasible nodes allow is
reported at that constraint. Checked only with ``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    constraint {
      attribute = "${attr.kernel.name}"
      value     = "windows"        # every node runs Linux
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    constraint {
      attribute = "${attr.kernel.name}"
      value     = "linux"
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Constraint, Group, Job
from jobspec.placement.engine import CONSTRAINT, DRIVER, q
from jobspec.placement.explain import catalog_plans, nodes

if TYPE_CHECKING:
    from jobspec.placement.engine import GroupPlan

ID = "catalog-constraint"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        written = _written(job, group)
        if plan.filtered_out:
            for removal in plan.removed:
                constraint = written.get(removal.reason)
                if removal.stage != CONSTRAINT or constraint is None:
                    continue
                yield Finding(
                    f"Constraint {q(removal.reason)}: {nodes(removal.nodes)} excluded by filter; "
                    f'no node left for group "{group.name}"',
                    constraint.at("attribute") if constraint.has("attribute") else constraint.span,
                    _hint(plan),
                    job=job.id,
                    group=group.name,
                )
        elif plan.limit in ("distinct_hosts", "distinct_property") and plan.capacity is not None and not plan.placeable:
            # _capacity() names a limit only with the capacity it found.
            yield _distinct(job, group, plan, plan.capacity)


def _written(job: Job, group: Group) -> dict[str, Constraint]:
    """Each constraint by the words Nomad prints for it; the first one written wins."""
    found: dict[str, Constraint] = {}
    for c in job.constraints + group.constraints + tuple(c for t in group.tasks for c in t.constraints):
        found.setdefault(str(c), c)
    return found


def _hint(plan: GroupPlan) -> str:
    others = [r for r in plan.removed if r.stage == DRIVER]
    # The table shows a few attributes and no meta; the JSON form has them all.
    text = (
        "`jobspec catalog show --format json` lists every node's attributes and meta; check the constraint against them"
    )
    if others:
        text += "; the drivers exclude the rest (catalog-driver)"
    return text


def _distinct(job: Job, group: Group, plan: GroupPlan, capacity: int) -> Finding:
    operator = plan.limit
    written = next((c for c in group.constraints + job.constraints if c.operator == operator), None)
    if operator == "distinct_hosts":
        words = f"needs {plan.needed} nodes, one per allocation, but only {nodes(capacity)} of {plan.total} qualify"
    else:
        prop = written.attribute if written is not None else "the property"
        per = written.value if written is not None and written.value else "1"
        words = (
            f"needs room for {plan.needed} allocations but at most {per} may share a value of {prop}: "
            f"the {nodes(plan.feasible)} that qualify take {capacity}"
        )
    return Finding(
        f'Constraint "{operator}": group "{group.name}" {words}',
        written.at("operator") if written is not None else group.at("count"),
        "lower count, add nodes that qualify, or relax the constraint",
        job=job.id,
        group=group.name,
    )
