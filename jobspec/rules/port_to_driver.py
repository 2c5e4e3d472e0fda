"""A host-mode port sets to = N, but no task in the group can map ports.

In ``host`` network mode only drivers with their own port mapping (docker,
podman) honour ``to``. When every task of the group runs under a driver that
cannot map group ports (``raw_exec``, ``exec``, ``exec2``, ``java``, and
``qemu``, which forwards only the labels of its own task-level ``port_map``),
``to``
changes nothing on the host but still sets ``NOMAD_PORT_<label>`` to its value,
while the reserved host port is ``NOMAD_HOST_PORT_<label>``: a task that
listens on ``NOMAD_PORT_<label>`` listens on the wrong port. Nomad does not
check this.

FAIL:

    network {
      port "http" { to = 8080 }
    }
    task "web" { driver = "raw_exec" }

PASS:

    network {
      port "http" {}
    }
    task "web" { driver = "raw_exec" }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import dynamic_blocks
from jobspec.rules.port_env_collision import env_name

ID = "port-to-driver"
SEVERITY = Severity.WARNING
SCOPE = "job"

# Drivers that run the task in the host's network namespace without mapping group ports.
# drivers/qemu/driver.go Driver.StartTask builds its hostfwd list from the task's own
# `port_map` and task-level networks only, so a group port's `to` is lost there too.
UNMAPPED = ("raw_exec", "exec", "exec2", "java", "qemu")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        network = group.network
        drivers = {task.driver for task in group.tasks}
        if network is None or not drivers or not all(isinstance(d, str) and d in UNMAPPED for d in drivers):
            continue
        if dynamic_blocks(group) & {"network", "task"}:
            yield Skipped(f"group {group.name!r}: dynamic network or task blocks are known only to HCL2 evaluation")
            continue
        if isinstance(network.mode, Unknown):
            yield Skipped(f"group {group.name!r}: network mode is not known offline ({network.mode.reason})")
            continue
        if network.mode not in ("", "host"):
            continue
        names = ", ".join(sorted(str(d) for d in drivers))
        for port in network.ports:
            # -1 means "same as the host port" and 0 means unmapped: both leave NOMAD_PORT_* right.
            if not isinstance(port.to, int) or port.to <= 0 or port.to == port.static:
                continue
            env = env_name(port.label)
            host = f"static port {port.static}" if port.is_static else "a dynamic host port"
            yield Finding(
                f"port {go_quote(port.label)} sets to = {port.to}, but the {names} driver cannot map ports: "
                f"NOMAD_PORT_{env} will be {port.to} while Nomad reserves {host}",
                port.at("to"),
                f"remove `to` and have the task listen on NOMAD_PORT_{env}, or run it under a driver that "
                'maps ports (docker, podman) or in mode = "bridge"',
                job=job.id,
                group=group.name,
            )
