"""A group has more than one ``network`` block.

Nomad's parser accepts several, but its documentation allows one, and the
scheduler, the client, service port checks and Consul Connect all read only
the first: ports and settings of the others are never allocated or applied
(Connect rejects the job outright). The old HCL1 parser said "only one
'network' resource allowed".

FAIL:

    network {
      port "http" {}
    }
    network {
      port "admin" {}
    }

PASS:

    network {
      port "http" {}
      port "admin" {}
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "network-multiple"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        if len(group.networks) < 2:
            continue
        first = group.networks[0]
        for extra in group.networks[1:]:
            yield Finding(
                f"only one network block is allowed in a group; Nomad's scheduler, client and Connect use only "
                f"the first (line {first.span.line}) and ignore this one",
                extra.span,
                "move this block's ports and settings into the first network block and delete this one",
                job=job.id,
                group=group.name,
            )
