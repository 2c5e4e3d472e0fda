"""What a task group asks of a node, reduced to the facts placement reads.

An ask is hashable and holds no spans, so equal asks from different jobs share
one cached evaluation per node shape."""

from __future__ import annotations

from dataclasses import dataclass

from jobspec.evaluate import Unknown
from jobspec.model.job import Constraint, Group, Job
from jobspec.placement.constraints import DISTINCT_HOSTS, DISTINCT_PROPERTY, OPERATORS

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
class ConstraintAsk:
    ltarget: str
    operand: str
    rtarget: str

    def __str__(self) -> str:
        """``Constraint.String``: the key of Nomad's filter metrics."""
        return f"{self.ltarget} {self.operand} {self.rtarget}"

    @property
    def unique(self) -> bool:
        return self.ltarget.startswith(_UNIQUE_TARGETS) or self.rtarget.startswith(_UNIQUE_TARGETS)


@dataclass(frozen=True)
class ResourceAsk:
    """One allocation's sum over the group's tasks, with Nomad's defaults filled
    in (``api.Resources.Canonicalize``: cpu 100 MHz unless ``cores`` is set, memory
    300 MB; ``ephemeral_disk`` 300 MB)."""

    cpu: int = 0
    memory: int = 0
    disk: int = 300
    cores: int = 0
    written: bool = False
    """True when the job sets a value itself: only then is an unknown capacity worth a note."""


# Nomad's defaults for a task without resources, and for a group without ephemeral_disk.
DEFAULT_CPU, DEFAULT_MEMORY, DEFAULT_DISK = 100, 300, 300


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
    job_constraints: tuple[ConstraintAsk, ...] = ()
    constraints: tuple[ConstraintAsk, ...] = ()
    """The group's and its tasks' (``TaskGroupConstraints``), checked after the drivers."""
    drivers: tuple[str, ...] = ()
    resources: ResourceAsk | None = None
    distinct_hosts: str | None = None
    """``job`` or ``group``: where a ``distinct_hosts`` constraint in force was written."""
    distinct_properties: tuple[tuple[str, int], ...] = ()
    """(target, allocations allowed per value) of each ``distinct_property``."""
    unknown: tuple[str, ...] = ()
    """Constraints and drivers not known offline, one sentence each."""

    @property
    def escaped(self) -> bool:
        return (
            any(p.host_network and p.host_network.startswith(_UNIQUE_TARGETS) for p in self.ports)
            or any(c.unique for c in self.job_constraints + self.constraints)
            or any(target.startswith(_UNIQUE_TARGETS) for target, _ in self.distinct_properties)
        )

    @property
    def system(self) -> bool:
        return self.job_type in ("system", "sysbatch")

    @property
    def slot_port(self) -> PortAsk | None:
        """The first static port that needs an address of its own per allocation."""
        return next((p for p in self.ports if p.limits_slots), None)


def ask_for(job: Job, group: Group) -> GroupAsk:
    datacenters = job.datacenters
    dcs: tuple[str, ...] | None = None
    if not isinstance(datacenters, Unknown):
        known = tuple(d for d in datacenters if isinstance(d, str))
        if len(known) == len(datacenters):
            dcs = known
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
    unknown: list[str] = []
    task_constraints = tuple(c for t in group.tasks for c in t.constraints)
    drivers = set()
    for task in group.tasks:
        if isinstance(task.driver, str):
            drivers.add(task.driver)
        else:
            unknown.append(f'driver of task "{task.name}": not known offline')
    properties = tuple(
        (p, n) for p, n in (_property(c, unknown) for c in job.constraints + group.constraints) if p is not None
    )
    return GroupAsk(
        datacenters=dcs,
        # An empty pool is what the server's mutator turns into "default".
        node_pool="default" if pool == "" else pool,
        job_type=_known(job.type),
        mode=mode,
        ports=ports,
        count=count,
        job_constraints=_constraints(job.constraints, unknown),
        constraints=_constraints(group.constraints + task_constraints, unknown),
        drivers=tuple(sorted(drivers)),
        resources=_resources(group, unknown),
        distinct_hosts=(
            "job" if _distinct_hosts(job.constraints) else "group" if _distinct_hosts(group.constraints) else None
        ),
        distinct_properties=properties,
        unknown=tuple(unknown),
    )


def _constraints(written: tuple[Constraint, ...], unknown: list[str]) -> tuple[ConstraintAsk, ...]:
    found = []
    for c in written:
        parts = (c.attribute, c.operator, c.value)
        if not all(isinstance(p, str) for p in parts):
            unknown.append(f"constraint at line {c.span.line}: its value is not known offline")
            continue
        if c.operator in (DISTINCT_HOSTS, DISTINCT_PROPERTY) or c.operator not in OPERATORS:
            continue  # limits on count, or an operator Job.Validate refuses
        found.append(ConstraintAsk(*parts))  # type: ignore[arg-type]
    return tuple(found)


def _distinct_hosts(written: tuple[Constraint, ...]) -> bool:
    """``DistinctHostsIterator.hasDistinctHostsConstraint``: the first one decides;
    an empty or unparsable value (``strconv.ParseBool``) counts as true."""
    for c in written:
        if c.operator == DISTINCT_HOSTS:
            return not isinstance(c.value, str) or c.value not in ("0", "f", "F", "FALSE", "false", "False")
    return False


def _property(c: Constraint, unknown: list[str]) -> tuple[str | None, int]:
    if c.operator != DISTINCT_PROPERTY:
        return None, 0
    if not isinstance(c.attribute, str) or not isinstance(c.value, str):
        unknown.append(f"distinct_property at line {c.span.line}: not known offline")
        return None, 0
    if c.value == "":
        return c.attribute, 1
    # propertySet.setTargetAttribute: RTarget is a uint64; Constraint.Validate reports a bad one.
    return (c.attribute, int(c.value)) if c.value.isascii() and c.value.isdigit() else (None, 0)


def _resources(group: Group, unknown: list[str]) -> ResourceAsk:
    cpu = memory = cores = 0
    written = isinstance(group.disk, int)
    for task in group.tasks:
        res = task.resources
        values = {k: getattr(res, k) if res is not None else None for k in ("cpu", "memory", "cores")}
        for key, value in values.items():
            if isinstance(value, Unknown):
                # Counted with Nomad's default instead: the check may pass a job it should not.
                unknown.append(f'resources {key} of task "{task.name}": not known offline, Nomad\'s default assumed')
        written = written or any(isinstance(v, int) for v in values.values())
        task_cores = values["cores"] if isinstance(values["cores"], int) else 0
        cores += task_cores
        if isinstance(values["cpu"], int):
            cpu += values["cpu"]
        elif not task_cores:
            cpu += DEFAULT_CPU
        memory += values["memory"] if isinstance(values["memory"], int) else DEFAULT_MEMORY
    if isinstance(group.disk, Unknown):
        unknown.append(f'ephemeral_disk size of group "{group.name}": not known offline, Nomad\'s default assumed')
    disk = group.disk if isinstance(group.disk, int) else DEFAULT_DISK
    return ResourceAsk(cpu=cpu, memory=memory, disk=disk, cores=cores, written=written)


def _port(port) -> PortAsk:
    return PortAsk(
        label=port.label,
        static=port.static if port.is_static else None,
        host_network=_known(port.host_network),
        ignore_collision=port.ignore_collision is True,
    )


def _known(value: object) -> str | None:
    return value if isinstance(value, str) else None
