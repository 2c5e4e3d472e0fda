"""Ports declared on a network in ``none`` mode.

With ``mode = "none"`` the group gets an isolated namespace with only a
loopback interface. The scheduler skips every network check for it but still
allocates the ports, so they use up ports on the node and nothing can reach
them. Fix (unsafe): every ``port`` block of the network is removed.

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

from jobspec.diagnostics import Applicability, Finding, Fix, Severity
from jobspec.edits import block_at, delete_block, fix
from jobspec.model.context import Context
from jobspec.model.job import Job, Network
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
                fix=_remove_ports(ctx, network),
            )


def _remove_ports(ctx: Context, network: Network) -> Fix | None:
    """Unsafe: a service or a driver's ``ports`` may name the ports removed, and a
    reachable network may have been meant. Every ``port`` block goes, or none does."""
    if not network.ports:
        return None  # legacy reserved_ports blocks: left to the author
    blocks = [block_at(ctx.document, "port", port.span) for port in network.ports]
    edits = [delete_block(ctx.document, block) if block is not None else None for block in blocks]
    return fix("remove the ports", Applicability.UNSAFE, *edits)
