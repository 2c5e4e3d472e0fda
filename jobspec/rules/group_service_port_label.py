"""A group service or check names a port the group does not declare.

Nomad does not check the ``port`` of a service defined directly in a
``group`` when the job is submitted: the allocation is placed and then fails
on the client with "invalid port "htp": port label not found". The label must
be a port of the group's first ``network`` block; a number is taken as a port
number. The client's words depend on the address mode: ``alloc`` and
``alloc_ipv6`` say "port label not found or is not numeric", and a service
with a custom ``address`` (and its checks, unless they set their own mode)
says "not a valid port mapping or numeric port" and takes any number. An
http, tcp or grpc check needs a port from itself or its service (that one
Nomad does reject at submission). A ``${...}`` port is interpolated on the
client and not checked.

Fix (unsafe): a label close to a declared one is renamed to it (``"htpp"`` to
``"http"``).

FAIL:

    group "api" {
      network {
        port "http" {}
      }
      service {
        name = "api"
        port = "htp"
      }
      task "app" { driver = "docker" }
    }

PASS:

    group "api" {
      network {
        port "http" {}
      }
      service {
        name = "api"
        port = "http"
      }
      task "app" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Fix, Severity, Skipped, Span
from jobspec.edits import rename
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Group, Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import (
    atoi,
    check_name,
    declared,
    group_labels,
    in_later_network,
    missing_port_hint,
    missing_port_message,
    port_checks,
    port_labels_hidden,
    port_text,
    service_name,
    task_network_labels,
)

ID = "group-service-port-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        hidden = port_labels_hidden(group)
        if hidden is not None:
            yield hidden
            continue
        yield from _group(job, group, ctx)


def _group(job: Job, group: Group, ctx: Context) -> Iterator[Finding | Skipped]:
    # The client resolves labels among the allocated ports, which include task-level network ports.
    known = group_labels(group) | task_network_labels(group)
    seen: set[Span] = set()

    def reference(port: str, span: Span, what: str, mode: str, address: bool) -> Iterator[Finding | Skipped]:
        # client/serviceregistration/address.go GetAddress, for a group workload (no driver network):
        # auto with a custom address takes any number; auto falls back to host; alloc and host look
        # the label up and else want a number above 0, each mode with words of its own.
        if span in seen:
            return
        seen.add(span)
        if "${" in port:
            yield Skipped(f"group {group.name!r}: {what} port {port!r} is interpolated on the client")
            return
        custom = mode == "auto" and address
        number = atoi(port)
        if number is not None:
            if number <= 0 and not custom:
                yield _diagnostic(
                    job, group, f"invalid port: {go_quote(port)}: port must be >0", span, "use a port above 0"
                )
            return
        if declared(port, known, group):
            return
        if custom:
            message = f"invalid port: {go_quote(port)}: not a valid port mapping or numeric port"
        elif mode in ("alloc", "alloc_ipv6"):
            message = f"invalid port {go_quote(port)}: port label not found or is not numeric"
        else:
            message = f"invalid port {go_quote(port)}: port label not found"
        later = in_later_network(port, group)
        yield _diagnostic(
            job,
            group,
            message,
            span,
            later or _hint(port, known),
            None if later else rename(ctx.document, span, port, known),
        )

    for service in group.services:
        name = service_name(job, group, service)
        port = port_text(service.port)
        address = isinstance(service.address, str) and service.address != ""
        mode = service.address_mode or "auto"
        if isinstance(mode, Unknown) or isinstance(service.address, Unknown):
            yield Skipped(f"group {group.name!r}: address of service {name!r} is not known offline")
            continue
        if isinstance(port, Unknown):
            yield Skipped(f"group {group.name!r}: port of service {name!r} is not known offline ({port.reason})")
        elif port is not None and mode != "driver":
            yield from reference(port, service.at("port"), f"service {name!r}", mode, address)

        for chk in port_checks(service):
            cname = check_name(chk, name)
            own = port_text(chk.port)
            # command/agent/consul/service_client.go checkRegs: a check without address_mode uses
            # auto when its service has a custom address, else host.
            check_mode = chk.address_mode or ("auto" if address else "host")
            if own is None and port is None:
                yield _diagnostic(
                    job,
                    group,
                    missing_port_message(cname, name),
                    chk.span,
                    missing_port_hint(chk),
                )
            elif isinstance(check_mode, Unknown):
                yield Skipped(f"group {group.name!r}: address_mode of check {cname!r} is not known offline")
            elif check_mode != "driver":
                label = own if isinstance(own, str) else port
                if isinstance(label, str):
                    where = chk.at("port") if isinstance(own, str) else service.at("port")
                    yield from reference(label, where, f"check {cname!r}", check_mode, address)


def _diagnostic(job: Job, group: Group, message: str, span: Span, hint: str, fix: Fix | None = None) -> Finding:
    return Finding(message, span, hint, job=job.id, group=group.name, fix=fix)


def _hint(label: str, known: set[str]) -> str:
    runtime = "Nomad accepts the job, but every allocation fails to register it"
    if not known:
        return f'{runtime}; the group declares no ports: add `port "{label}" {{}}` to its network block'
    return f"{runtime}; declared port labels are {', '.join(sorted(known))}"
