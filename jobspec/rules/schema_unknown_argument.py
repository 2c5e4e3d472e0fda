"""An argument that Nomad does not know in this block.

Nomad's HCL decoder rejects any argument its job specification does not
define ("Unsupported argument"). Usually a typo, or an argument that belongs
in another block; the hint names the closest known argument. Driver
``config`` blocks are free-form and never checked.

FAIL:

    task "web" {
      driver  = "docker"
      kil_timeout = "10s"
    }

PASS:

    task "web" {
      driver       = "docker"
      kill_timeout = "10s"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-unknown-argument"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.UNKNOWN_ARGUMENT)
