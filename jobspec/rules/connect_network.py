"""A group with a Consul Connect sidecar or gateway lacks a usable network.

Nomad's server checks every group whose services ask for a Connect sidecar
(``connect { sidecar_service {} }``) or gateway (``connect { gateway {} }``):
the group needs exactly one ``network`` block ("connect sidecar: must have
exactly one network for Consul Connect: group "api" has 0 networks") whose mode
is ``bridge`` or ``cni/<name>`` for a sidecar, or ``bridge``, ``host`` or
``cni/<name>`` for a gateway ("connect sidecar: invalid network mode for Consul
Connect: group "api" uses network mode "host"; must be "bridge" or "cni/*"").
An unset mode counts as ``""`` here and is refused for gateways too. Connect
native services are not checked. Like Nomad, only a group's first failure is
reported.

FAIL:

    group "api" {
      network { mode = "host" }
      service {
        connect {
          sidecar_service {}
        }
      }
    }

PASS:

    group "api" {
      network { mode = "bridge" }
      service {
        connect {
          sidecar_service {}
        }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Group, Job, Service
from jobspec.rules._network import go_quote
from jobspec.rules._services import dynamic_blocks

ID = "connect-network"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for service in group.services:
            if service.connect not in ("sidecar", "gateway"):
                continue
            if "network" in dynamic_blocks(group):
                yield Skipped(f"group {group.name!r}: dynamic network blocks are known only to HCL2 evaluation")
                break
            items = list(_service(job, group, service))
            yield from items
            if any(isinstance(item, Finding) for item in items):
                break


def _service(job: Job, group: Group, service: Service) -> Iterator[Finding | Skipped]:
    gateway = service.connect == "gateway"
    prefix = f"connect {service.connect}"
    allowed = '"bridge", "host", or "cni/*"' if gateway else '"bridge" or "cni/*"'
    count = len(group.networks)
    if count != 1:
        yield Finding(
            f"{prefix}: must have exactly one network for Consul Connect: "
            f"group {go_quote(group.name)} has {count} networks",
            group.networks[1].span if count > 1 else service.span,
            'Connect needs the group\'s own network namespace: give the group one `network { mode = "bridge" }` block'
            if count == 0
            else "keep a single network block; Nomad uses only the first",
            job=job.id,
            group=group.name,
        )
        return
    network = group.networks[0]
    mode = network.mode
    if isinstance(mode, Unknown):
        yield Skipped(f"group {group.name!r}: network mode is not known offline ({mode.reason})")
        return
    if mode == "bridge" or mode.startswith("cni/") or (gateway and mode == "host"):
        return
    if gateway:
        hint = 'write the mode out: "bridge", "host" or a "cni/<name>" network (an unset mode is refused)'
    else:
        hint = 'the sidecar proxy shares the group\'s network namespace: set mode = "bridge" or a "cni/<name>" network'
    yield Finding(
        f"{prefix}: invalid network mode for Consul Connect: group {go_quote(group.name)} uses network mode "
        f"{go_quote(mode)}; must be {allowed}",
        network.at("mode"),
        hint,
        job=job.id,
        group=group.name,
    )
