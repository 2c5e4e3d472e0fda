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
from jobspec.check import Context
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.model.job import Job

ID = "schema-required"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic]:
    yield from structure.diagnostics(job, ctx, structure.REQUIRED, ID, SEVERITY)
