"""An argument's value has a type Nomad cannot convert to the one it needs.

HCL converts where it can: ``"8080"`` is a fine number, ``8080`` a fine
string, ``"true"`` a fine bool, and durations are strings such as ``"30s"``.
What it cannot convert (a word where a number belongs, a string where a list
belongs, a list in a ``meta`` value) makes Nomad reject the job. A value only
known at evaluation time (``var.x``, a function call) is never reported.

FAIL:

    group "web" {
      count = "three"
      task "app" { driver = "docker" }
    }

PASS:

    group "web" {
      count = "3"
      task "app" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-type"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.TYPE)
