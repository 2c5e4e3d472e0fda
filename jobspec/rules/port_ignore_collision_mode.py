"""A port sets ``ignore_collision`` outside host networking.

Only a port in host mode (``mode = "host"`` or unset) may share a static port
with others; Nomad rejects it elsewhere ("Port "dns" collision may not be
ignored on non-host network mode "bridge""). Nomad checks group networks
only.

FAIL:

    network {
      mode = "bridge"
      port "dns" {
        static           = 53
        ignore_collision = true
      }
    }

PASS:

    network {
      mode = "host"
      port "dns" {
        static           = 53
        ignore_collision = true
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote, nomad_ports

ID = "port-ignore-collision-mode"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for network in group.networks:
            asking = [p for p in nomad_ports(network) if p.ignore_collision is not False]
            if not asking:
                continue
            if isinstance(network.mode, Unknown):
                yield Skipped(f"group {group.name!r}: network mode is not known offline; ignore_collision not checked")
                continue
            if network.mode in ("", "host"):
                continue
            for port in asking:
                if isinstance(port.ignore_collision, Unknown):
                    yield Skipped(f"group {group.name!r}: ignore_collision of port {port.label!r} is not known offline")
                    continue
                yield Finding(
                    f"Port {go_quote(port.label)} collision may not be ignored on non-host network mode "
                    f"{go_quote(network.mode)}",
                    port.at("ignore_collision"),
                    'remove ignore_collision, or use mode = "host" if the port must be shared',
                    job=job.id,
                    group=group.name,
                )
