"""A service or check sets an address_mode Nomad refuses there.

Services take ``auto`` (the default), ``host`` or ``driver``, and group
services also ``alloc`` and ``alloc_ipv6`` ("Service address_mode must be
"auto", "host", or "driver"; not "bridge""). ``driver`` only works for task
services, ``alloc``/``alloc_ipv6`` only for group services. A custom
``address`` requires mode ``auto``. Checks take ``host``, ``driver``, ``alloc``
or ``alloc_ipv6`` under the same placement limits, never ``auto``, and checks
of Nomad-provider services cannot use ``driver``.

FAIL:

    task "web" {
      driver = "docker"
      service {
        port         = "http"
        address_mode = "alloc"
      }
    }

PASS:

    group "web" {
      network {
        port "http" {}
      }
      service {
        port         = "http"
        address_mode = "alloc"
      }
      task "web" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped, Span
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Check, Group, Job, Service
from jobspec.rules._network import go_quote
from jobspec.rules._services import check_name, service_name

ID = "service-address-mode"
SEVERITY = Severity.ERROR
SCOPE = "job"

SERVICE_MODES = ("auto", "host", "driver", "alloc", "alloc_ipv6")
CHECK_MODES = ("host", "driver", "alloc", "alloc_ipv6")
ALLOC_MODES = ("alloc", "alloc_ipv6")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for service in group.all_services():
            name = service_name(job, group, service)
            yield from _service(job, group, service, name)
            for chk in service.checks:
                yield from _check(job, group, service, chk, check_name(chk, name), name)


def _service(job: Job, group: Group, service: Service, name: str) -> Iterator[Finding | Skipped]:
    mode = service.address_mode
    if mode is None or mode == "":
        return
    if isinstance(mode, Unknown):
        yield Skipped(f"group {group.name!r}: address_mode of service {name!r} is not known offline")
        return
    span = service.at("address_mode")
    in_task = service.task is not None
    if mode not in SERVICE_MODES:
        allowed = '"auto", "host" or "driver"' if in_task else '"auto", "host", "alloc" or "alloc_ipv6"'
        yield _diagnostic(
            job,
            group,
            f'Service address_mode must be "auto", "host", or "driver"; not {go_quote(mode)}',
            span,
            f"a {'task' if in_task else 'group'} service takes {allowed}",
        )
    elif in_task and mode in ALLOC_MODES:
        yield _diagnostic(
            job,
            group,
            f'service {go_quote(name)} cannot use address_mode="{mode}", only services defined in a "group" block '
            "can use this mode",
            span,
            f'move the service to the group, or use "auto", "host" or "driver" in task {service.task!r}',
        )
    elif not in_task and mode == "driver":
        yield _diagnostic(
            job,
            group,
            f'service {go_quote(name)} cannot use address_mode="driver", only services defined in a "task" block '
            "can use this mode",
            span,
            'a group service has no driver address: move it into the task, or use "auto", "host" or "alloc"',
        )
    if mode != "auto" and isinstance(service.address, str) and service.address:
        yield _diagnostic(
            job,
            group,
            'Service address_mode must be "auto" if address is set',
            span,
            "a custom `address` is advertised as written; remove address_mode or the address",
        )


def _check(
    job: Job, group: Group, service: Service, chk: Check, name: str, service_label: str
) -> Iterator[Finding | Skipped]:
    mode = chk.address_mode
    if mode is None or mode == "":
        return
    if isinstance(mode, Unknown):
        yield Skipped(f"group {group.name!r}: address_mode of check {name!r} is not known offline")
        return
    span: Span = chk.at("address_mode")
    in_task = service.task is not None
    # nomad/structs/services.go: validateConsulService wraps a check's error in "Check %s invalid: ",
    # validateNomadService appends ServiceCheck.validateNomad's error as it is.
    prefix = "" if service.provider == "nomad" else f"Check {name} invalid: "
    if mode == "auto":
        yield _diagnostic(
            job,
            group,
            f'{prefix}invalid address_mode "auto" - auto only valid for services',
            span,
            'leave address_mode out of the check (it then uses the host address), or use "host" or "driver"',
        )
    elif mode not in CHECK_MODES:
        yield _diagnostic(
            job,
            group,
            f"{prefix}invalid address_mode {go_quote(mode)}",
            span,
            'a check takes "host", "driver", "alloc" or "alloc_ipv6"',
        )
    elif in_task and mode in ALLOC_MODES:
        yield _diagnostic(
            job,
            group,
            # validateServices(t *Task) names the service here too, not the check.
            f'check {go_quote(service_label)} cannot use address_mode="{mode}", only checks defined in a "group" '
            "service block can use this mode",
            span,
            'use "host" or "driver" in a task service',
        )
    elif mode == "driver" and service.provider == "nomad":
        yield _diagnostic(
            job,
            group,
            "address_mode = driver may only be set for Consul service checks",
            span,
            'Nomad\'s own service checks run from the client; use "host"',
        )
    elif not in_task and mode == "driver" and isinstance(chk.task, str) and chk.task:
        yield _diagnostic(
            job,
            group,
            # TaskGroup.validateServices judges only checks that name a task, and quotes the service's name.
            f'Check {go_quote(service_label)} invalid: cannot use address_mode="driver", '
            'only checks defined in a "task" service block can use this mode',
            span,
            'a group service has no driver address; use "host" or "alloc"',
        )
    elif not in_task and mode == "driver" and chk.task is None:
        # Accepted at submission; command/agent/consul/service_client.go checkRegs then asks
        # client/serviceregistration/address.go GetAddress for a driver network a group lacks.
        yield _diagnostic(
            job,
            group,
            'cannot use address_mode="driver": no driver network exists',
            span,
            f"Nomad accepts the job, but check {name!r} of group service {service_label!r} is never registered; "
            'use "host" or "alloc"',
        )


def _diagnostic(job: Job, group: Group, message: str, span: Span, hint: str) -> Finding:
    return Finding(message, span, hint, job=job.id, group=group.name)
