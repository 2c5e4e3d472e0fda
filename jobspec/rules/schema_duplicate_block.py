"""A block that Nomad allows once appears twice in the same parent.

``update``, ``restart``, ``resources``, ``config``, ``connect`` and the other
single blocks may appear once per parent; Nomad's HCL decoder rejects a second
one ("Duplicate resources block"). Repeatable blocks (``group``, ``task``,
``network``, ``port``, ``service``, ``check``...) are fine. A network's ``dns``
and ``cni`` are left to ``network-duplicate-block``.

FAIL:

    task "web" {
      driver = "docker"
      resources { cpu = 100 }
      resources { memory = 256 }
    }

PASS:

    task "web" {
      driver = "docker"
      resources {
        cpu    = 100
        memory = 256
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-duplicate-block"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.DUPLICATE_BLOCK)
