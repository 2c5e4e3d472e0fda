"""A group count is negative, or above 1 in a system job.

Nomad rejects a negative count ("Task group count can't be negative") and, in
a ``system`` job, any count above 1: the system scheduler runs one allocation
per eligible node ("Job task group web has count 3. Count cannot exceed 1 with
system scheduler"). ``sysbatch`` jobs are not checked by Nomad. Without
``count``, the group's ``scaling`` ``min`` stands in for it, as in Nomad.

FAIL:

    job "agent" {
      type = "system"
      group "web" {
        count = 3
        task "agent" { driver = "docker" }
      }
    }

PASS:

    job "agent" {
      type = "system"
      group "web" {
        task "agent" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "group-count"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        count = group.count
        if isinstance(count, Unknown):
            yield Skipped(f"group {group.name!r}: count is not known offline ({count.reason})")
            continue
        span = group.at("count")
        if count < 0:
            yield Finding(
                "Task group count can't be negative",
                span,
                "use 0 to stop the group's allocations, or a positive number",
                job=job.id,
                group=group.name,
            )
        elif job.type == "system" and count > 1:
            yield Finding(
                f"Job task group {group.name} has count {count}. Count cannot exceed 1 with system scheduler",
                span,
                "a system job runs one allocation on every eligible node; remove `count`, or use type "
                '"service" to run a fixed number',
                job=job.id,
                group=group.name,
            )
