"""Which catalog nodes offer a name a job asks for, and which names there are to offer.

A node offers a host network when the alias is one of its ``host_networks``
(Nomad's ``NetworkChecker.hasHostNetworks`` looks the alias up among the node's
network addresses), a CNI network when it has a conflist of that name or reports
the ``cni/<name>`` mode (``hasNetwork``), a datacenter when Nomad's glob matches it
(``ryanuber/go-glob``, as the scheduler's ``IsInAnyDC``), and a node pool when it
is in it (``all`` takes every pool).
"""

from __future__ import annotations

from collections.abc import Callable

from jobspec.model.catalog import Catalog, CatalogNode
from jobspec.placement.names import glob_match
from jobspec.placement.shapes import index_for

HOST_NETWORK, CNI, DATACENTER, NODE_POOL = "host network", "CNI network", "datacenter", "node pool"
_SHOWN = 10
BUILT_IN_MODES = ("host", "bridge", "none")


def offers(kind: str, value: str) -> Callable[[CatalogNode], bool]:

    if kind == HOST_NETWORK:
        return lambda node: value in node.host_networks
    if kind == CNI:
        return lambda node: value in (node.cni_networks or {}) or f"cni/{value}" in (node.network_modes or ())
    if kind == DATACENTER:
        return lambda node: glob_match(value, node.datacenter)
    return lambda node: value == "all" or node.node_pool == value


def coverage(catalog: Catalog, kind: str, value: str) -> str:
    """``3 of 9 nodes: edge-1, edge-2, edge-4 (ineligible)``: how many of the catalog's
    nodes offer ``value`` (a node class counts as its number of nodes), and which."""
    test = offers(kind, value)
    total = sum(n.count for n in catalog.nodes)
    having = [n for n in catalog.nodes if test(n)]
    count = sum(n.count for n in having)
    head = f"{count} of {total} node{'' if total == 1 else 's'}"
    if not having:
        return head
    names = [_name(n) for n in having[:_SHOWN]]
    more = f" and {len(having) - _SHOWN} more" if len(having) > _SHOWN else ""
    return f"{head}: {', '.join(names)}{more}"


def _name(node: CatalogNode) -> str:
    name = node.name if node.count == 1 else f"{node.name} (class of {node.count})"
    state = [] if node.status == "ready" else [node.status]
    state += [] if node.eligible else ["ineligible"]
    state += ["draining"] if node.draining else []
    return f"{name} ({', '.join(state)})" if state else name


def names(catalog: Catalog, kind: str) -> list[str]:
    """What the catalog offers of ``kind``, sorted: the values to complete."""
    if not catalog.nodes:
        return []

    index = index_for(catalog)
    if kind == HOST_NETWORK:
        return sorted(index.host_networks)
    if kind == CNI:
        return sorted(m.removeprefix("cni/") for m in index.network_modes if m.startswith("cni/"))
    if kind == DATACENTER:
        return sorted(index.datacenters)
    return sorted(index.node_pools | {"all"})
