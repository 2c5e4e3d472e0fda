"""Two ports in a group share a label.

Nomad rejects the job: labels are unique across every group ``network`` block
and the deprecated task-level networks ("Port label http already in use by
taskgroup network"). The comparison is case-sensitive, as Nomad's is.

FAIL:

    network {
      port "http" { to = 8080 }
      port "http" { static = 80 }
    }

PASS:

    network {
      port "http"  { to = 8080 }
      port "admin" { static = 80 }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.model.job import Job

ID = "port-duplicate-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic]:
    for group in job.groups:
        seen: dict[str, int] = {}
        ports = [p for n in group.networks for p in n.ports]
        ports += [p for t in group.tasks for n in t.networks for p in n.ports + n.reserved_ports]
        for port in ports:
            if port.label in seen:
                yield Diagnostic(
                    ID,
                    SEVERITY,
                    f"Port label {port.label} already in use by taskgroup network",
                    port.span,
                    f"the first port {port.label!r} is at line {seen[port.label]}; rename one of them",
                    job=job.id,
                    group=group.name,
                )
            else:
                seen[port.label] = port.span.line
