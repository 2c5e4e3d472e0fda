"""A group service or check names a port the group does not declare.

Nomad does not check the ``port`` of a service defined directly in a
``group`` when the job is submitted: the allocation is placed and then fails
on the client with "invalid port "htp": port label not found". The label must
be a port of the group's first ``network`` block; a number is taken as a port
number. An http, tcp or grpc check needs a port from itself or its service
(that one Nomad does reject at submission). A ``${...}`` port is interpolated
on the client and not checked.

FAIL:

    group "api" {
      network { port "http" {} }
      service {
        name = "api"
        port = "htp"
      }
    }

PASS:

    group "api" {
      network { port "http" {} }
      service {
        name = "api"
        port = "http"
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context, Skipped
from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.evaluate import Unknown
from jobspec.model.job import Group, Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import (
    PORT_BLOCKS,
    PORT_CHECK_TYPES,
    atoi,
    check_name,
    declared,
    dynamic_blocks,
    group_labels,
    in_later_network,
    missing_port_message,
    port_text,
    service_name,
    task_network_labels,
)

ID = "group-service-port-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic | Skipped]:
    for group in job.groups:
        if dynamic_blocks(group) & PORT_BLOCKS:
            yield Skipped(f"group {group.name!r}: dynamic blocks make its port labels known only to HCL2 evaluation")
            continue
        yield from _group(job, group)


def _group(job: Job, group: Group) -> Iterator[Diagnostic | Skipped]:
    # The client resolves labels among the allocated ports, which include task-level network ports.
    known = group_labels(group) | task_network_labels(group)
    seen: set[Span] = set()

    def reference(port: str, span: Span, what: str) -> Iterator[Diagnostic | Skipped]:
        if span in seen:
            return
        seen.add(span)
        if "${" in port:
            yield Skipped(f"group {group.name!r}: {what} port {port!r} is interpolated on the client")
            return
        number = atoi(port)
        if number is not None:
            if number <= 0:
                yield _diagnostic(
                    job, group, f"invalid port: {go_quote(port)}: port must be >0", span, "use a port above 0"
                )
            return
        if not declared(port, known, group):
            hint = in_later_network(port, group) or _hint(port, known)
            yield _diagnostic(job, group, f"invalid port {go_quote(port)}: port label not found", span, hint)

    for service in group.services:
        name = service_name(job, group, service)
        port = port_text(service.port)
        if isinstance(port, Unknown):
            yield Skipped(f"group {group.name!r}: port of service {name!r} is not known offline ({port.reason})")
        elif port is not None:
            yield from reference(port, service.at("port"), f"service {name!r}")

        for chk in service.checks:
            if isinstance(chk.type, Unknown) or chk.type not in PORT_CHECK_TYPES:
                continue
            cname = check_name(chk, name)
            own = port_text(chk.port)
            if own is None and port is None:
                yield _diagnostic(
                    job,
                    group,
                    missing_port_message(cname, name),
                    chk.span,
                    f"a {chk.type} check probes a port: set `port` on the check or on its service",
                )
            elif isinstance(own, str):
                yield from reference(own, chk.at("port"), f"check {cname!r}")


def _diagnostic(job: Job, group: Group, message: str, span: Span, hint: str) -> Diagnostic:
    return Diagnostic(ID, SEVERITY, message, span, hint, job=job.id, group=group.name)


def _hint(label: str, known: set[str]) -> str:
    runtime = "Nomad accepts the job, but every allocation fails to register it"
    if not known:
        return f'{runtime}; the group declares no ports: add `port "{label}" {{}}` to its network block'
    return f"{runtime}; declared port labels are {', '.join(sorted(known))}"
