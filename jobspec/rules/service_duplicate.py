"""Two services, or two checks of one service, share a name.

Nomad rejects a task with two services of the same name on the same port
("service "web" is duplicate"), a group with two such group services
("Services are not unique: group->web:http"), and a task service with two
checks of the same name ("check "alive" is duplicate"). Unnamed checks of one
task service all get the same made-up name, so two of them collide too. Checks
of a group service are not compared by name (Nomad tells them apart by their
hash), and the same service name on different ports is fine.

FAIL:

    network {
      port "http" {}
    }
    service {
      name = "web"
      port = "http"
    }
    service {
      name = "web"
      port = "http"
    }

PASS:

    network {
      port "http" {}
      port "admin" {}
    }
    service {
      name = "web"
      port = "http"
    }
    service {
      name = "web"
      port = "admin"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Group, Job, Service
from jobspec.rules._network import go_quote
from jobspec.rules._services import check_name, port_text, service_name

ID = "service-duplicate"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        yield from _services(job, group, group.services, None)
        for task in group.tasks:
            yield from _services(job, group, task.services, task.name)


def _services(job: Job, group: Group, services: tuple[Service, ...], task: str | None) -> Iterator[Finding]:
    seen: dict[tuple[str, str], int] = {}
    for service in services:
        port = port_text(service.port)
        if isinstance(service.name, Unknown) or isinstance(port, Unknown):
            continue
        name = service_name(job, group, service)
        key = (name, port or "")
        if key in seen:
            if task is None:
                message = f"Services are not unique: group->{name}" + (f":{port}" if port else "")
            else:
                message = f"service {go_quote(name)} is duplicate"
            yield Finding(
                message,
                service.at("name"),
                f"the first {name!r} service on this port is at line {seen[key]}; rename one or give it another port",
                job=job.id,
                group=group.name,
            )
        else:
            seen[key] = service.span.line
        # nomad/structs/structs.go: only validateServices(t *Task) compares check names;
        # TaskGroup.validateServices leaves group checks alone (ServiceCheck.Hash tells them apart).
        if task is not None:
            yield from _checks(job, group, service, name)


def _checks(job: Job, group: Group, service: Service, name: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for chk in service.checks:
        if isinstance(chk.name, Unknown):
            continue
        cname = check_name(chk, name)
        if cname in seen:
            hint = f"the first check {cname!r} is at line {seen[cname]}; give each check of a service its own name"
            yield Finding(f"check {go_quote(cname)} is duplicate", chk.at("name"), hint, job=job.id, group=group.name)
        else:
            seen[cname] = chk.span.line
