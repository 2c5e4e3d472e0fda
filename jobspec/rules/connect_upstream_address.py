"""Two Connect upstreams of one group listen on the same local address.

Each ``upstreams`` block of a group's sidecar proxies binds a local listener
(``local_bind_address:local_bind_port``, or ``local_bind_socket_path``), and
all the group's sidecars share one network namespace, so Nomad refuses the job
when two upstreams of the group bind the same one ("Consul Connect services
"web" and "web" in group "g" using same address for upstreams (:8080)").

FAIL:

    network { mode = "bridge" }
    service {
      name = "web"
      port = "9090"
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 8080
            }
            upstreams {
              destination_name = "cache"
              local_bind_port  = 8080
            }
          }
        }
      }
    }

PASS:

    network { mode = "bridge" }
    service {
      name = "web"
      port = "9090"
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 8080
            }
            upstreams {
              destination_name = "cache"
              local_bind_port  = 8081
            }
          }
        }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import service_name

ID = "connect-upstream-address"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        # nomad/job_endpoint_hook_connect.go groupConnectUpstreamsValidate: one listener map
        # for the whole group; the first clash fails the job.
        listeners: dict[str, str] = {}
        for service in group.services:
            if service.connect != "sidecar":
                continue
            name = service_name(job, group, service)
            for upstream in service.upstreams:
                listener = _listener(
                    upstream.local_bind_address, upstream.local_bind_port, upstream.local_bind_socket_path
                )
                if listener is None:
                    yield Skipped(f"group {group.name!r}: an upstream's local address is not known offline")
                    continue
                if listener in listeners:
                    yield Finding(
                        f"Consul Connect services {go_quote(name)} and {go_quote(listeners[listener])} in group "
                        f"{go_quote(group.name)} using same address for upstreams ({listener})",
                        upstream.at("local_bind_socket_path" if upstream.local_bind_socket_path else "local_bind_port"),
                        "the group's sidecars share one network namespace: give each upstream its own local_bind_port",
                        job=job.id,
                        group=group.name,
                    )
                    return
                listeners[listener] = name


def _listener(address: str | Unknown | None, port: int | Unknown | None, socket: str | Unknown | None) -> str | None:
    """Go's ``net.JoinHostPort(address, port)``, or the socket path when one is set."""
    if isinstance(socket, Unknown):
        return None
    if socket:
        return socket
    if isinstance(address, Unknown) or isinstance(port, Unknown):
        return None
    host = address or ""
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port or 0}"
