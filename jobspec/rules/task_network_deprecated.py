"""A task declares its own network inside resources (deprecated).

Task-level networks are deprecated since Nomad 0.12.0 and draw a warning
("task network resources have been deprecated as of Nomad 0.12.0. Please
configure networking via group network block."). Their ports get no
``host_network``, ``to`` or bridge/CNI support; the group ``network`` block
does all that.

FAIL:

    task "web" {
      driver = "docker"
      resources {
        network {
          port "http" {}
        }
      }
    }

PASS:

    group "web" {
      network {
        port "http" {}
      }
      task "web" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "task-network-deprecated"
SEVERITY = Severity.WARNING
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for task in group.tasks:
            for network in task.networks:
                yield Finding(
                    "task network resources have been deprecated as of Nomad 0.12.0. "
                    "Please configure networking via group network block.",
                    network.span,
                    f"move this block's ports into a `network` block of group {group.name!r} "
                    "and refer to them from the task",
                    job=job.id,
                    group=group.name,
                )
