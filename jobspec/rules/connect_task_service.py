"""A service inside a task has a Consul Connect block.

Connect sidecars, gateways and native services are declared on group
services only; Nomad rejects a task service with ``connect`` ("service "api"
cannot have "connect" block, only services defined in a "group" block can").

FAIL:

    task "api" {
      driver = "docker"
      service {
        name = "api"
        connect {
          sidecar_service {}
        }
      }
    }

PASS:

    group "api" {
      network { mode = "bridge" }
      service {
        name = "api"
        connect {
          sidecar_service {}
        }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import service_name

ID = "connect-task-service"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for task in group.tasks:
            for service in task.services:
                if service.connect is None:
                    continue
                name = service_name(job, group, service)
                yield Finding(
                    f'service {go_quote(name)} cannot have "connect" block, '
                    'only services defined in a "group" block can',
                    service.span,
                    f"move the service to group {group.name!r}; a native service names its task with `task`",
                    job=job.id,
                    group=group.name,
                )
