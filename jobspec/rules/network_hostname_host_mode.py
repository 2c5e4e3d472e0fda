"""A ``hostname`` on a group that uses host networking.

A hostname is set inside the group's own network namespace, which only
``bridge``, ``none`` and ``cni/<name>`` create. Nomad accepts the job, but the
client fails every allocation at run time ("hostname cannot be set on task
group using "host" networking mode"). Only the first network block counts,
as on the client. Fix (unsafe): the ``hostname`` line is removed.

FAIL:

    network {
      hostname = "web"
    }

PASS:

    network {
      mode     = "bridge"
      hostname = "web"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Applicability, Finding, Severity, Skipped
from jobspec.edits import delete_attribute, fix
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "network-hostname-host-mode"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        network = group.network
        if network is None or network.hostname is None:
            continue
        if isinstance(network.hostname, Unknown) or isinstance(network.mode, Unknown):
            yield Skipped(f"group {group.name!r}: network hostname or mode is not known offline")
            continue
        if network.hostname and network.mode in ("", "host"):
            mode_note = "mode is unset, which means host" if network.mode == "" else 'mode is "host"'
            yield Finding(
                'hostname cannot be set on task group using "host" networking mode',
                network.at("hostname"),
                f'the {mode_note}; set mode = "bridge" to give the group its own hostname, or remove hostname',
                job=job.id,
                group=group.name,
                # Unsafe: the tasks may rely on the name (a bridge network may have been meant).
                fix=fix(
                    "remove `hostname`",
                    Applicability.UNSAFE,
                    delete_attribute(ctx.document, "hostname", network.at("hostname")),
                ),
            )
