"""A job datacenter that no node in the catalog is in.

Nomad places a job only on nodes whose datacenter matches one of the job's
``datacenters`` (``*`` is a wildcard, the match is case-sensitive). A name that
matches no node at all is almost always a typo, and the allocations stay
pending. Checked only with ``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      datacenters = ["dc-1"]    # the nodes are in "dc1" and "dc2"
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      datacenters = ["dc1", "dc*"]
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context, Skipped
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.model.job import Job

ID = "catalog-datacenter"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic | Skipped]:
    # imported here: a run without --catalog never loads the placement machinery
    from jobspec.model.catalog import Catalog
    from jobspec.placement.names import glob_match, unknown_name_hint
    from jobspec.placement.shapes import index_for

    catalog = ctx.catalog
    if not isinstance(catalog, Catalog) or not catalog.nodes:
        return
    known = index_for(catalog).datacenters
    spans = job.datacenter_spans
    if not isinstance(job.datacenters, tuple):
        yield Skipped("catalog-datacenter: the job's datacenters are not known offline")
        return
    for i, pattern in enumerate(job.datacenters):
        if not isinstance(pattern, str):
            yield Skipped("catalog-datacenter: a datacenter is not known offline")
            continue
        if any(glob_match(pattern, dc) for dc in known):
            continue
        yield Diagnostic(
            ID,
            SEVERITY,
            f'no node in the catalog is in datacenter "{pattern}"',
            spans[i] if i < len(spans) else job.at("datacenters"),
            unknown_name_hint(pattern, known, "datacenters"),
            job=job.id,
        )
