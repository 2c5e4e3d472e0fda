"""The group's CNI network cannot forward its ports.

With ``mode = "cni/<name>"`` Nomad hands the group's ports to CNI only as the
``portMappings`` capability, and libcni passes it only to a plugin that
declares ``"capabilities": {"portMappings": true}`` (normally ``portmap``).
Without one, the ports are reserved on the host and advertised in
``NOMAD_HOST_PORT_*`` but never forwarded, and nothing logs an error.
Checked only with ``--catalog``, against the conflists that define the network.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/lan"       # 20-lan.conflist has no portmap plugin
      port "http" { to = 8080 }
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/mynet"     # 10-mynet.conflist has { "type": "portmap", "capabilities": { "portMappings": true } }
      port "http" { to = 8080 }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.placement.explain import catalog_plans
from jobspec.placement.names import quoted_list

ID = "catalog-cni-portmap"
SEVERITY = Severity.WARNING
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        network = group.network
        if network is None or not network.ports:
            continue
        labels = quoted_list(p.label for p in network.ports)
        for conflist in plan.cni_networks:
            if conflist.port_mappings is None:
                yield Skipped(f"catalog-cni-portmap: the catalog does not say whether {conflist.file} maps ports")
                continue
            if conflist.port_mappings:
                continue
            yield Finding(
                f'CNI network "{conflist.name}" ({conflist.file}:{conflist.span.line}) has no plugin with '
                f"capabilities.portMappings: ports {labels} are reserved on the host but never forwarded",
                network.at("mode"),
                'add { "type": "portmap", "capabilities": { "portMappings": true } } after the interface plugin',
                job=job.id,
                group=group.name,
            )
