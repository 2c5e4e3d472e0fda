"""A block that Nomad does not know in this place.

Nomad's HCL decoder rejects any block type its job specification does not
define here ("Unsupported block type"): a typo (``netwrok``), a block in the
wrong parent (``port`` directly in a ``group``), or an argument written as a
block (``count { }``). The hint names the closest known block.

FAIL:

    group "web" {
      netwrok {
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

ID = "schema-unknown-block"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    yield from structure.rule_findings(job, ctx, structure.UNKNOWN_BLOCK)
