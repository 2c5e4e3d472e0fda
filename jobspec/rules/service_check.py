"""A service check Nomad refuses: wrong type, no http path, no interval or timeout.

Every check needs a type its provider runs (Consul: ``http``, ``tcp``,
``grpc``, ``script``; Nomad's own provider: ``http`` and ``tcp`` only), an
``interval`` and a ``timeout`` of at least one second, a relative ``path`` when
it is an http check, and a ``command`` when it is a script check. Nomad
refuses the job with the first problem of each check, in that order ("Check
alive invalid: missing required value interval. Interval cannot be less than
1s"; a check of a ``provider = "nomad"`` service gets the same words without
the "Check ... invalid:" prefix). A tcp check of a Connect sidecar service
is refused too (the service listens only inside the group's namespace), and
a script check of a group service must name the ``task`` it runs in, one of
the group's own.

FAIL:

    network {
      port "http" {}
    }
    service {
      name     = "web"
      port     = "http"
      provider = "nomad"
      check {
        type     = "grpc"
        interval = "10s"
        timeout  = "2s"
      }
    }

PASS:

    network {
      port "http" {}
    }
    service {
      name     = "web"
      port     = "http"
      provider = "nomad"
      check {
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from jobspec.diagnostics import Finding, Severity, Skipped, Span
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Check, Group, Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import check_name, go_duration, go_duration_text, port_text, service_name, tasks_hidden

ID = "service-check"
SEVERITY = Severity.ERROR
SCOPE = "job"

# nomad/structs/services.go ServiceCheck.validateConsul / validateNomad: the allowable types, in order.
TYPES = {"consul": ("grpc", "tcp", "http", "script"), "nomad": ("tcp", "http")}
SECOND = 10**9
_PORT_TYPES = ("grpc", "http", "tcp")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for service in group.all_services():
            provider = service.provider or "consul"
            if isinstance(provider, Unknown) or provider not in TYPES:
                continue  # service-provider's business, or not known offline
            name = service_name(job, group, service)
            for chk in service.checks:
                # validateConsulService / validateNomadService skip a check whose port is missing
                # (service-port-label reports it) before validating the check itself.
                if chk.type in _PORT_TYPES and port_text(chk.port) is None and port_text(service.port) is None:
                    continue
                cname = check_name(chk, name)
                if provider == "consul" and chk.type == "tcp" and service.connect == "sidecar":
                    # validateConsulService: the service listens on the namespace's loopback only.
                    yield _diagnostic(
                        job,
                        group,
                        f"Check {cname} invalid: tcp checks are not valid for Connect enabled services",
                        chk.at("type"),
                        "the service is bound to the loopback of the group's namespace; use an http or grpc "
                        "check with expose = true",
                    )
                    continue
                yield from _check(job, group, chk, provider, cname)
                tasks = {t.name for t in group.tasks}
                if service.task is None and isinstance(chk.task, str) and chk.task and chk.task not in tasks:
                    # TaskGroup.validateServices: a group check's task must be one of the group's.
                    if (hidden := tasks_hidden(group)) is not None:
                        yield hidden
                        continue
                    yield _diagnostic(
                        job,
                        group,
                        f"Check {cname} invalid: refers to non-existent task {chk.task}",
                        chk.at("task"),
                        f"the group's tasks are {', '.join(sorted(tasks)) or 'none'}",
                    )
                if service.task is None and chk.type == "script" and not service.has("task") and chk.task is None:
                    # TaskGroup.validateScriptChecksInGroupServices: a group script check runs in a task.
                    yield _diagnostic(
                        job,
                        group,
                        f"Service [{group.name}]->{name} or Check {cname} must specify task parameter",
                        chk.span,
                        "set `task` on the service or the check to the task whose driver runs the script",
                    )


def _check(job: Job, group: Group, chk: Check, provider: str, name: str) -> Iterator[Finding | Skipped]:
    # ServiceCheck.validateCommon returns its first error; the provider decides on the prefix.
    prefix = f"Check {name} invalid: " if provider == "consul" else ""
    if isinstance(chk.type, Unknown):
        yield Skipped(f"group {group.name!r}: type of check {name!r} is not known offline")
        return
    kind = (chk.type or "").lower()
    allowed = TYPES[provider]
    if kind not in allowed:
        hint = (
            f"a check of a Nomad-provider service is {' or '.join(allowed)}; grpc and script checks need Consul"
            if provider == "nomad" and kind in TYPES["consul"]
            else f"the check types are {', '.join(allowed)}"
        )
        message = f"invalid check type ({go_quote(kind)}), must be one of {', '.join(allowed)}"
        yield _diagnostic(job, group, prefix + message, chk.at("type"), hint)
        return
    if kind == "http":
        if isinstance(chk.path, Unknown):
            yield Skipped(f"group {group.name!r}: path of check {name!r} is not known offline")
            return
        if not chk.path:
            yield _diagnostic(
                job, group, prefix + "http type must have http path", chk.span, 'set the path to probe, e.g. path = "/"'
            )
            return
        if _absolute(chk.path):
            yield _diagnostic(
                job,
                group,
                prefix + "http type must have relative http path",
                chk.at("path"),
                "write only the path (the check probes the service's own address); use `protocol` for https",
            )
            return
    if kind == "script" and not isinstance(chk.command, Unknown) and not chk.command:
        yield _diagnostic(
            job,
            group,
            prefix + "script type must have a valid script path",
            chk.span,
            "set `command` to the program the check runs",
        )
        return
    # Go's messages differ for the two: "interval (%v) cannot be lower than %v", "timeout (%v) is lower
    # than required minimum timeout %v".
    lows = {"interval": "cannot be lower than 1s", "timeout": "is lower than required minimum timeout 1s"}
    for field, low in lows.items():
        value = getattr(chk, field)
        if isinstance(value, Unknown):
            yield Skipped(f"group {group.name!r}: {field} of check {name!r} is not known offline")
            return
        nanoseconds = go_duration(value) if value is not None else 0
        if nanoseconds is None:
            return  # the schema reports a duration Go cannot parse
        if nanoseconds == 0:
            message = f"missing required value {field}. {field.capitalize()} cannot be less than 1s"
            span: Span = chk.at(field)
            yield _diagnostic(job, group, prefix + message, span, f'set {field} = "10s" or the like (at least "1s")')
            return
        if nanoseconds < SECOND:
            message = f"{field} ({go_duration_text(nanoseconds)}) {low}"
            yield _diagnostic(job, group, prefix + message, chk.at(field), f"the shortest {field} Nomad takes is 1s")
            return


def _absolute(path: str) -> bool:
    """Go's ``url.URL.IsAbs``: the path has a scheme."""
    try:
        return bool(urlsplit(path).scheme)
    except ValueError:
        return False


def _diagnostic(job: Job, group: Group, message: str, span: Span, hint: str) -> Finding:
    return Finding(message, span, hint, job=job.id, group=group.name)
