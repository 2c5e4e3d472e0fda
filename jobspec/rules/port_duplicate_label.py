"""Two ports in a group share a label.

Nomad rejects the job: labels are unique across every group ``network`` block
("Port label http already in use by taskgroup network"), and a label of a
deprecated task-level network must not repeat one of the group's. Nomad does
not compare task-level labels with each other, so two tasks may each declare
``port "http"``. The comparison is case-sensitive, as Nomad's is.

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

from jobspec.diagnostics import Finding, Related, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job, Port

ID = "port-duplicate-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        # nomad/structs/structs.go TaskGroup.validateNetworks: labels of all group networks are
        # unique among themselves; a task-level network's label is compared with those group
        # labels only, so two tasks (or one task twice) may reuse a label.
        seen: dict[str, Port] = {}
        for port in (p for n in group.networks for p in n.ports):
            if port.label in seen:
                yield _duplicate(job, group.name, port, seen[port.label])
            else:
                seen[port.label] = port
        for port in (p for t in group.tasks for n in t.networks for p in n.ports + n.reserved_ports):
            if port.label in seen:
                yield _duplicate(job, group.name, port, seen[port.label])


def _duplicate(job: Job, group: str, port: Port, first: Port) -> Finding:
    return Finding(
        f"Port label {port.label} already in use by taskgroup network",
        port.span,
        f"the first port {port.label!r} is at line {first.span.line}; rename one of them",
        job=job.id,
        group=group,
        # The other place, for an editor to link (LSP relatedInformation).
        related=(Related(first.span, f"the first port {port.label!r}"),),
    )
