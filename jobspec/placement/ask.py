"""What a task group asks of a node, reduced to the facts placement reads.

An ask is hashable and holds no spans, so equal asks from different jobs share
one cached evaluation per node shape."""

from __future__ import annotations

from dataclasses import dataclass

from jobspec.evaluate import Unknown
from jobspec.model.job import Group, Job

# Templates reading per-node unique facts cannot be answered per shape: Nomad
# "escapes" such constraints from its computed-class cache for the same reason.
_UNIQUE_TARGETS = ("${node.unique.", "${attr.unique.", "${meta.unique.")


@dataclass(frozen=True)
class PortAsk:
    label: str
    static: int | None
    """The host port for a static port; None for a dynamic one."""
    host_network: str | None
    """As written (may be a ``${...}`` template); None when unknown offline."""
    ignore_collision: bool = False

    @property
    def limits_slots(self) -> bool:
        """A static port that must be free on the address: one alloc per address."""
        return self.static is not None and not self.ignore_collision


@dataclass(frozen=True)
class GroupAsk:
    datacenters: tuple[str, ...] | None
    """Glob patterns; None when any of them is unknown offline (no filtering)."""
    node_pool: str | None
    job_type: str | None
    mode: str | None
    """``host`` for an unset mode; None when unknown offline."""
    ports: tuple[PortAsk, ...] = ()
    count: int | None = 1
    """``count`` plus canaries; None when unknown offline."""

    @property
    def escaped(self) -> bool:
        return any(p.host_network and p.host_network.startswith(_UNIQUE_TARGETS) for p in self.ports)

    @property
    def system(self) -> bool:
        return self.job_type in ("system", "sysbatch")

    @property
    def slot_port(self) -> PortAsk | None:
        """The first static port that needs an address of its own per allocation."""
        return next((p for p in self.ports if p.limits_slots), None)


def ask_for(job: Job, group: Group) -> GroupAsk:
    datacenters = job.datacenters
    dcs = None
    if not isinstance(datacenters, Unknown) and all(isinstance(d, str) for d in datacenters):
        dcs = tuple(datacenters)  # type: ignore[arg-type]
    network = group.network
    mode: str | None = "host"
    ports: tuple[PortAsk, ...] = ()
    if network is not None:
        mode = None if isinstance(network.mode, Unknown) else (network.mode or "host")
        ports = tuple(_port(p) for p in network.ports if not isinstance(p.static, Unknown))
    count = None
    if isinstance(group.count, int) and isinstance(group.canary, int):
        count = max(group.count, 0) + max(group.canary, 0)
    pool = _known(job.node_pool)
    return GroupAsk(
        datacenters=dcs,
        # An empty pool is what the server's mutator turns into "default".
        node_pool="default" if pool == "" else pool,
        job_type=_known(job.type),
        mode=mode,
        ports=ports,
        count=count,
    )


def _port(port) -> PortAsk:
    return PortAsk(
        label=port.label,
        static=port.static if port.is_static else None,
        host_network=_known(port.host_network),
        ignore_collision=port.ignore_collision is True,
    )


def _known(value: object) -> str | None:
    return value if isinstance(value, str) else None
