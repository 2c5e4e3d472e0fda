"""A Connect sidecar service or its group has an uppercase name.

Consul assumes lowercase names for sidecar proxies, so Nomad's server rejects
uppercase letters in the service name ("Consul Connect service name "Api" in
group "web" must not contain uppercase characters") and in the group name
("Consul Connect group "Web" with service "api" must not contain uppercase
characters") of every service with ``connect { sidecar_service {} }``.

FAIL:

    group "Web" {
      network { mode = "bridge" }
      service {
        name = "api"
        connect {
          sidecar_service {}
        }
      }
    }

PASS:

    group "web" {
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

ID = "connect-name-case"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        group_reported = False  # the group name is one fix, however many services it has
        for service in group.services:
            if service.connect != "sidecar":
                continue
            name = service_name(job, group, service)
            # The server fills in ${...} from the job's environment before this check.
            if "${" not in name and name != name.lower():
                yield Finding(
                    f"Consul Connect service name {go_quote(name)} in group {go_quote(group.name)} "
                    "must not contain uppercase characters",
                    service.at("name"),
                    f"Consul expects lowercase sidecar names: use {go_quote(name.lower())}",
                    job=job.id,
                    group=group.name,
                )
            if group.name != group.name.lower() and not group_reported:
                group_reported = True
                yield Finding(
                    f"Consul Connect group {go_quote(group.name)} with service {go_quote(name)} "
                    "must not contain uppercase characters",
                    group.block.label_span if group.block is not None else group.span,
                    f"Consul expects lowercase sidecar names: rename the group {go_quote(group.name.lower())}",
                    job=job.id,
                    group=group.name,
                )
