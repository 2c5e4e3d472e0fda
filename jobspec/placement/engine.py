"""Feasibility of one group ask on one node shape, and its sum over a catalog.

Each node is judged the way Nomad's stack judges it, and stops at the first
check that fails (that check's reason is what ``nomad job plan`` would count):

1. ``datacenter``, ``node pool``, ``status`` — ``readyNodesInDCsAndPool``;
2. ``constraint`` — the CNI plugin constraints the server implies for ``bridge``;
3. ``network`` — ``NetworkChecker``: the mode (``missing network``);
4. ``host network`` — each port's ``host_network`` alias, templates resolved per node;
5. ``ports`` / ``dynamic ports`` — the bin-packer's ``NetworkIndex.AssignPorts``.

Besides that first failure, a verdict records each network fact on its own
(is the mode offered, does each port's alias exist, is a static port reserved),
so rules can point at the one attribute no node satisfies.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from jobspec.model.catalog import Address, Catalog, CatalogNode, CniNetwork
from jobspec.model.job import Group, Job
from jobspec.placement.ask import GroupAsk, PortAsk, ask_for
from jobspec.placement.names import glob_match
from jobspec.placement.shapes import CatalogIndex, index_for

DATACENTER, POOL, STATUS = "datacenter", "node pool", "status"
CONSTRAINT, NETWORK, HOST_NETWORK = "constraint", "network", "host network"
PORTS, DYNAMIC = "ports", "dynamic ports"
STAGES = (DATACENTER, POOL, STATUS, CONSTRAINT, NETWORK, HOST_NETWORK, PORTS, DYNAMIC)

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

    @property
    def needed(self) -> int | None:
        """Nodes (or static-port addresses) the group needs; None when unknown offline."""
        if self.ask.system:
            return 1
        if self.ask.count is None:
            return None
        if self.ask.slot_port is not None:
            return self.ask.count
        return min(self.ask.count, 1)

    @property
    def available(self) -> int | None:
        """What ``needed`` is compared with; None = unlimited."""
        if self.ask.slot_port is not None and not self.ask.system:
            return self.slots
        return self.feasible

    @property
    def placeable(self) -> bool:
        needed, available = self.needed, self.available
        return needed is None or available is None or available >= needed

    @property
    def explained(self) -> bool:
        """True when an attribute no node satisfies already accounts for the shortfall."""
        return (
            not self.mode_offered
            or self.plugin_reason is not None
            or bool(self.missing_aliases)
            or bool(self.reserved_everywhere)
        )


def plan_job(job: Job, catalog: Catalog) -> tuple[tuple[Group, GroupPlan], ...]:
    index = index_for(catalog)
    return tuple((group, plan_group(ask_for(job, group), index)) for group in job.groups)


def plan_group(ask: GroupAsk, index: CatalogIndex) -> GroupPlan:
    key = ("plan", ask)
    cached = index.cache.get(key)
    if cached is None:
        cached = index.cache[key] = _plan(ask, index)
    return cached  # type: ignore[return-value]


# (nodes it stands for, its verdict, the node or shape representative judged)
Judged = list[tuple[int, Verdict, CatalogNode]]


def _plan(ask: GroupAsk, index: CatalogIndex) -> GroupPlan:
    removed: Counter[tuple[str, str]] = Counter()
    feasible = 0
    slots: int | None = 0
    skipped: set[str] = set()
    scoped: Judged = []
    in_place: Judged = []
    for nodes, verdict, node in _verdicts(ask, index):
        if verdict.stage not in (DATACENTER, POOL):
            # What could not be verified matters only on nodes the job could use.
            skipped.update(verdict.skipped)
            scoped.append((nodes, verdict, node))
        in_place.append((nodes, verdict, node))
        if verdict.stage is not None:
            removed[(verdict.stage, verdict.reason or "")] += nodes
            continue
        feasible += nodes
        if slots is not None:
            slots = None if verdict.slots is None else slots + verdict.slots * nodes
    # Attribute facts are judged on the job's datacenters and pool; when none of
    # its nodes are there, on the whole catalog (the datacenter rule says why).
    judged = scoped or in_place
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
    )


def _verdicts(ask: GroupAsk, index: CatalogIndex) -> Iterator[tuple[int, Verdict, CatalogNode]]:
    """(nodes, verdict, node) for the whole catalog: one verdict per shape, cached
    per ask; per node only for a template naming a node's unique facts."""
    if ask.escaped:
        for shape in index.shapes:
            for node in shape.members:
                yield max(node.count, 0), judge(ask, node), node
        return
    verdicts = index.cache.get(ask)
    if verdicts is None:
        verdicts = index.cache[ask] = tuple(judge(ask, shape.node) for shape in index.shapes)
    for shape, verdict in zip(index.shapes, verdicts, strict=True):  # type: ignore[arg-type]
        yield shape.nodes, verdict, shape.node


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


def judge(ask: GroupAsk, node: CatalogNode) -> Verdict:
    """The verdict for one node (or any node of its shape)."""
    skipped: list[str] = []
    mode_offered, mode_unknown = _offers_mode(ask.mode, node)
    plugin_reason = _plugin_constraint(node, skipped) if ask.mode == "bridge" else None
    if mode_unknown:
        skipped.append(f"network mode {q(ask.mode or '')}: the catalog does not say which modes {_who(node)} offers")
    ports = tuple(_port_facts(port, ask, node, skipped) for port in ask.ports)
    if node.min_dynamic_port > node.max_dynamic_port and any(p.static is None for p in ask.ports):
        skipped.append(f"dynamic ports: {_who(node)} has an invalid dynamic port range (its client would not start)")
    stage, reason, slots = _first_failure(ask, node, mode_offered, plugin_reason, ports)
    return Verdict(stage, reason, slots, mode_offered, plugin_reason, ports, tuple(skipped))


def _first_failure(
    ask: GroupAsk, node: CatalogNode, mode_offered: bool, plugin_reason: str | None, ports: tuple[PortFacts, ...]
) -> tuple[str | None, str | None, int | None]:
    if ask.datacenters is not None and not any(glob_match(p, node.datacenter) for p in ask.datacenters):
        return DATACENTER, "not in datacenter", None
    if ask.node_pool is not None and ask.node_pool != "all" and ask.node_pool != node.node_pool:
        return POOL, "not in node pool", None
    if not node.can_take_work:
        return STATUS, _status(node), None
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
