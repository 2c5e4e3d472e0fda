"""A Consul Connect mesh gateway service without a ``port``.

A mesh gateway advertises its WAN address on the service's ``port`` (Nomad
adds only the LAN port itself), so Nomad refuses the job when the service
sets none ("error in job mutator connect: service.port must be set for mesh
gateway service"). The port should come from a host network the other
datacenters can reach.

FAIL:

    network {
      mode = "bridge"
      port "wan" { host_network = "public" }
    }
    service {
      name = "mesh-gateway"
      connect {
        gateway { mesh {} }
      }
    }

PASS:

    network {
      mode = "bridge"
      port "wan" { host_network = "public" }
    }
    service {
      name = "mesh-gateway"
      port = "wan"
      connect {
        gateway { mesh {} }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context, Skipped
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.evaluate import Unknown
from jobspec.model.job import Job
from jobspec.rules._services import port_text

ID = "connect-mesh-gateway-port"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic | Skipped]:
    for group in job.groups:
        # nomad/job_endpoint_hook_connect.go jobConnectHook.Mutate skips groups without a network
        # (connect-network reports those); groupConnectHook then wants a port on a mesh gateway.
        if not group.networks:
            continue
        for service in group.services:
            if not service.mesh_gateway:
                continue
            port = port_text(service.port)
            if isinstance(port, Unknown):
                yield Skipped(f"group {group.name!r}: the port of a mesh gateway service is not known offline")
            elif port is None:
                yield Diagnostic(
                    ID,
                    SEVERITY,
                    "error in job mutator connect: service.port must be set for mesh gateway service",
                    service.span,
                    "set `port` to a port label of the group, ideally on a host_network the other datacenters reach",
                    job=job.id,
                    group=group.name,
                )
