"""No node in the catalog is in any of the job's datacenters.

Nomad places a job on the nodes whose datacenter matches any one of the job's
``datacenters`` (``*`` is a wildcard, the match is case-sensitive):
``readyNodesInDCsAndPool`` in ``scheduler/util.go`` keeps a node when
``Node.IsInAnyDC`` (``nomad/structs/structs.go``) finds one pattern that
globs its datacenter. So the job is stuck only when no pattern matches any
node: that is an error. A pattern that matches no node while another one
does leaves the job placeable; it is a warning (usually a typo, or a
datacenter not yet built). Checked only with ``--catalog``.

Fix (unsafe): a name close to a datacenter of the catalog is renamed to it.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      datacenters = ["dc-1"]    # the nodes are in "dc1" and "dc2"
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      datacenters = ["dc1", "dc*"]
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.edits import rename
from jobspec.model.catalog import Catalog
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.placement.names import glob_match, unknown_name_hint
from jobspec.placement.shapes import index_for

ID = "catalog-datacenter"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    catalog = ctx.catalog
    if not isinstance(catalog, Catalog) or not catalog.nodes:
        return
    if not isinstance(job.datacenters, tuple):
        yield Skipped("catalog-datacenter: the job's datacenters are not known offline")
        return
    known = index_for(catalog).datacenters
    spans = job.datacenter_spans
    unknown = [p for p in job.datacenters if not isinstance(p, str)]
    unmatched = [
        (i, p)
        for i, p in enumerate(job.datacenters)
        if isinstance(p, str) and not any(glob_match(p, dc) for dc in known)
    ]
    if unknown:
        yield Skipped("catalog-datacenter: a datacenter is not known offline")
    # IsInAnyDC: one matching pattern is enough for the job to have nodes.
    stuck = not unknown and len(unmatched) == len(job.datacenters)
    for i, pattern in unmatched:
        hint = unknown_name_hint(pattern, known, "datacenters")
        if stuck:
            message = f'no node in the catalog is in datacenter "{pattern}"'
            severity = SEVERITY
        else:
            message = (
                f'no node in the catalog is in datacenter "{pattern}"; the job is placed only in its other datacenters'
            )
            severity = Severity.WARNING
        found = rename(ctx.document, spans[i], pattern, known) if i < len(spans) else None
        span = spans[i] if i < len(spans) else job.at("datacenters")
        yield Finding(message, span, hint, job=job.id, severity=severity, fix=found)
