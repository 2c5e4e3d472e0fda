"""A Connect transparent proxy that Nomad refuses.

Nomad checks a group whose sidecar sets ``proxy { transparent_proxy {} }``:
no group ``network`` may set ``dns`` unless the proxy sets ``no_dns = true``
("Consul Connect transparent proxy cannot be used with network.dns unless
no_dns=true"); each ``exclude_inbound_ports`` entry must be a port number or
the label of a **static** group port ("Consul Connect transparent proxy port
"http" must be numeric or one of network.port labels": a dynamic port's label
is refused); and the group may hold no other ``connect`` block ("Consul
Connect transparent proxy requires there is only one connect block").

FAIL:

    network {
      mode = "bridge"
      port "http" { to = 8080 }
    }
    service {
      name = "web"
      port = "http"
      connect {
        sidecar_service {
          proxy {
            transparent_proxy { exclude_inbound_ports = ["http"] }
          }
        }
      }
    }

PASS:

    network {
      mode = "bridge"
      port "http" {
        static = 8080
        to     = 8080
      }
    }
    service {
      name = "web"
      port = "http"
      connect {
        sidecar_service {
          proxy {
            transparent_proxy { exclude_inbound_ports = ["http"] }
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
from jobspec.model.job import Group, Job
from jobspec.rules._network import go_quote, nomad_ports
from jobspec.rules._services import service_name

ID = "connect-transparent-proxy"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        # nomad/job_endpoint_hook_connect.go groupConnectUpstreamsValidate; like it, only the
        # group's first failure is reported. A group without a network fails connect-network first.
        if not group.networks:
            continue
        for item in _group(job, group):
            yield item
            if isinstance(item, Finding):
                break


def _group(job: Job, group: Group) -> Iterator[Finding | Skipped]:
    proxies = [s.transparent_proxy for s in group.services if s.connect == "sidecar"]
    proxied = [tp for tp in proxies if tp is not None]
    for tp in proxied:
        if isinstance(tp.no_dns, Unknown):
            yield Skipped(f"group {group.name!r}: no_dns of a transparent proxy is not known offline")
        elif not tp.no_dns:
            for network in group.networks:
                if network.dns is not None and (network.dns.servers or network.dns.searches or network.dns.options):
                    yield Finding(
                        "Consul Connect transparent proxy cannot be used with network.dns unless no_dns=true",
                        network.dns.span,
                        "the transparent proxy answers the group's DNS through Consul; remove the dns block "
                        "or set no_dns = true in transparent_proxy",
                        job=job.id,
                        group=group.name,
                    )
                    return
        # transparentProxyPortLabelValidate: a uint16, or a label among the networks' ReservedPorts.
        static = {p.label for n in group.networks for p in nomad_ports(n) if p.is_static}
        dynamic = {p.label for n in group.networks for p in nomad_ports(n) if not p.is_static}
        for value, span in tp.exclude_inbound_ports:
            if isinstance(value, Unknown):
                yield Skipped(f"group {group.name!r}: an exclude_inbound_ports entry is not known offline")
                continue
            label = str(value).lower() if isinstance(value, bool) else str(value)
            if (label.isascii() and label.isdigit() and int(label) <= 65535) or label in static:
                continue
            if label in dynamic:
                hint = f"port {go_quote(label)} is dynamic; Nomad accepts only static port labels or port numbers here"
            else:
                hint = "name a static port of the group's network, or write the port number"
            yield Finding(
                f"Consul Connect transparent proxy port {go_quote(label)} must be numeric "
                "or one of network.port labels",
                span,
                hint,
                job=job.id,
                group=group.name,
            )
            return
    connects = [s for s in group.services if s.connect is not None]
    if proxied and len(connects) > 1:
        names = ", ".join(service_name(job, group, s) for s in connects)
        yield Finding(
            "Consul Connect transparent proxy requires there is only one connect block",
            connects[1].span,
            f"the group's Connect services are {names}; put each in a group of its own",
            job=job.id,
            group=group.name,
        )
