"""Ports declared on a network in ``none`` mode.

With ``mode = "none"`` the group gets an isolated namespace with only a
loopback interface. The scheduler skips every network check for it but still
allocates the ports, so they use up ports on the node and nothing can reach
them.

FAIL:

    network {
      mode = "none"
      port "http" { to = 8080 }
    }

PASS:

    network {
      mode = "bridge"
      port "http" { to = 8080 }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import nomad_ports

ID = "network-none-ports"
SEVERITY = Severity.WARNING
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for network in group.networks:
            ports = nomad_ports(network)
            if network.mode != "none" or not ports:
                continue
            # Declaration order, so the report points at the first port written.
            first = min(ports, key=lambda p: (p.span.line, p.span.column))
            labels = ", ".join(sorted(p.label for p in ports))
            yield Finding(
                f'network mode "none" gives the tasks no network, yet it declares ports ({labels}): '
                "the scheduler still allocates them, but nothing can reach them",
                first.span,
                'use mode = "bridge" (or "host") if the tasks must be reachable, or remove the ports',
                job=job.id,
                group=group.name,
            )
