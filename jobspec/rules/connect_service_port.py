"""A Consul Connect mesh gateway or native service without a ``port``.

A mesh gateway advertises its WAN address on the service's ``port`` (Nomad
adds only the LAN port itself), so Nomad refuses the job when the service
sets none ("error in job mutator connect: service.port must be set for mesh
gateway service"). The port should come from a host network the other
datacenters can reach. A Connect native service registers its own port with
Consul and needs one too ("Service api is Connect Native and requires
setting the port").

FAIL:

    network {
      mode = "bridge"
      port "wan" { host_network = "public" }
    }
    service {
      name = "mesh-gateway"
      connect {
        gateway {
          mesh {}
        }
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
        gateway {
          mesh {}
        }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job, Service
from jobspec.rules._services import port_text, service_name

ID = "connect-service-port"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for service in group.services:
            if not service.mesh_gateway and service.connect != "native":
                continue
            # nomad/job_endpoint_hook_connect.go jobConnectHook.Mutate skips groups without a
            # network (connect-network reports those) before groupConnectHook looks at gateways.
            if service.mesh_gateway and not group.networks:
                continue
            port = port_text(service.port)
            if isinstance(port, Unknown):
                yield Skipped(f"group {group.name!r}: the port of a Connect service is not known offline")
            elif port is None and service.mesh_gateway:
                yield _missing(
                    job,
                    group.name,
                    service,
                    "error in job mutator connect: service.port must be set for mesh gateway service",
                    "set `port` to a port label of the group, ideally on a host_network the other datacenters reach",
                )
            elif port is None and (service.provider or "consul") == "consul":
                # nomad/structs/services.go Service.validateConsulService.
                name = service_name(job, group, service)
                yield _missing(
                    job,
                    group.name,
                    service,
                    f"Service {name} is Connect Native and requires setting the port",
                    "Consul registers the port the native application listens on: set `port` to a port label",
                )


def _missing(job: Job, group: str, service: Service, message: str, hint: str) -> Finding:
    return Finding(message, service.span, hint, job=job.id, group=group)
