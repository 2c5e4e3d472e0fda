"""A task's service or check names a port the group does not declare.

Nomad checks the ``port`` of every service in a ``task`` (and of its http, tcp
and grpc checks, which inherit the service's port) against the labels of the
group's FIRST ``network`` block and the task's own deprecated networks, and
rejects the job: "port label "htp" referenced by services web does not exist".
A number instead of a label is allowed only with ``address_mode = "driver"``
(the service's mode for its own port, the check's mode for a check): "check
"alive" cannot use a numeric port 8080 without setting address_mode="driver"".
An http, tcp or grpc check needs a port from itself or its service. The label
is compared literally: ``"${NOMAD_PORT_http}"`` is not the label ``http``.

Fix (unsafe): a label close to a declared one is renamed to it (``"htpp"`` to
``"http"``).

FAIL:

    network {
      port "http" {}
    }
    task "web" {
      driver = "docker"
      service {
        port = "htp"
        check {
          type     = "tcp"
          port     = 8080
          interval = "10s"
          timeout  = "2s"
        }
      }
    }

PASS:

    network {
      port "http" {}
    }
    task "web" {
      driver = "docker"
      service {
        port = "http"
        check {
          type         = "tcp"
          port         = 8080
          address_mode = "driver"
          interval     = "10s"
          timeout      = "2s"
        }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Fix, Severity, Skipped, Span
from jobspec.edits import rename
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Group, Job, Task
from jobspec.rules._network import go_quote
from jobspec.rules._services import (
    atoi,
    check_name,
    declared,
    group_labels,
    in_later_network,
    labels,
    missing_port_hint,
    missing_port_message,
    port_checks,
    port_labels_hidden,
    port_text,
    service_name,
)

ID = "service-port-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        hidden = port_labels_hidden(group)
        if hidden is not None:
            yield hidden
            continue
        for task in group.tasks:
            yield from _task(job, group, task, ctx)


def _task(job: Job, group: Group, task: Task, ctx: Context) -> Iterator[Finding | Skipped]:
    known = group_labels(group) | labels(task.networks)
    # label -> [(span, service name)]: Nomad reports each missing label once, naming its services.
    refs: dict[str, list[tuple[Span, str]]] = {}

    def diagnostic(message: str, span: Span, hint: str, fix: Fix | None = None) -> Finding:
        return Finding(message, span, hint, job=job.id, group=group.name, fix=fix)

    for service in task.services:
        name = service_name(job, group, service)
        port = port_text(service.port)
        if isinstance(port, Unknown):
            yield Skipped(f"task {task.name!r}: port of service {name!r} is not known offline ({port.reason})")
        elif port is not None:
            if isinstance(service.address_mode, Unknown) and atoi(port) is not None:
                yield Skipped(f"task {task.name!r}: address_mode of service {name!r} is not known offline")
            elif not (service.address_mode == "driver" and atoi(port) is not None):
                refs.setdefault(port, []).append((service.at("port"), name))

        for chk in port_checks(service):
            cname = check_name(chk, name)
            own = port_text(chk.port)
            effective = own if own is not None else port
            span = chk.at("port") if own is not None else service.at("port")
            if isinstance(effective, Unknown):
                yield Skipped(f"task {task.name!r}: port of check {cname!r} is not known offline")
                continue
            if effective is None:
                yield diagnostic(
                    missing_port_message(cname, name),
                    chk.span,
                    missing_port_hint(chk),
                )
                continue
            number = atoi(effective)
            if number is None:
                refs.setdefault(effective, []).append((span, name))
            elif isinstance(chk.address_mode, Unknown):
                yield Skipped(f"task {task.name!r}: address_mode of check {cname!r} is not known offline")
            elif chk.address_mode == "driver":
                if number <= 0:
                    yield diagnostic(
                        f"check {go_quote(cname)} has invalid numeric port {number}",
                        span,
                        "a numeric check port must be a port number above 0",
                    )
            else:
                yield diagnostic(
                    f'check {go_quote(cname)} cannot use a numeric port {number} without setting address_mode="driver"',
                    span,
                    'name a port label of the group network, or set address_mode = "driver" on the check '
                    "to probe that port on the driver's own address",
                )

    for label in sorted(refs):
        if declared(label, known, group):
            continue
        names = ", ".join(sorted({name for _, name in refs[label]}))
        seen: set[Span] = set()
        for span, _ in refs[label]:
            if span in seen:
                continue
            seen.add(span)
            later = in_later_network(label, group)
            yield diagnostic(
                f"port label {go_quote(label)} referenced by services {names} does not exist",
                span,
                later or _hint(label, sorted(known)),
                None if later else rename(ctx.document, span, label, known),
            )


def _hint(label: str, known: list[str]) -> str:
    if label.isdigit():
        return (
            f'a number is a port label here; set address_mode = "driver" to use port {label} of the '
            f"driver's address, or name a port of the group network"
        )
    if "${" in label:
        return "Nomad compares the label literally; write the port label itself (`http`, not `${NOMAD_PORT_http}`)"
    if not known:
        return f'the group declares no ports; add `port "{label}" {{}}` to its first network block'
    return f"declared port labels are {', '.join(known)}; the group's first network block holds them"
