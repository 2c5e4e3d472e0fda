"""A static port is reserved on every node that has its host network.

Client agents reserve ports for themselves: ``client { reserved {
reserved_ports } }`` on every address, and ``host_network "x" { reserved_ports
}`` on that network's addresses. Nomad's bin-packer then fails every node with
"network: reserved port collision <label>=<port>". Ports with
``ignore_collision`` are exempt. Checked only with ``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    port "ssh" {
      static = 22    # the clients reserve 22
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    port "ssh" {
      static = 2222
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.placement.engine import q
from jobspec.placement.explain import catalog_plans

ID = "catalog-reserved-port"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        network = group.network
        if network is None or plan.scope == 0:
            continue
        ports = {p.label: p for p in network.ports}
        for ask in plan.reserved_everywhere:
            port = ports.get(ask.label)
            if port is None:
                continue
            yield Finding(
                f"network: reserved port collision {ask.label}={ask.static}: every node with host network "
                f"{q(port.host_network) if isinstance(port.host_network, str) else ''} reserves port {ask.static}",
                port.at("static"),
                f"pick a port the clients do not reserve, or remove {ask.static} from their reserved_ports",
                job=job.id,
                group=group.name,
            )
