"""Two ports of a group ask for the same static port on the same host network.

Nomad rejects the job ("Static port 8080 already reserved by taskgroup
network:http"). Static ports are indexed by ``(host_network, static)`` across
every group ``network`` block and the deprecated task-level networks, so two
different ``host_network`` values may reuse a port number. Nomad keeps the
first port and blames every later one, unless the later group port sets
``ignore_collision = true`` (which only host mode allows): the check depends
on order, as Nomad's does. Task-level ports never honour ``ignore_collision``.
A ``static`` or ``host_network`` that is not known offline is skipped.

FAIL:

    network {
      port "http"  { static = 8080 }
      port "admin" { static = 8080 }
    }

PASS:

    network {
      port "http"  { static = 8080 }
      port "admin" {
        static       = 8080
        host_network = "private"
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import MAX_PORT, OwnedPort, group_ports

ID = "port-duplicate-static"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        taken: dict[tuple[str, int], OwnedPort] = {}
        for owned in group_ports(group):
            port = owned.port
            static = port.static
            if isinstance(static, Unknown):
                yield Skipped(f"group {group.name!r}: static value of port {port.label!r} is not known offline")
                continue
            # jobspec2 keeps a negative static on the port, and Nomad indexes any non-zero value.
            if static is None or static == 0:
                continue
            if isinstance(port.host_network, Unknown):
                yield Skipped(f"group {group.name!r}: host_network of port {port.label!r} is not known offline")
                continue
            key = (port.host_network, static)
            first = taken.get(key)
            if first is None:
                # Nomad leaves a port above 65535 out of the index (port-static-range reports it).
                if static <= MAX_PORT:
                    taken[key] = owned
                continue
            if owned.task is None:
                if isinstance(port.ignore_collision, Unknown):
                    yield Skipped(f"group {group.name!r}: ignore_collision of port {port.label!r} is not known offline")
                    continue
                if port.ignore_collision:
                    continue
            yield Finding(
                f"Static port {static} already reserved by {first.owner}",
                port.at("static"),
                _hint(owned, first),
                job=job.id,
                group=group.name,
            )


def _hint(owned: OwnedPort, first: OwnedPort) -> str:
    where = f"port {first.port.label!r} (line {first.port.span.line}) takes it first"
    if owned.task is None and owned.network.kind == "host":
        return (
            f"{where}; pick another static port, remove `static` for a dynamic one, "
            "or set ignore_collision = true on this port to share it"
        )
    return f"{where}; pick another static port, remove `static` for a dynamic one, or use another host_network"
