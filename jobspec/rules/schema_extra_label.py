"""A block has more labels than Nomad allows.

Most blocks take no label (``network``, ``resources``, ``service``...), and
named blocks take exactly one; Nomad's HCL decoder rejects the block
("Extraneous label for network"). The first surplus label is reported.

FAIL:

    group "web" {
      network "public" {
        port "http" {}
      }
      task "app" { driver = "docker" }
    }

PASS:

    group "web" {
      network {
        port "http" {}
      }
      task "app" { driver = "docker" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec import structure
from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "schema-extra-label"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.EXTRA_LABEL)
