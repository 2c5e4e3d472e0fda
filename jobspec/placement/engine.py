"""Feasibility of one group ask on one node shape, and its sum over a catalog.

Each node is judged the way Nomad's stack judges it, and stops at the first
check that fails (that check's reason is what ``nomad job plan`` would count):

1. ``datacenter``, ``node pool``, ``status`` — ``readyNodesInDCsAndPool``;
2. ``constraint`` — the job's constraints (``GenericStack``'s job checker), then
   ``driver`` — ``DriverChecker`` (``missing drivers``), then the group's and its
   tasks' constraints and the CNI plugin constraints the server implies for
   ``bridge`` (``ConstraintChecker``, words of ``Constraint.String``);
3. ``network`` — ``NetworkChecker``: the mode (``missing network``);
4. ``host network`` — each port's ``host_network`` alias, templates resolved per node;
5. ``ports`` / ``dynamic ports`` — the bin-packer's ``NetworkIndex.AssignPorts``;
6. ``resources`` — the bin-packer's ``AllocsFit``: cores, cpu, memory, disk
   (``ComparableResources.Superset``'s dimension is the reason).

Besides that first failure, a verdict records each network fact on its own
(is the mode offered, does each port's alias exist, is a static port reserved),
so rules can point at the one attribute no node satisfies, and how many
allocations of the group one node holds (static-port addresses, resources).
``distinct_hosts`` and ``distinct_property`` limit the count over the feasible
nodes (``DistinctHostsIterator``, ``DistinctPropertyIterator``); the groups of
one job share the nodes' resources and static-port addresses (:func:`plan_job`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from jobspec.model.catalog import Address, Catalog, CatalogNode, CniNetwork, NodeResources
from jobspec.model.job import Group, Job
from jobspec.placement.ask import ConstraintAsk, GroupAsk, PortAsk, ask_for
from jobspec.placement.constraints import meets, resolve
from jobspec.placement.names import glob_match
from jobspec.placement.shapes import CatalogIndex, index_for

DATACENTER, POOL, STATUS = "datacenter", "node pool", "status"
CONSTRAINT, DRIVER, NETWORK, HOST_NETWORK = "constraint", "driver", "network", "host network"
PORTS, DYNAMIC, RESOURCES = "ports", "dynamic ports", "resources"
STAGES = (DATACENTER, POOL, STATUS, CONSTRAINT, DRIVER, NETWORK, HOST_NETWORK, PORTS, DYNAMIC, RESOURCES)
MISSING_DRIVERS = "missing drivers"
FILTER_STAGES = (CONSTRAINT, DRIVER)
# The dimensions in the order Nomad's bin-packer finds them short: cores while it
# reserves them per task, then ComparableResources.Superset's order.
DIMENSIONS = ("cores", "cpu", "memory", "disk")

# Added by the server's implied-constraints mutator to every group with a bridge network.
BRIDGE_PLUGINS = ("bridge", "firewall", "host-local", "loopback", "portmap")
_MIN_PLUGIN = (0, 4, 0)
# feasible.go resolveTarget's per-node facts that a source without node IDs cannot state
_UNIQUE_NODE_FACTS = ("${node.unique.id}", "${node.unique.name}")
_SEMVER = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


@dataclass(frozen=True)
class PortFacts:
    resolved: str | None
    """The alias the port's ``host_network`` names on this node; None if unresolvable."""
    present: bool
    """The node has that alias (True when the catalog does not say)."""
    reserved: bool
    """A static port reserved on every address of its alias."""


@dataclass(frozen=True)
class Verdict:
    stage: str | None
    """The first check that fails; None when the node fits."""
    reason: str | None
    slots: int | None
    """Allocations of this group one node can hold; None = no static port limits it."""
    mode_offered: bool
    plugin_reason: str | None
    ports: tuple[PortFacts, ...]
    skipped: tuple[str, ...] = ()
    passes: bool = True
    """The node meets the constraints and has the drivers (whatever its status)."""
    capacity: int | None = None
    """Allocations of this group the node's resources hold; None = not limited (or unknown)."""
    lacks: tuple[str, ...] = ()
    """The group's drivers the node lacks."""
    left: int | None = None
    """With stage ``resources``: how much of the short dimension the node has."""


@dataclass(frozen=True)
class Removal:
    stage: str
    reason: str
    nodes: int


@dataclass(frozen=True)
class MissingAlias:
    port: PortAsk
    resolved: tuple[str, ...]
    """The aliases the template resolved to on the nodes; empty when it never resolved."""


@dataclass(frozen=True)
class GroupPlan:
    ask: GroupAsk
    total: int
    """Nodes in the catalog."""
    candidates: int
    """Nodes in the job's datacenters and pool that can take work."""
    removed: tuple[Removal, ...]
    feasible: int
    slots: int | None
    """Free addresses for the group's first static port over the feasible nodes; None = unlimited."""
    scope: int
    """Nodes in the job's datacenters and pool, any status: what attribute facts are judged on."""
    mode_offered: bool
    plugin_reason: str | None
    """Set when only the implied CNI plugin constraint keeps every node from the mode."""
    missing_aliases: tuple[MissingAlias, ...]
    reserved_everywhere: tuple[PortAsk, ...]
    cni_networks: tuple[CniNetwork, ...]
    """The conflists that define the group's ``cni/<name>`` on the nodes in scope."""
    known_aliases: frozenset[str]
    known_modes: frozenset[str]
    skipped: tuple[str, ...]
    capacity: int | None = None
    """Allocations of this group the feasible nodes hold on their own (static-port
    addresses, resources, distinct_hosts, distinct_property); None = not limited."""
    limit: str | None = None
    """What ``capacity`` is short of first: ``static port``, ``resources``,
    ``distinct_hosts`` or ``distinct_property``."""
    passed: int = 0
    """Nodes in scope that meet the constraints and have the drivers."""
    best: tuple[tuple[str, int], ...] = ()
    """Per dimension exhausted on some node, the most any such node has left."""
    shared: int | None = None
    """Allocations of this group that still fit (at most its count) once the job's
    earlier groups took theirs; None when no other group took any of its room."""
    competitors: tuple[str, ...] = ()
    """The job's earlier groups that took capacity this group could have used."""
    missing_drivers: tuple[tuple[str, int], ...] = ()
    """(driver, ready nodes in scope that lack it) over the nodes the driver check saw."""
    node_drivers: tuple[str, ...] = ()
    """The drivers the nodes in scope have between them, for hints."""

    @property
    def filtered_out(self) -> bool:
        """The job's constraints and the drivers leave no ready node in scope."""
        asked = {str(c) for c in self.ask.job_constraints + self.ask.constraints} | {MISSING_DRIVERS}
        excluded = sum(r.nodes for r in self.removed if r.stage in FILTER_STAGES and r.reason in asked)
        return self.candidates > 0 and excluded >= self.candidates

    @property
    def exhausted(self) -> bool:
        """Resources are what the remaining ready nodes lack."""
        return self.feasible == 0 and any(r.stage == RESOURCES for r in self.removed)

    @property
    def needed(self) -> int | None:
        """Allocations (or nodes) the group needs; None when unknown offline."""
        if self.ask.system:
            return 1
        if self.ask.count is None:
            return None
        # With the static port's free addresses unknown on some node (slots None), its
        # count is not judged: skipped, like the host networks it depends on.
        if self.capacity is not None or (self.ask.slot_port is not None and self.slots is not None):
            return self.ask.count
        return min(self.ask.count, 1)

    @property
    def available(self) -> int | None:
        """What ``needed`` is compared with; None = unlimited."""
        if self.ask.system:
            return self.feasible
        if self.shared is not None:
            return self.shared
        if self.capacity is not None:
            return self.capacity
        return self.feasible

    @property
    def placeable(self) -> bool:
        needed, available = self.needed, self.available
        return needed is None or available is None or available >= needed

    @property
    def explained(self) -> bool:
        """True when an attribute no node satisfies already accounts for the shortfall."""
        return (
            self.filtered_out
            or self.exhausted
            or self.limit in ("distinct_hosts", "distinct_property")
            or not self.mode_offered
            or self.plugin_reason is not None
            or bool(self.missing_aliases)
            or bool(self.reserved_everywhere)
        )


def plan_job(job: Job, catalog: Catalog) -> tuple[tuple[Group, GroupPlan], ...]:
    index = index_for(catalog)
    # Every catalog rule asks for the same job's plans: keep the last job's answer.
    last = index.cache.get("last job")
    if last is not None and last[0] is job:  # type: ignore[index]
        return last[1]  # type: ignore[index]
    plans = tuple(plan_group(ask_for(job, group), index) for group in job.groups)
    if len(plans) > 1:
        plans = _share(tuple(g.name for g in job.groups), plans, index)
    result = tuple(zip(job.groups, plans, strict=True))
    index.cache["last job"] = (job, result)
    return result


def plan_group(ask: GroupAsk, index: CatalogIndex) -> GroupPlan:
    key = ("plan", ask)
    cached = index.cache.get(key)
    if cached is None:
        if ask.count == 1:
            cached = _plan(ask, index)
        else:
            # Only needed/available read the count: the rest is the count-1 plan's.
            cached = dataclasses.replace(plan_group(dataclasses.replace(ask, count=1), index), ask=ask)
        index.cache[key] = cached
    return cached  # type: ignore[return-value]


# (nodes it stands for, its verdict, the node or shape representative judged)
Judged = list[tuple[int, Verdict, CatalogNode]]


def _plan(ask: GroupAsk, index: CatalogIndex) -> GroupPlan:
    removed: Counter[tuple[str, str]] = Counter()
    feasible = 0
    slots: int | None = 0
    skipped: set[str] = set(ask.unknown)
    scoped: Judged = []
    in_place: Judged = []
    fits: Judged = []
    best: dict[str, int] = {}
    for nodes, verdict, node in _verdicts(ask, index):
        if verdict.stage not in (DATACENTER, POOL):
            # What could not be verified matters only on nodes the job could use.
            skipped.update(verdict.skipped)
            scoped.append((nodes, verdict, node))
        in_place.append((nodes, verdict, node))
        if verdict.stage == RESOURCES and verdict.left is not None:
            dim = verdict.reason or ""
            best[dim] = max(best.get(dim, verdict.left), verdict.left)
        if verdict.stage is not None:
            removed[(verdict.stage, verdict.reason or "")] += nodes
            continue
        feasible += nodes
        fits.append((nodes, verdict, node))
        if verdict.slots is None and ask.slot_port is not None and not ask.system:
            # No addresses to count (a /v1/nodes list stub: Node.Stub carries no
            # NodeResources, so no NodeNetworks for the NetworkIndex to assign from).
            skipped.add(f"static port {ask.slot_port.static}: free addresses are not known for {_who(node)}")
        if slots is not None:
            slots = None if verdict.slots is None else slots + verdict.slots * nodes
    for reason, nodes in _missing_properties(ask, fits, skipped):
        removed[(CONSTRAINT, reason)] += nodes
        feasible -= nodes
    capacity, limit = _capacity(ask, fits)
    lacking: Counter[str] = Counter()
    for nodes, verdict, _ in scoped:
        if verdict.stage == DRIVER:
            lacking.update(dict.fromkeys(verdict.lacks, nodes))
    have = {d for _, _, node in scoped for d, ok in (node.drivers or {}).items() if ok}
    # Attribute facts are judged on the job's datacenters and pool, on the nodes
    # that meet the constraints and have the drivers; when none of its nodes are
    # there, on the whole catalog (the datacenter rule says why).
    judged = [j for j in scoped or in_place if j[1].passes]
    order = {stage: i for i, stage in enumerate(STAGES)}
    return GroupPlan(
        ask=ask,
        total=index.nodes,
        candidates=sum(n for n, v, _ in scoped if v.stage != STATUS),
        removed=tuple(
            Removal(stage, reason, n)
            for (stage, reason), n in sorted(
                removed.items(), key=lambda item: (order[item[0][0]], -item[1], item[0][1])
            )
        ),
        feasible=feasible,
        slots=slots,
        scope=sum(n for n, _, _ in scoped),
        mode_offered=any(v.mode_offered for _, v, _ in judged) if judged else True,
        plugin_reason=_plugin_reason(judged),
        missing_aliases=_missing_aliases(ask, judged),
        reserved_everywhere=_reserved_everywhere(ask, judged),
        cni_networks=_cni_networks(ask, judged),
        known_aliases=index.host_networks,
        known_modes=index.network_modes,
        skipped=tuple(sorted(skipped)),
        capacity=capacity,
        limit=limit,
        passed=sum(n for n, v, _ in scoped if v.passes),
        best=tuple(sorted(best.items())),
        missing_drivers=tuple(sorted(lacking.items())),
        node_drivers=tuple(sorted(have)),
    )


def _node_slots(ask: GroupAsk, verdict: Verdict) -> dict[str, int]:
    """What limits one feasible node to a number of this group's allocations."""
    limits: dict[str, int] = {}
    if verdict.slots is not None and ask.slot_port is not None:
        limits["static port"] = verdict.slots
    if verdict.capacity is not None:
        limits["resources"] = verdict.capacity
    if ask.distinct_hosts is not None:
        limits["distinct_hosts"] = 1
    return limits


def _capacity(ask: GroupAsk, fits: Judged) -> tuple[int | None, str | None]:
    """Allocations the feasible nodes hold, and what runs short first."""
    if ask.system:
        return None, None
    totals: dict[str, int] = {}
    per_node: list[tuple[int, int | None, CatalogNode]] = []
    for nodes, verdict, node in fits:
        limits = _node_slots(ask, verdict)
        for name in ("static port", "resources", "distinct_hosts"):
            if name in limits:
                totals[name] = totals.get(name, 0) + limits[name] * nodes
        per_node.append((nodes, min(limits.values()) if limits else None, node))
    capacity = None
    if totals:
        capacity = sum(nodes * (cap if cap is not None else 0) for nodes, cap, _ in per_node)
        if any(cap is None for _, cap, _ in per_node):
            capacity = None
    for target, allowed in ask.distinct_properties:
        # DistinctPropertyIterator: at most `allowed` allocations per value of the property.
        by_value: dict[str, int | None] = {}
        for nodes, cap, node in per_node:
            value = resolve(target, node)
            if value is None or not value[1]:
                continue
            held = None if cap is None else cap * nodes
            so_far = by_value.get(value[0], 0)
            by_value[value[0]] = None if so_far is None or held is None else so_far + held
        limited = sum(allowed if held is None else min(allowed, held) for held in by_value.values())
        if capacity is None or limited < capacity:
            capacity, totals = limited, {**totals, "distinct_property": limited}
    if capacity is None:
        return None, None
    short = [name for name, total in totals.items() if total == capacity]
    return capacity, short[0] if short else None


def _missing_properties(ask: GroupAsk, fits: Judged, skipped: set[str]) -> Iterator[tuple[str, int]]:
    """Feasible nodes without a distinct_property's target: filtered ``missing property``."""
    for target, _ in ask.distinct_properties:
        kept = []
        for nodes, verdict, node in fits:
            value = resolve(target, node)
            if value is None:
                skipped.add(f"distinct_property {target}: the catalog does not state it for {_who(node)}")
            if value is not None and not value[1]:
                yield f"missing property {q(target)}", nodes
            else:
                kept.append((nodes, verdict, node))
        fits[:] = kept


def _share(names: tuple[str, ...], plans: tuple[GroupPlan, ...], index: CatalogIndex) -> tuple[GroupPlan, ...]:
    """The job's groups placed in order on the same nodes, each taking what it needs of
    the nodes' resources and static-port addresses (``AllocsFit`` and the
    ``NetworkIndex`` see every proposed allocation of the job), and one node per
    allocation of the job under a job-level ``distinct_hosts``."""
    key = ("share", tuple(p.ask for p in plans))
    cached = index.cache.get(key)
    if cached is None:
        cached = index.cache[key] = _simulate(names, plans, index)
    return cached  # type: ignore[return-value]


# One bucket: (nodes alike, what each has left by dimension, holds an allocation of the job)
Bucket = tuple[int, dict, bool]
# Nodes alike: one node's or one shape's id, with a resource vector.
MemberKey = tuple[int, NodeResources | None]


def _simulate(names: tuple[str, ...], plans: tuple[GroupPlan, ...], index: CatalogIndex) -> tuple[GroupPlan, ...]:
    limited = [p for p in plans if not p.ask.system and p.capacity is not None and p.ask.count]
    if len(limited) < 2:
        return plans
    state: dict[MemberKey, list[Bucket]] = {}
    takers: dict[MemberKey, set[str]] = {}
    out = []
    for name, plan in zip(names, plans, strict=True):
        if not any(plan is p for p in limited):
            out.append(plan)
            continue
        want = plan.ask.count or 0
        placed, robbed = 0, set()
        for key, nodes, verdict, resources, node in _feasible_members(plan.ask, index):
            demand = _demand(plan.ask, verdict, resources)
            supply = _supply(plan.ask, verdict, resources, node)
            buckets = state.setdefault(key, [(nodes, dict(supply), False)])
            fresh = []
            for count, left, used in buckets:
                for dim in demand:
                    left.setdefault(dim, supply.get(dim))
                per = _per_node(plan.ask, demand, left, used)
                if want - placed <= 0 or per == 0 or count == 0:
                    if want > placed and per == 0 and _per_node(plan.ask, demand, supply, False):
                        robbed |= takers.get(key, set())  # a fresh node would have taken some
                    fresh.append((count, left, used))
                    continue
                full = min(count, (want - placed) // per)
                rest = want - placed - full * per
                part = 1 if rest and full < count else 0
                rest = rest if part else 0
                placed += full * per + rest
                takers.setdefault(key, set()).add(name)
                if full:
                    fresh.append((full, _minus(left, demand, per), True))
                if part:
                    fresh.append((1, _minus(left, demand, rest), True))
                if count - full - part:
                    fresh.append((count - full - part, left, used))
            state[key] = fresh
        robbed.discard(name)
        if robbed:
            out.append(dataclasses.replace(plan, shared=placed, competitors=tuple(sorted(robbed))))
        else:
            out.append(plan)
    return tuple(out)


def _feasible_members(
    ask: GroupAsk, index: CatalogIndex
) -> Iterator[tuple[MemberKey, int, Verdict, NodeResources | None, CatalogNode]]:
    """(key, nodes, verdict, resources, node) for the nodes alike that can take the
    group: per shape and resource vector, or per node for escaped asks."""
    if ask.escaped:
        for nodes, verdict, node in _verdicts(ask, index):
            if verdict.stage is None:
                yield (id(node), node.resources), nodes, verdict, node.resources, node
        return
    for shape, verdict in zip(index.shapes, _shape_verdicts(ask, index), strict=True):
        if verdict.stage not in (None, RESOURCES):
            continue
        for resources, nodes in shape.sizes:
            if _fit_resources(ask, resources, shape.node, [])[1] is None:
                yield (id(shape.node), resources), nodes, verdict, resources, shape.node


def _demand(ask: GroupAsk, verdict: Verdict, resources: NodeResources | None) -> dict:
    demand: dict = {}
    res = ask.resources
    if res is not None and resources is not None:
        for dim in DIMENSIONS:
            if getattr(res, dim) and getattr(resources, dim) is not None:
                demand[dim] = getattr(res, dim)
    for port, facts in zip(ask.ports, verdict.ports, strict=True):
        if port.limits_slots and facts.resolved is not None:
            key = ("port", facts.resolved, port.static)
            demand[key] = demand.get(key, 0) + 1
    return demand


def _supply(ask: GroupAsk, verdict: Verdict, resources: NodeResources | None, node: CatalogNode) -> dict:
    supply: dict = {}
    if resources is not None:
        supply.update({dim: getattr(resources, dim) for dim in DIMENSIONS})
    for port, facts in zip(ask.ports, verdict.ports, strict=True):
        if port.limits_slots and facts.resolved is not None:
            addresses = node.host_networks.get(facts.resolved, ())
            supply[("port", facts.resolved, port.static)] = sum(
                1 for a in addresses if port.static not in _reserved(node, a)
            )
    return supply


def _per_node(ask: GroupAsk, demand: dict, left: dict, used: bool) -> int:
    fits = [left[d] // n for d, n in demand.items() if left.get(d) is not None and n > 0]
    per = min(fits) if fits else 1 << 30
    if ask.distinct_hosts == "job" and used:
        return 0
    return min(per, 1) if ask.distinct_hosts is not None else max(per, 0)


def _minus(left: dict, demand: dict, allocations: int) -> dict:
    return {d: (v - demand[d] * allocations if d in demand and v is not None else v) for d, v in left.items()}


def _verdicts(ask: GroupAsk, index: CatalogIndex) -> Iterator[tuple[int, Verdict, CatalogNode]]:
    """(nodes, verdict, node) for the whole catalog: one verdict per shape, cached
    per ask; per node only for a template naming a node's unique facts."""
    if ask.escaped:
        for shape in index.shapes:
            for node in shape.members:
                yield max(node.count, 0), judge(ask, node, index.cache), node
        return
    for shape, verdict in zip(index.shapes, _shape_verdicts(ask, index), strict=True):
        if len(shape.sizes) < 2 or verdict.stage not in (None, RESOURCES):
            yield shape.nodes, verdict, shape.node
            continue
        # Members differ in resources: the other checks hold for all, the fit per vector.
        network = tuple(s for s in verdict.skipped if not s.startswith("resources: "))
        for (short, capacity, left, said), nodes in _fits(ask, shape, index.cache):
            stage = None if short is None else RESOURCES
            yield (
                nodes,
                dataclasses.replace(
                    verdict, stage=stage, reason=short, capacity=capacity, left=left, skipped=network + said
                ),
                shape.node,
            )


def _shape_verdicts(ask: GroupAsk, index: CatalogIndex) -> tuple[Verdict, ...]:
    """One verdict per shape, on its representative; cached per ask."""
    # A node's verdict does not depend on the count: asks that differ only there share it.
    key = ask if ask.count == 1 else dataclasses.replace(ask, count=1)
    verdicts = index.cache.get(key)
    if verdicts is None:
        verdicts = index.cache[key] = tuple(judge(ask, shape.node, index.cache) for shape in index.shapes)
    return verdicts  # type: ignore[return-value]


def _fits(ask: GroupAsk, shape: object, memo: dict) -> list[tuple[tuple, int]]:
    """The resource check over a shape's resource vectors, as (outcome, nodes) with
    outcome (dimension short of or None, allocations held, most left of that
    dimension, what could not be checked); per resource ask, so every network ask
    with the same resources reuses it."""
    key = ("fits", ask.resources, id(shape))
    found = memo.get(key)
    if found is None:
        outcomes: dict[tuple, int] = {}
        best: dict[str | None, int | None] = {}
        node = shape.node  # type: ignore[attr-defined]
        for resources, nodes in shape.sizes:  # type: ignore[attr-defined]
            said: list[str] = []
            capacity, short, left = _fit_resources(ask, resources, node, said)
            outcome = (short, None if short else capacity, tuple(said))
            outcomes[outcome] = outcomes.get(outcome, 0) + nodes
            if short is not None and left is not None:
                best[short] = max(best.get(short) or left, left)
        found = memo[key] = [((o[0], o[1], best.get(o[0]), o[2]), n) for o, n in outcomes.items()]
    return found  # type: ignore[return-value]


def _plugin_reason(judged: Judged) -> str | None:
    if any(v.mode_offered and v.plugin_reason is None for _, v, _ in judged):
        return None
    return next((v.plugin_reason for _, v, _ in judged if v.mode_offered and v.plugin_reason), None)


def _missing_aliases(ask: GroupAsk, judged: Judged) -> tuple[MissingAlias, ...]:
    missing = []
    for i, port in enumerate(ask.ports):
        if port.host_network is None or not judged or ask.mode == "none":
            continue
        facts = [v.ports[i] for _, v, _ in judged]
        if any(f.present for f in facts):
            continue
        resolved = tuple(sorted({f.resolved for f in facts if f.resolved is not None}))
        missing.append(MissingAlias(port, resolved))
    return tuple(missing)


def _reserved_everywhere(ask: GroupAsk, judged: Judged) -> tuple[PortAsk, ...]:
    found = []
    for i, port in enumerate(ask.ports):
        if not port.limits_slots:
            continue
        with_alias = [v.ports[i] for _, v, _ in judged if v.ports[i].present and v.ports[i].resolved is not None]
        if with_alias and all(f.reserved for f in with_alias):
            found.append(port)
    return tuple(found)


def _cni_networks(ask: GroupAsk, judged: Judged) -> tuple[CniNetwork, ...]:
    if not ask.mode or not ask.mode.startswith("cni/"):
        return ()
    name = ask.mode[4:]
    seen: dict[tuple[str, int], CniNetwork] = {}
    for _, _, node in judged:
        network = (node.cni_networks or {}).get(name)
        if network is not None:
            seen.setdefault((network.file, network.span.line), network)
    return tuple(seen[k] for k in sorted(seen))


# -- one node ---------------------------------------------------------------------


def judge(ask: GroupAsk, node: CatalogNode, memo: dict | None = None) -> Verdict:
    """The verdict for one node (or any node of its shape). ``memo`` (the index's
    cache) shares the constraint and driver answers between asks that differ
    elsewhere: jobs repeat a few constraints over many networks."""
    skipped: list[str] = []
    if memo is None:
        excluded = _filters(ask, node, skipped)
    else:
        key = ("filters", ask.job_constraints, ask.drivers, ask.constraints, id(node))
        found = memo.get(key)
        if found is None:
            said: list[str] = []
            found = memo[key] = (_filters(ask, node, said), tuple(said))
        excluded = found[0]  # type: ignore[index]
        skipped.extend(found[1])  # type: ignore[index]
    mode_offered, mode_unknown = _offers_mode(ask.mode, node)
    plugin_reason = _plugin_constraint(node, skipped) if ask.mode == "bridge" else None
    if mode_unknown:
        skipped.append(f"network mode {q(ask.mode or '')}: the catalog does not say which modes {_who(node)} offers")
    ports = tuple(_port_facts(port, ask, node, skipped) for port in ask.ports)
    if node.min_dynamic_port > node.max_dynamic_port and any(p.static is None for p in ask.ports):
        skipped.append(f"dynamic ports: {_who(node)} has an invalid dynamic port range (its client would not start)")
    stage, reason, slots = _first_failure(ask, node, excluded, mode_offered, plugin_reason, ports)
    capacity = left = None
    if stage is None:
        capacity, short, left = _fit_resources(ask, node.resources, node, skipped)
        if short is not None:
            stage, reason = RESOURCES, short
    lacks: tuple[str, ...] = ()
    if excluded == (DRIVER, MISSING_DRIVERS):
        lacks = tuple(d for d in ask.drivers if _driver(d, node) is False)
    return Verdict(
        stage,
        reason,
        slots,
        mode_offered,
        plugin_reason,
        ports,
        tuple(skipped),
        excluded is None,
        capacity,
        lacks,
        left,
    )


def _filters(ask: GroupAsk, node: CatalogNode, skipped: list[str]) -> tuple[str, str] | None:
    """The first of the job's constraints, the drivers and the group's and tasks'
    constraints that the node fails, as (stage, reason); None when it fails none."""
    failed = _constraint(ask.job_constraints, node, skipped)
    if failed is not None:
        return CONSTRAINT, failed
    for driver in ask.drivers:
        usable = _driver(driver, node)
        if usable is None:
            skipped.append(f"driver {q(driver)}: the catalog does not say whether {_who(node)} has it")
        elif not usable:
            return DRIVER, MISSING_DRIVERS
    failed = _constraint(ask.constraints, node, skipped)
    return None if failed is None else (CONSTRAINT, failed)


def _constraint(constraints: tuple[ConstraintAsk, ...], node: CatalogNode, skipped: list[str]) -> str | None:
    for c in constraints:
        met = meets(c.operand, c.ltarget, c.rtarget, node)
        if met is None:
            skipped.append(f"constraint {q(str(c))}: the catalog does not state its target for {_who(node)}")
        elif not met:
            return str(c)
    return None


def _driver(driver: str, node: CatalogNode) -> bool | None:
    """``DriverChecker.hasDrivers`` on what the catalog knows (True, False or unknown)."""
    if node.drivers is None:
        return None
    if driver in node.drivers:
        return node.drivers[driver]
    return False if node.drivers_complete else None


def _fit_resources(
    ask: GroupAsk, resources: NodeResources | None, node: CatalogNode, skipped: list[str]
) -> tuple[int | None, str | None, int | None]:
    """(allocations of the group a node with ``resources`` holds, the first dimension
    it is short of, how much of that dimension it has)."""
    res = ask.resources
    if res is None:
        return None, None, None
    if resources is None:
        if res.written:
            skipped.append(f"resources: the catalog does not state them for {_who(node)}")
        return None, None, None
    held: int | None = None
    for dim in DIMENSIONS:
        wanted, left = getattr(res, dim), getattr(resources, dim)
        if not wanted:
            continue
        if left is None:
            if res.written:
                skipped.append(f"resources: the catalog does not state the {dim} of {_who(node)}")
            continue
        if wanted > left:
            return None, dim, left
        held = left // wanted if held is None else min(held, left // wanted)
    return held, None, None


def _first_failure(
    ask: GroupAsk,
    node: CatalogNode,
    excluded: tuple[str, str] | None,
    mode_offered: bool,
    plugin_reason: str | None,
    ports: tuple[PortFacts, ...],
) -> tuple[str | None, str | None, int | None]:
    if ask.datacenters is not None and not any(glob_match(p, node.datacenter) for p in ask.datacenters):
        return DATACENTER, "not in datacenter", None
    if ask.node_pool is not None and ask.node_pool != "all" and ask.node_pool != node.node_pool:
        return POOL, "not in node pool", None
    if not node.can_take_work:
        return STATUS, _status(node), None
    if excluded is not None:
        return excluded[0], excluded[1], None
    if plugin_reason is not None:
        return CONSTRAINT, plugin_reason, None
    if not mode_offered:
        return NETWORK, "missing network", None
    if ask.mode != "none":
        for port, facts in zip(ask.ports, ports, strict=True):
            if port.host_network is None or facts.present:
                continue
            if facts.resolved is None:
                return (
                    HOST_NETWORK,
                    f"invalid host network {q(port.host_network)} template for port {q(port.label)}",
                    None,
                )
            return HOST_NETWORK, f"missing host network {q(facts.resolved)} for port {q(port.label)}", None
    return _bin_pack(ask, node, ports)


def _bin_pack(
    ask: GroupAsk, node: CatalogNode, ports: tuple[PortFacts, ...]
) -> tuple[str | None, str | None, int | None]:
    if not node.host_networks:
        return None, None, None
    slots: int | None = None
    for port, facts in zip(ask.ports, ports, strict=True):
        if facts.resolved is None:
            continue
        addresses = node.host_networks.get(facts.resolved, ())
        if not addresses:
            # Only reachable in mode "none", where the network checker does not look.
            return PORTS, f"network: no addresses available for {facts.resolved} network", None
        if port.static is None:
            continue
        free = [a for a in addresses if port.ignore_collision or port.static not in _reserved(node, a)]
        if not free:
            return PORTS, f"network: reserved port collision {port.label}={port.static}", None
        if port.limits_slots:
            slots = len(free) if slots is None else min(slots, len(free))
    dynamic = Counter(
        f.resolved for p, f in zip(ask.ports, ports, strict=True) if p.static is None and f.resolved is not None
    )
    low, high = node.min_dynamic_port, node.max_dynamic_port
    for alias, wanted in dynamic.items() if low <= high else ():
        taken_static = {
            p.static for p, f in zip(ask.ports, ports, strict=True) if p.static is not None and f.resolved == alias
        }
        best = max(
            (
                (high - low + 1) - sum(1 for port in _reserved(node, a) | taken_static if low <= port <= high)
                for a in node.host_networks.get(alias, ())
            ),
            default=0,
        )
        if best < wanted:
            return DYNAMIC, "network: dynamic port selection failed", None
    return None, None, slots


def _status(node: CatalogNode) -> str:
    if node.status != "ready":
        return "down" if node.status == "down" else f"not ready ({node.status})"
    return "ineligible" if not node.eligible else "draining"


def _offers_mode(mode: str | None, node: CatalogNode) -> tuple[bool, bool]:
    """(offered, unknown): an unknown answer counts as offered, never against the job."""
    if mode is None or mode in ("host", "none"):
        return True, False
    modes = node.network_modes
    if mode.startswith("cni/"):
        defined = node.cni_networks
        if defined is None and modes is None:
            return True, True
        return (defined is not None and mode[4:] in defined) or (modes is not None and mode in modes), False
    if modes is None:
        return True, True
    if mode in modes:
        return True, False
    # Nomad's upgrade path: clients older than 0.12 never fingerprinted bridge.
    version = _semver(node.attributes.get("nomad.version", ""))
    return mode == "bridge" and version is not None and version < (0, 12, 0, 1), False


def _plugin_constraint(node: CatalogNode, skipped: list[str]) -> str | None:
    if node.cni_plugins is None:
        skipped.append(f"CNI plugin versions for bridge mode: not known for {_who(node)}")
        return None
    for plugin in BRIDGE_PLUGINS:
        version = _semver(node.cni_plugins.get(plugin, ""))
        if version is None or version[:3] < _MIN_PLUGIN or (version[:3] == _MIN_PLUGIN and version[3] == 0):
            return f"${{attr.plugins.cni.version.{plugin}}} semver >= 0.4.0"
    return None


@cache
def _semver(text: str) -> tuple[int, int, int, int] | None:
    """(major, minor, patch, 0 for a pre-release else 1), or None if not a version."""
    match = _SEMVER.match(text.strip())
    if match is None:
        return None
    major, minor, patch, pre = match.groups()
    return int(major), int(minor or 0), int(patch or 0), 0 if pre else 1


def _port_facts(port: PortAsk, ask: GroupAsk, node: CatalogNode, skipped: list[str]) -> PortFacts:
    if port.host_network is None:
        return PortFacts(None, True, False)
    resolved = resolve_target(port.host_network, node)
    if resolved is None:
        unknown = (port.host_network in _UNIQUE_NODE_FACTS and node.id is None) or (
            port.host_network.startswith("${attr.") and not node.attributes_known
        )
        if unknown:
            skipped.append(f"host network {port.host_network}: the catalog does not state it for {_who(node)}")
        return PortFacts(None, unknown, False)
    if not node.host_networks:
        skipped.append(f"host networks: the catalog does not list them for {_who(node)}")
        return PortFacts(resolved, True, False)
    addresses = node.host_networks.get(resolved)
    if addresses is None:
        return PortFacts(resolved, False, False)
    reserved = port.limits_slots and bool(addresses) and all(port.static in _reserved(node, a) for a in addresses)
    return PortFacts(resolved, True, reserved)


def resolve_target(target: str, node: CatalogNode) -> str | None:
    """Nomad's ``resolveTarget``: a literal, or one whole ``${...}`` naming a node fact."""
    if not target.startswith("${"):
        return target
    fixed = {
        "${node.unique.id}": node.id,  # None when the source has no ID: unknown
        "${node.datacenter}": node.datacenter,
        # A node without an ID is a class folder standing for `count` nodes: its name is
        # the folder's, while Nomad's node.unique.name is each node's hostname.
        "${node.unique.name}": node.name if node.id is not None else None,
        "${node.class}": node.node_class,
        "${node.pool}": node.node_pool,
    }
    if target in fixed:
        return fixed[target]
    for prefix, facts in (("${attr.", node.attributes), ("${meta.", node.meta)):
        if target.startswith(prefix):
            key = target[len(prefix) :]
            return facts.get(key[:-1] if key.endswith("}") else key)
    return None


def _reserved(node: CatalogNode, address: Address) -> frozenset[int]:
    """Ports taken on an address: the node's, plus every alias's sharing its IP
    (Nomad tracks used ports per IP, not per alias)."""
    ports = set(node.reserved_ports) | address.reserved_ports
    if address.address is not None:
        for addresses in node.host_networks.values():
            for other in addresses:
                if other.address == address.address:
                    ports |= other.reserved_ports
    return frozenset(ports)


def q(text: str) -> str:
    """Go's ``%q`` for the plain strings names are made of."""
    return json.dumps(text, ensure_ascii=False)


def _who(node: CatalogNode) -> str:
    return f"node class {q(node.node_class)}" if node.node_class else f"node {q(node.name)}"
