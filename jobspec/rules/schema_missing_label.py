"""A block lacks a label Nomad requires.

``job``, ``group``, ``task``, ``port``, ``volume``, ``device``, ``secret``,
``action``, ``variable`` and a few more take exactly one label (their name);
Nomad's HCL decoder rejects the block without it ("Missing name for task").

FAIL:

    network {
      port {
        static = 80
      }
    }

PASS:

    network {
      port "http" {
        static = 80
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-missing-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.MISSING_LABEL)
