"""A block lacks an argument Nomad requires.

A ``task`` needs a ``driver`` ("Missing task driver"); a ``lifecycle`` needs
its ``hook``, an ``action`` its ``command``, a group ``scaling`` block its
``max``, a variable ``validation`` its ``condition`` and ``error_message``.
Nomad rejects the job without them.

FAIL:

    task "web" {
      config {
        image = "nginx"
      }
    }

PASS:

    task "web" {
      driver = "docker"
      config {
        image = "nginx"
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-required"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.REQUIRED)
