"""A docker or podman task's config.ports names a port the group lacks.

The ``ports`` list of the docker and podman drivers names port labels of the
group's first ``network`` block (or of task-level networks). A label that is
not there makes the task fail to start on the client: docker says "Port "htp"
not found, check network block", podman "Port "htp" not found, check network
stanza". Podman looks the labels up in every network mode, so a podman task
fails in any mode. Docker ignores ``ports`` in bridge or CNI mode (the CNI
portmap plugin maps the group's ports), so there a docker entry is only a
warning.

Fix (unsafe): an entry close to a declared label is renamed to it.

FAIL:

    network {
      port "http" { to = 8080 }
    }
    task "web" {
      driver = "docker"
      config { ports = ["htp"] }
    }

PASS:

    network {
      port "http" { to = 8080 }
    }
    task "web" {
      driver = "docker"
      config { ports = ["http"] }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.edits import rename
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import (
    declared,
    group_labels,
    in_later_network,
    port_labels_hidden,
    task_network_labels,
)

ID = "driver-config-ports"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "job"

DRIVERS = ("docker", "podman")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        tasks = [t for t in group.tasks if t.driver in DRIVERS and t.config_ports]
        if not tasks:
            continue
        hidden = port_labels_hidden(group)
        if hidden is not None:
            yield hidden
            continue
        known = group_labels(group) | task_network_labels(group)
        mode = group.network.mode if group.network is not None else ""
        for task in tasks:
            for value, span in task.config_ports:
                if isinstance(value, Unknown):
                    yield Skipped(f"task {task.name!r}: a config.ports entry is not known offline ({value.reason})")
                    continue
                if value is None or isinstance(value, (list, dict)):
                    # Not a string at all: Nomad fails to decode the driver config first.
                    yield Skipped(f"task {task.name!r}: a config.ports entry is not a port label")
                    continue
                label = str(value).lower() if isinstance(value, bool) else str(value)
                if "${" in label:
                    yield Skipped(f"task {task.name!r}: config.ports entry {label!r} is interpolated on the client")
                    continue
                if declared(label, known, group):
                    continue
                where = ", ".join(sorted(known)) if known else "none"
                if task.driver == "podman":
                    # nomad-driver-podman driver.go Driver.portMappings resolves every entry of
                    # `ports` whatever the network mode and fails the task on an unknown one.
                    severity = SEVERITY
                    message = f"Port {go_quote(label)} not found, check network stanza"
                    hint = f"the podman driver maps only ports the group declares, in every mode (declared: {where})"
                elif mode in ("", "host"):
                    # drivers/docker/driver.go createContainerConfig maps `ports` only outside a shared netns.
                    severity = SEVERITY
                    message = f"Port {go_quote(label)} not found, check network block"
                    hint = f"the {task.driver} driver maps only ports the group declares (declared: {where})"
                elif isinstance(mode, Unknown):
                    severity = Severity.WARNING
                    message = f"Port {go_quote(label)} not found, check network block"
                    hint = (
                        f"in host mode the task fails to start; in bridge or CNI mode the {task.driver} driver "
                        f"ignores `ports` (the mode is not known offline); declared labels: {where}"
                    )
                else:
                    severity = Severity.WARNING
                    message = f"Port {go_quote(label)} not found, check network block"
                    hint = (
                        f"in {mode} mode the {task.driver} driver ignores `ports`, so this typo goes "
                        f"unnoticed; the group's port labels are: {where}"
                    )
                later = in_later_network(label, group)
                yield Finding(
                    message,
                    span,
                    later or hint,
                    job=job.id,
                    group=group.name,
                    severity=severity,
                    fix=None if later or not isinstance(value, str) else rename(ctx.document, span, label, known),
                )
