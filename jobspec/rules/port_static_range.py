"""A static port lies outside 1..65535.

Nomad rejects a static port above 65535 ("Port http (70000) cannot be greater
than 65535"), in group networks and task-level networks alike. A ``static`` of
0 or below is no error to Nomad: jobspec2 silently turns the port into a
dynamic one, which is rarely what the author meant, so jobspec warns.

FAIL:

    network {
      port "http" { static = 70000 }
      port "dns"  { static = -53 }
    }

PASS:

    network {
      port "http" { static = 8080 }
      port "dns"  {}
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import MAX_PORT, group_ports

ID = "port-static-range"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for owned in group_ports(group):
            port, static = owned.port, owned.port.static
            if isinstance(static, int) and static > MAX_PORT:
                yield Finding(
                    f"Port {port.label} ({static}) cannot be greater than {MAX_PORT}",
                    port.at("static"),
                    "a static port is a number from 1 to 65535; remove `static` to let Nomad pick a dynamic port",
                    job=job.id,
                    group=group.name,
                )
        for network in group.networks + tuple(n for t in group.tasks for n in t.networks):
            for port in network.ports:
                # Only a written `static` can be a mistake; an absent one means "dynamic" on purpose.
                if port.has("static") and isinstance(port.static, int) and port.static <= 0:
                    yield Finding(
                        f"Port {port.label} has static = {port.static}, which Nomad silently treats as "
                        "no static port: it gets a dynamic port instead",
                        port.at("static"),
                        "remove `static` if a dynamic port is wanted, or give a port from 1 to 65535",
                        job=job.id,
                        group=group.name,
                        severity=Severity.WARNING,
                    )
