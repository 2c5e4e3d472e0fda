"""The catalog has too few nodes that can take the group.

Offline ``nomad job plan``: each node in the job's datacenters and pool that
is ready, eligible and not draining is run through Nomad's network checks
(mode, host networks, reserved and dynamic ports). A group with a static port
needs ``count`` plus its canaries distinct addresses for it — normally that
many nodes, since two allocations cannot bind one port on one address (unless
``ignore_collision``); a ``system`` job needs at least one node; any other
group needs one. The message counts why the other nodes were filtered, in
Nomad's words. When one attribute alone rules every node out, its own rule
(catalog-network-mode, catalog-host-network, ...) reports it instead.
Checked only with ``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    group "ingress" {
      count = 5               # only 4 ready nodes have host network "public"
      network {
        port "https" {
          static       = 443
          host_network = "public"
        }
      }
      task "proxy" { driver = "docker" }
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    group "ingress" {
      count = 4
      network {
        port "https" {
          static       = 443
          host_network = "public"
        }
      }
      task "proxy" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Group, Job
from jobspec.placement.engine import DATACENTER, q
from jobspec.placement.explain import breakdown, catalog_plans, nodes
from jobspec.placement.shapes import index_for

if TYPE_CHECKING:
    from jobspec.model.catalog import Catalog
    from jobspec.placement.engine import GroupPlan

ID = "catalog-placement"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        for reason in plan.skipped:
            yield Skipped(reason)
        if plan.needed is None:
            yield Skipped(f'catalog-placement: group "{group.name}" count is not known offline')
            continue
        if plan.placeable or plan.explained or _outside_catalog(job, plan, ctx.catalog):
            continue
        yield _diagnostic(job, group, plan)


def _outside_catalog(job: Job, plan: GroupPlan, catalog: Catalog) -> bool:
    """True when catalog-datacenter or catalog-node-pool already says no node is in scope."""

    if plan.scope:
        return False
    if sum(r.nodes for r in plan.removed if r.stage == DATACENTER) == plan.total:
        return True
    pool = plan.ask.node_pool
    return job.has("node_pool") and pool != "all" and pool not in index_for(catalog).node_pools


def _shared(job: Job, group: Group, plan: GroupPlan) -> Finding:
    """The groups of one job compete for the same nodes: AllocsFit and the NetworkIndex
    see every allocation the plan proposes, whichever group it belongs to."""

    others = ", ".join(f'"{n}"' for n in plan.competitors)
    port = plan.ask.slot_port
    many = plan.needed != 1
    what = "allocations" if many else "allocation"
    nomad = ""
    if plan.ask.distinct_hosts == "job":
        what = "nodes" if many else "node"
        nomad = ' (the job\'s distinct_hosts lets a node run one allocation of the job: Constraint "distinct_hosts")'
    elif plan.limit == "static port" and port is not None:
        what = f"free address{'es' if many else ''} for static port {port.static} on host network "
        what += q(port.host_network or "default")
        nomad = f' (Nomad: "network: reserved port collision {port.label}={port.static}")'
    takers = (
        f"groups {others} of the same job take"
        if len(plan.competitors) > 1
        else f"group {others} of the same job takes"
    )
    message = (
        f'group "{group.name}" needs {plan.needed} {what} but only {plan.shared} of {plan.capacity} '
        f"{'is' if plan.capacity == 1 else 'are'} left once {takers} theirs{nomad}"
    )
    hint = "the groups of one job share the nodes: lower a count, use another static port, or add nodes"
    return Finding(message, group.at("count"), hint, job=job.id, group=group.name)


def _diagnostic(job: Job, group: Group, plan: GroupPlan) -> Finding:
    why = breakdown(plan)
    port = plan.ask.slot_port
    if (
        plan.shared is not None
        and plan.competitors
        and plan.capacity is not None
        and plan.capacity >= (plan.needed or 0)
    ):
        return _shared(job, group, plan)
    res = plan.ask.resources
    # A "resources" limit comes only from an ask with resources (_fit_resources).
    if plan.limit == "resources" and not plan.ask.system and res is not None:
        each = f"{res.cpu} MHz CPU, {res.memory} MB memory, {res.disk} MB disk" + (
            f", {res.cores} cores" if res.cores else ""
        )
        message = (
            f'group "{group.name}" needs room for {plan.needed} allocations but the {nodes(plan.feasible)} that '
            f"qualify hold {plan.capacity} ({each} each)" + (f": {why}" if why else "")
        )
        hint = "lower count or the task resources, or add nodes; `jobspec plan` shows each filter"
        return Finding(message, group.at("count"), hint, job=job.id, group=group.name)
    if port is not None and not plan.ask.system:
        canary = group.canary if isinstance(group.canary, int) and group.canary > 0 else 0
        need = f"{plan.needed} nodes" if plan.needed != 1 else "1 node"
        if canary and plan.needed is not None:
            need += f" (count {plan.needed - canary} + {canary} canary)"
        fit = f"only {plan.feasible} of {plan.total} nodes qualify"
        if plan.slots != plan.feasible:
            fit += f" ({plan.slots} free addresses)"
        network = port.host_network or "default"
        message = (
            f'group "{group.name}" needs {need} for static port {port.static} on host network {q(network)} '
            f"but {fit}" + (f": {why}" if why else "")
        )
        hint = (
            "lower count, add nodes with that host network, or set ignore_collision = true (host mode only) "
            "to let allocations share a node"
        )
        return Finding(message, group.at("count"), hint, job=job.id, group=group.name)
    kind = f"{plan.ask.job_type} job group" if plan.ask.system else "group"
    message = f'{kind} "{group.name}" cannot be placed: none of {nodes(plan.total)} qualify' + (
        f": {why}" if why else ""
    )
    return Finding(
        message,
        group.span,
        "`jobspec plan` shows each filter; check the job's datacenters, node_pool and network against the nodes",
        job=job.id,
        group=group.name,
    )
