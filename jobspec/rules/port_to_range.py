"""A port maps to a value ``to`` cannot hold.

``to`` is the port inside the task's network namespace: 0 (or unset) leaves
it unmapped, -1 means "the same as the host port", anything else must be
1..65535. Nomad rejects the rest ("Port "http" cannot be mapped to negative
value -2", "Port "http" cannot be mapped to a port (70000) greater than
65535"). Nomad checks ``to`` on group networks only.

FAIL:

    network {
      port "http" { to = -2 }
      port "grpc" { to = 70000 }
    }

PASS:

    network {
      port "http" { to = 8080 }
      port "grpc" { to = -1 }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import MAX_PORT, go_quote, group_ports

ID = "port-to-range"
SEVERITY = Severity.ERROR
SCOPE = "job"

_HINT = "`to` is 1..65535, or -1 for the same port as on the host, or 0/unset for no mapping"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for owned in group_ports(group, tasks=False):
            port, to = owned.port, owned.port.to
            if not isinstance(to, int):
                continue
            if to < -1:
                message = f"Port {go_quote(port.label)} cannot be mapped to negative value {to}"
            elif to > MAX_PORT:
                message = f"Port {go_quote(port.label)} cannot be mapped to a port ({to}) greater than {MAX_PORT}"
            else:
                continue
            yield Finding(message, port.at("to"), _HINT, job=job.id, group=group.name)
