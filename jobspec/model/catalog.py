"""The node catalog: what the cluster's client nodes offer, as far as placement of
networks and ports is concerned. Built by ``jobspec.catalog`` loaders from node
JSON, agent-config folders or a saved catalog; read by the catalog rules.

``None`` in a field means "the source did not say": a rule that needs it skips
and says so, rather than holding it against a job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobspec.diagnostics import Finding, Span


@dataclass(frozen=True)
class Address:
    """One address a host network alias resolves to on a node."""

    alias: str
    address: str | None = None
    reserved_ports: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CniNetwork:
    """A CNI network a node can join, by the conflist's ``name``."""

    name: str
    file: str
    span: Span
    plugins: tuple[str, ...] = ()
    port_mappings: bool | None = None
    """True if a plugin declares ``capabilities.portMappings``; None if unknown."""
    cni_version: str | None = None
    problems: tuple[Finding, ...] = field(default=(), compare=False)
    """The errors the conflist rules found in the file: a job that uses the network meets them."""


@dataclass(frozen=True)
class NodeResources:
    """What allocations may use on one node: its capacity minus what the client
    reserves (``NodeResources`` minus ``ReservedResources``, as ``AllocsFit``
    compares them). None in a field: the source does not say."""

    cpu: int | None = None
    """MHz."""
    memory: int | None = None
    """MB."""
    disk: int | None = None
    """MB."""
    cores: int | None = None
    """Cores a task may reserve with ``resources { cores }``."""


@dataclass(frozen=True)
class CatalogNode:
    """A node, or a class of identical nodes (``count`` of them)."""

    name: str
    source: Span
    id: str | None = None
    datacenter: str = "dc1"
    node_pool: str = "default"
    node_class: str = ""
    status: str = "ready"
    eligible: bool = True
    draining: bool = False
    count: int = 1
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    attributes: dict[str, str] = field(default_factory=dict, compare=False)
    attributes_known: bool = True
    """False when the source states no attributes (a class folder): a missing
    ``${attr.x}`` is then unknown, not absent."""
    network_modes: frozenset[str] | None = None
    """``host``, ``bridge``, ``cni/<name>``; None when the source does not say."""
    host_networks: dict[str, tuple[Address, ...]] = field(default_factory=dict, compare=False)
    """Alias → addresses; always has ``default`` for a node that can run anything."""
    cni_networks: dict[str, CniNetwork] | None = field(default=None, compare=False)
    """Network name → the conflist that defines it (first file wins); None if unknown."""
    cni_plugins: dict[str, str] | None = field(default=None, compare=False)
    """Plugin binary → version (``plugins.cni.version.*``); None if unknown."""
    reserved_ports: frozenset[int] = frozenset()
    min_dynamic_port: int = 20000
    max_dynamic_port: int = 32000
    cni_path: tuple[str, ...] | None = None
    """The client's ``cni_path`` directories, in search order; None if unknown."""
    cni_config_dir: str | None = None
    bridge_network_name: str | None = None
    """``bridge_network_name`` (Nomad's default ``nomad``); None if unknown."""
    bridge_network_subnet: str | None = None
    """``bridge_network_subnet`` (Nomad's default ``172.26.64.0/20``); None if unknown."""
    meta_known: bool = True
    """False when the source states no meta (the ``/v1/nodes`` list stub): a missing
    ``${meta.x}`` is then unknown, not absent."""
    drivers: dict[str, bool] | None = field(default=None, compare=False)
    """Driver → usable (detected and healthy); None when the source says nothing."""
    drivers_complete: bool = True
    """True when a driver missing from ``drivers`` is missing from the node (node
    JSON); False when it is only unknown (an agent-config class)."""
    resources: NodeResources | None = None
    """None when the source states no resources (a class folder, a node list stub)."""

    @property
    def can_take_work(self) -> bool:
        return self.status == "ready" and self.eligible and not self.draining


@dataclass(frozen=True)
class Catalog:
    nodes: tuple[CatalogNode, ...] = ()
    sources: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    """What the sources could not state, one sentence each (goes to summary.skipped)."""
