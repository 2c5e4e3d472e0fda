"""A docker or podman task's config.ports names a port the group lacks.

The ``ports`` list of the docker and podman drivers names port labels of the
group's first ``network`` block (or of task-level networks). A label that is
not there makes the task fail to start on the client ("Port "htp" not found,
check network block"). In bridge or CNI mode the driver ignores ``ports``
altogether (the CNI portmap plugin maps the group's ports), so there the
entry is only a warning.

FAIL:

    network { port "http" { to = 8080 } }
    task "web" {
      driver = "docker"
      config { ports = ["htp"] }
    }

PASS:

    network { port "http" { to = 8080 } }
    task "web" {
      driver = "docker"
      config { ports = ["http"] }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context, Skipped
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.evaluate import Unknown
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import (
    PORT_BLOCKS,
    declared,
    dynamic_blocks,
    group_labels,
    in_later_network,
    task_network_labels,
)

ID = "driver-config-ports"
SEVERITY = Severity.ERROR
SCOPE = "job"

DRIVERS = ("docker", "podman")


def check(job: Job, ctx: Context) -> Iterator[Diagnostic | Skipped]:
    for group in job.groups:
        tasks = [t for t in group.tasks if t.driver in DRIVERS and t.config_ports]
        if not tasks:
            continue
        if dynamic_blocks(group) & PORT_BLOCKS:
            yield Skipped(f"group {group.name!r}: dynamic blocks make its port labels known only to HCL2 evaluation")
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
                if mode in ("", "host"):
                    severity = SEVERITY
                    hint = f"the {task.driver} driver maps only ports the group declares (declared: {where})"
                elif isinstance(mode, Unknown):
                    severity = Severity.WARNING
                    hint = (
                        f"in host mode the task fails to start; in bridge or CNI mode the {task.driver} driver "
                        f"ignores `ports` (the mode is not known offline); declared labels: {where}"
                    )
                else:
                    severity = Severity.WARNING
                    hint = (
                        f"in {mode} mode the {task.driver} driver ignores `ports`, so this typo goes "
                        f"unnoticed; the group's port labels are: {where}"
                    )
                yield Diagnostic(
                    ID,
                    severity,
                    f"Port {go_quote(label)} not found, check network block",
                    span,
                    in_later_network(label, group) or hint,
                    job=job.id,
                    group=group.name,
                )
