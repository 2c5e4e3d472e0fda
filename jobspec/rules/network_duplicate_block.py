"""A ``network`` block holds more than one ``dns`` or ``cni`` block.

Each may appear once per network; Nomad's HCL decoder rejects the file
("Duplicate dns block; Only one dns block is allowed. Another was defined at
..."), while the Python parser would quietly keep both. Task-level networks
are held to the same rule.

FAIL:

    network {
      dns { servers = ["1.1.1.1"] }
      dns { servers = ["8.8.8.8"] }
    }

PASS:

    network {
      dns { servers = ["1.1.1.1", "8.8.8.8"] }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import syntax_blocks

ID = "network-duplicate-block"
SEVERITY = Severity.ERROR
SCOPE = "job"

_SINGULAR = ("dns", "cni")


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        for network in syntax_blocks(group, "network"):
            for kind in _SINGULAR:
                blocks = network.body.blocks_of(kind)
                for extra in blocks[1:]:
                    yield Finding(
                        f"Duplicate {kind} block; Only one {kind} block is allowed. "
                        f"Another was defined at line {blocks[0].span.line}.",
                        extra.header_span,
                        f"merge the settings of both {kind} blocks into the first one and delete this one",
                        job=job.id,
                        group=group.name,
                    )
