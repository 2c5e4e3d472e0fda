"""A pulled catalog completed by class folders: what the API cannot tell.

Nomad's API lists a node's CNI networks (``NodeResources.Networks[].Mode`` =
``cni/<name>``, fingerprinted by ``client/fingerprint/cni.go``) but not the
conflists behind them, so whether a network forwards ports
(``capabilities.portMappings``) is unknown for a pulled node. The class folders
an admin deploys hold those conflists. Given both
(``--catalog pulled.json --catalog classes/``), a class folder describes the
pulled nodes it matches, tried in this order:

1. a pulled node whose ``Name`` is the folder's name;
2. pulled nodes whose ``NodeClass`` is the ``node_class`` of the folder's agent config;
3. pulled nodes whose ``NodeClass`` is the folder's name (for a folder whose
   agent config sets no ``node_class``).

A matched pulled node takes, for each CNI network the API says it has, the
folder's conflist of that name, and the folder's ``cni_path``,
``cni_config_dir`` and bridge settings where the API says nothing. What the API
says stays: the networks a node has, its host networks, ports and attributes.
A matched folder adds no nodes of its own (its ``count`` is replaced by the
pulled nodes); a folder that matches nothing stays a class of its own.
"""

from __future__ import annotations

from dataclasses import replace

from jobspec.model.catalog import CatalogNode


def merge_pulled(
    nodes: list[CatalogNode], pulled: list[tuple[str, tuple[CatalogNode, ...]]]
) -> tuple[list[CatalogNode], list[str]]:
    """The nodes with matched class folders folded into pulled nodes, and what stays unknown."""
    address_of = {id(node): address for address, group in pulled for node in group}
    # A class folder (or agent config) states no attributes and has no ID; node JSON
    # and pulled nodes have an ID (a node list stub states no attributes either).
    classes = [n for n in nodes if id(n) not in address_of and not n.attributes_known and n.id is None]
    by_name = {c.name: c for c in reversed(classes)}
    by_class = {c.node_class: c for c in reversed(classes) if c.node_class}
    by_folder = {c.name: c for c in reversed(classes) if not c.node_class}
    used: set[int] = set()
    replaced: dict[int, CatalogNode] = {}
    for node in nodes:
        if id(node) not in address_of:
            continue
        match = by_name.get(node.name)
        if match is None and node.node_class:
            match = by_class.get(node.node_class) or by_folder.get(node.node_class)
        if match is not None:
            used.add(id(match))
            replaced[id(node)] = _complete(node, match)
    merged = [replaced.get(id(n), n) for n in nodes if id(n) not in used]
    unknown: dict[str, int] = {}
    for original in nodes:
        node = replaced.get(id(original), original)
        if id(original) in address_of and any(net.port_mappings is None for net in (node.cni_networks or {}).values()):
            address = address_of[id(original)]
            unknown[address] = unknown.get(address, 0) + 1
    skipped = [
        f"{address}: the Nomad API does not show conflist contents, so whether CNI networks on {count} pulled "
        f"node{'' if count == 1 else 's'} forward ports (capabilities.portMappings) is not verified, nor are their "
        "conflists linted; give "
        "their class folders (agent config and cni/ conflists) as another --catalog to verify it"
        for address, count in sorted(unknown.items())
    ]
    return merged, skipped


def _complete(node: CatalogNode, folder: CatalogNode) -> CatalogNode:
    networks = node.cni_networks
    if networks is not None and folder.cni_networks is not None:
        networks = {name: folder.cni_networks.get(name, net) for name, net in networks.items()}
    return replace(
        node,
        cni_networks=networks,
        cni_path=node.cni_path if node.cni_path is not None else folder.cni_path,
        cni_config_dir=node.cni_config_dir if node.cni_config_dir is not None else folder.cni_config_dir,
        bridge_network_name=(
            node.bridge_network_name if node.bridge_network_name is not None else folder.bridge_network_name
        ),
        bridge_network_subnet=(
            node.bridge_network_subnet if node.bridge_network_subnet is not None else folder.bridge_network_subnet
        ),
    )
