"""Group a catalog's nodes into shapes: nodes that placement cannot tell apart.

This is Nomad's computed node class idea: a key over everything feasibility
reads (datacenter, pool, class, status, meta, attributes, drivers, network
modes, host networks and their addresses, CNI networks and plugins, reserved
ports, dynamic range), leaving out the facts unique to one node (name, ID,
``unique.*``): constraints on those are judged per node. Resources are not in
the key either, as in Nomad's computed class: free disk differs from node to
node. A shape keeps how many of its nodes have each resource vector instead,
and the bin-packer's resource check is summed over those.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property

from jobspec.model.catalog import Catalog, CatalogNode, CniNetwork, NodeResources


@dataclass(frozen=True)
class Shape:
    node: CatalogNode
    """A representative: any member answers every shape-level question alike."""
    members: tuple[CatalogNode, ...]
    nodes: int
    """How many nodes the shape stands for (a member may be a class of ``count`` nodes)."""
    sizes: tuple[tuple[NodeResources | None, int], ...] = ()
    """Each distinct resource vector of the members, with how many nodes have it."""


@dataclass
class CatalogIndex:
    shapes: tuple[Shape, ...]
    nodes: int
    cache: dict[Hashable, object] = field(default_factory=dict, repr=False)
    """Memo of the engine's work: verdicts per shape and plans, keyed by the ask."""

    # What the catalog's nodes have between them, for did-you-mean hints.
    @cached_property
    def datacenters(self) -> frozenset[str]:
        return frozenset(s.node.datacenter for s in self.shapes)

    @cached_property
    def node_pools(self) -> frozenset[str]:
        return frozenset(s.node.node_pool for s in self.shapes)

    @cached_property
    def meta_keys(self) -> frozenset[str]:
        return frozenset(k for s in self.shapes for k in s.node.meta)

    @cached_property
    def attribute_keys(self) -> frozenset[str]:
        return frozenset(k for s in self.shapes for k in s.node.attributes)

    @cached_property
    def host_networks(self) -> frozenset[str]:
        return frozenset(a for s in self.shapes for a in s.node.host_networks)

    @cached_property
    def network_modes(self) -> frozenset[str]:
        modes = {m for s in self.shapes for m in s.node.network_modes or ()}
        return frozenset(modes | {f"cni/{n}" for s in self.shapes for n in s.node.cni_networks or ()})


def shape_key(node: CatalogNode) -> Hashable:
    return (
        node.datacenter,
        node.node_pool,
        node.node_class,
        node.status,
        node.eligible,
        node.draining,
        _items(node.meta),
        _items(node.attributes),
        node.attributes_known,
        node.network_modes,
        _host_networks(node),
        None if node.cni_networks is None else tuple(sorted(_cni(n) for n in node.cni_networks.values())),
        None if node.cni_plugins is None else tuple(sorted(node.cni_plugins.items())),
        node.reserved_ports,
        node.min_dynamic_port,
        node.max_dynamic_port,
        node.meta_known,
        None if node.drivers is None else tuple(sorted(node.drivers.items())),
        node.drivers_complete,
    )


def _host_networks(node: CatalogNode) -> Hashable:
    """Aliases with their addresses' reservations, the IPs replaced by their order
    of appearance: feasibility reads which aliases share an IP, never the IP itself,
    so nodes alike but for their addresses share a shape."""
    numbers: dict[str, int] = {}
    shape = []
    for alias, addresses in sorted(node.host_networks.items()):
        shape.append(
            (
                alias,
                tuple(
                    (None if a.address is None else numbers.setdefault(a.address, len(numbers)), a.reserved_ports)
                    for a in addresses
                ),
            )
        )
    return tuple(shape)


def _cni(network: CniNetwork) -> tuple[str, str, tuple[str, ...], bool | None, str | None]:
    """What placement reads of a CNI network: not where it was written. A node
    JSON's ``cni/<name>`` mode stands at each node's own line, and keying on that
    would give every such node a shape of its own."""
    return (network.name, network.file, network.plugins, network.port_mappings, network.cni_version)


def _items(mapping: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in mapping.items() if not k.startswith("unique.")))


def build_index(catalog: Catalog) -> CatalogIndex:
    grouped: dict[Hashable, list[CatalogNode]] = {}
    for node in catalog.nodes:
        grouped.setdefault(shape_key(node), []).append(node)
    shapes = []
    for members in grouped.values():
        sizes: dict[NodeResources | None, int] = {}
        for m in members:
            sizes[m.resources] = sizes.get(m.resources, 0) + max(m.count, 0)
        shapes.append(Shape(members[0], tuple(members), sum(sizes.values()), tuple(sizes.items())))
    return CatalogIndex(tuple(shapes), sum(s.nodes for s in shapes))


# One index per catalog object, dropped with it. Keyed by identity because hashing
# a frozen catalog of many nodes would cost as much as indexing it again.
_INDEXES: dict[int, tuple[weakref.ref[Catalog], CatalogIndex]] = {}


def index_for(catalog: Catalog) -> CatalogIndex:
    key = id(catalog)
    entry = _INDEXES.get(key)
    if entry is None or entry[0]() is not catalog:
        entry = (weakref.ref(catalog), build_index(catalog))
        _INDEXES[key] = entry
        weakref.finalize(catalog, _INDEXES.pop, key, None)
    return entry[1]
