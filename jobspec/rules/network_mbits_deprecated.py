"""A network block sets mbits (deprecated).

Bandwidth is no longer scheduled: ``mbits`` is deprecated since Nomad 0.12.0
and ignored. Nomad warns about it on the group's first network ("mbits has been
deprecated as of Nomad 0.12.0. Please remove mbits from the network block");
this rule warns wherever a positive ``mbits`` is set, task-level networks
included. Fix (safe): the ``mbits`` line is deleted.

FAIL:

    network {
      mbits = 10
      port "http" {}
    }

PASS:

    network {
      port "http" {}
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Applicability, Finding, Severity
from jobspec.edits import delete_attribute, fix
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "network-mbits-deprecated"
SEVERITY = Severity.WARNING
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        networks = group.networks + tuple(n for t in group.tasks for n in t.networks)
        for network in networks:
            # Nomad warns only for mbits > 0; an unknown value is left alone.
            if isinstance(network.mbits, int) and network.mbits > 0:
                yield Finding(
                    "mbits has been deprecated as of Nomad 0.12.0. Please remove mbits from the network block",
                    network.at("mbits"),
                    "the scheduler no longer reserves bandwidth; delete the `mbits` line",
                    job=job.id,
                    group=group.name,
                    # Safe: Nomad ignores the value, so the job means the same without it.
                    fix=fix(
                        "delete the `mbits` line",
                        Applicability.SAFE,
                        delete_attribute(ctx.document, "mbits", network.at("mbits")),
                    ),
                )
