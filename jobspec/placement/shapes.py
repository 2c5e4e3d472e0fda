"""Group a catalog's nodes into shapes: nodes that placement cannot tell apart.

This is Nomad's computed node class idea: a key over everything feasibility
reads (datacenter, pool, class, status, meta, attributes, network modes, host
networks and their addresses, CNI networks and plugins, reserved ports, dynamic
range), leaving out the facts unique to one node (name, ID, ``unique.*``).
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from dataclasses import dataclass, field

from jobspec.model.catalog import Catalog, CatalogNode


@dataclass(frozen=True)
class Shape:
    node: CatalogNode
    """A representative: any member answers every shape-level question alike."""
    members: tuple[CatalogNode, ...]
    nodes: int
    """How many nodes the shape stands for (a member may be a class of ``count`` nodes)."""


@dataclass
class CatalogIndex:
    shapes: tuple[Shape, ...]
    nodes: int
    cache: dict[Hashable, object] = field(default_factory=dict, repr=False)
    """Memo of evaluations keyed by (ask, shape position): see ``engine``."""

    @property
    def datacenters(self) -> frozenset[str]:
        return frozenset(s.node.datacenter for s in self.shapes)

    @property
    def node_pools(self) -> frozenset[str]:
        return frozenset(s.node.node_pool for s in self.shapes)


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
        tuple(sorted(node.host_networks.items())),
        None if node.cni_networks is None else tuple(sorted(node.cni_networks.items())),
        None if node.cni_plugins is None else tuple(sorted(node.cni_plugins.items())),
        node.reserved_ports,
        node.min_dynamic_port,
        node.max_dynamic_port,
    )


def _items(mapping: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in mapping.items() if not k.startswith("unique.")))


def build_index(catalog: Catalog) -> CatalogIndex:
    grouped: dict[Hashable, list[CatalogNode]] = {}
    for node in catalog.nodes:
        grouped.setdefault(shape_key(node), []).append(node)
    shapes = tuple(
        Shape(members[0], tuple(members), sum(max(m.count, 0) for m in members)) for members in grouped.values()
    )
    return CatalogIndex(shapes, sum(s.nodes for s in shapes))


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
