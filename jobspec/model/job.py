"""Typed, frozen models of a Nomad job, as far as networking is concerned.

Every object keeps the span it came from (``span``: its block header) and the
spans of its attribute values (``spans``), so a rule reports ``obj.at("static")``
and never searches the text again. Any value may be :class:`Unknown` when it
cannot be known offline; rules skip those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Span
from jobspec.evaluate import Unknown
from jobspec.load.syntax import Block


@dataclass(frozen=True)
class Node:
    span: Span
    spans: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)

    def at(self, name: str) -> Span:
        """The span of attribute ``name``'s value, or the block header if unset."""
        return self.spans.get(name, self.span)

    def has(self, name: str) -> bool:
        return name in self.spans


@dataclass(frozen=True)
class Port(Node):
    label: str = ""
    static: int | Unknown | None = None
    to: int | Unknown | None = None
    host_network: str | Unknown = "default"
    ignore_collision: bool | Unknown = False

    @property
    def is_static(self) -> bool:
        """jobspec2 puts ``static > 0`` in ReservedPorts; 0 or negative means dynamic."""
        return isinstance(self.static, int) and self.static > 0


@dataclass(frozen=True)
class DNS(Node):
    servers: tuple[Any, ...] = ()
    searches: tuple[Any, ...] = ()
    options: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Network(Node):
    mode: str | Unknown = ""
    """As written; ``""`` when unset (Nomad treats that as ``host``)."""
    hostname: str | Unknown | None = None
    mbits: int | Unknown | None = None
    dns: DNS | None = None
    cni_args: dict[str, Any] | Unknown | None = None
    cni_args_span: Span | None = None
    ports: tuple[Port, ...] = ()
    reserved_ports: tuple[Port, ...] = ()
    """Legacy ``reserved_ports``/``dynamic_ports`` blocks (task networks)."""

    @property
    def kind(self) -> str | None:
        """``host|bridge|none|cni``; None when the mode is unknown or invalid."""
        if isinstance(self.mode, Unknown):
            return None
        if self.mode in ("", "host"):
            return "host"
        if self.mode in ("bridge", "none"):
            return self.mode
        if self.mode.startswith("cni/") and len(self.mode) > 4:
            return "cni"
        return None

    @property
    def cni_name(self) -> str | None:
        return self.mode[4:] if self.kind == "cni" else None  # type: ignore[index]


@dataclass(frozen=True)
class Check(Node):
    name: str | Unknown | None = None
    type: str | Unknown | None = None
    port: str | int | Unknown | None = None
    address_mode: str | Unknown | None = None
    task: str | Unknown | None = None
    """The ``task`` a group service's check runs in, as written; None when unset."""
    path: str | Unknown | None = None
    command: str | Unknown | None = None
    interval: str | int | Unknown | None = None
    timeout: str | int | Unknown | None = None


@dataclass(frozen=True)
class Upstream(Node):
    local_bind_port: int | Unknown | None = None
    local_bind_address: str | Unknown | None = None
    local_bind_socket_path: str | Unknown | None = None


@dataclass(frozen=True)
class TransparentProxy(Node):
    no_dns: bool | Unknown = False
    exclude_inbound_ports: tuple[tuple[Any, Span], ...] = ()
    """Each ``exclude_inbound_ports`` entry with its span."""


@dataclass(frozen=True)
class Service(Node):
    name: str | Unknown | None = None
    port: str | int | Unknown | None = None
    address_mode: str | Unknown | None = None
    provider: str | Unknown | None = None
    checks: tuple[Check, ...] = ()
    connect: str | None = None
    """``sidecar``, ``gateway`` or ``native`` when a ``connect`` block asks for it."""
    task: str | None = None
    """The task that declares it; None for a group service."""
    address: str | Unknown | None = None
    """A custom advertise ``address``, as written; None when unset."""
    transparent_proxy: TransparentProxy | None = None
    """The sidecar's ``proxy { transparent_proxy {} }`` block, when written."""
    mesh_gateway: bool = False
    """True for ``connect { gateway { mesh {} } }``."""
    upstreams: tuple[Upstream, ...] = ()
    """The sidecar proxy's ``upstreams`` blocks."""


@dataclass(frozen=True)
class Constraint(Node):
    """A ``constraint`` block as jobspec2 decodes it (``decodeConstraint``): the
    shortcut arguments (``version``, ``semver``, ``regexp``, ``set_contains``,
    ``distinct_hosts``, ``distinct_property``) already turned into an operator.
    ``spans`` holds ``attribute``, ``operator`` and ``value`` (the shortcut's span
    where one was used)."""

    attribute: str | Unknown = ""
    operator: str | Unknown = "="
    value: str | Unknown = ""

    def __str__(self) -> str:
        """``Constraint.String`` (nomad/structs): the words Nomad's filter metrics use."""
        return f"{self.attribute} {self.operator} {self.value}"


@dataclass(frozen=True)
class Resources(Node):
    """A task's ``resources`` block; None where unset (Nomad's defaults apply)."""

    cpu: int | Unknown | None = None
    cores: int | Unknown | None = None
    memory: int | Unknown | None = None


@dataclass(frozen=True)
class Task(Node):
    name: str = ""
    driver: str | Unknown | None = None
    config_ports: tuple[tuple[Any, Span], ...] = ()
    """The driver's ``config { ports = [...] }`` entries with their spans."""
    networks: tuple[Network, ...] = ()
    """Deprecated task-level ``resources { network { ... } }`` blocks."""
    services: tuple[Service, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    resources: Resources | None = None


@dataclass(frozen=True)
class Group(Node):
    name: str = ""
    count: int | Unknown = 1
    canary: int | Unknown = 0
    networks: tuple[Network, ...] = ()
    services: tuple[Service, ...] = ()
    tasks: tuple[Task, ...] = ()
    block: Block | None = field(default=None, compare=False, repr=False)
    constraints: tuple[Constraint, ...] = ()
    disk: int | Unknown | None = None
    """``ephemeral_disk { size }`` in MB; None when unset (Nomad's 300 applies)."""
    disk_span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def network(self) -> Network | None:
        """The network Nomad uses: the scheduler, client and Connect read only the first."""
        return self.networks[0] if self.networks else None

    def all_services(self) -> tuple[Service, ...]:
        return self.services + tuple(s for t in self.tasks for s in t.services)


@dataclass(frozen=True)
class Job(Node):
    id: str = ""
    name: str | Unknown = ""
    type: str | Unknown = "service"
    datacenters: tuple[str | Unknown, ...] | Unknown = ("*",)
    datacenter_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)
    """One span per ``datacenters`` element when written as a list literal."""
    node_pool: str | Unknown = "default"
    namespace: str | Unknown = "default"
    groups: tuple[Group, ...] = ()
    block: Block | None = field(default=None, compare=False, repr=False)
    constraints: tuple[Constraint, ...] = ()
