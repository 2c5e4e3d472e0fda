"""A job node pool that no node in the catalog is in.

A job runs only on nodes of its ``node_pool`` (``all`` means any pool). Nomad's
server rejects a pool it does not know ("job %q is in nonexistent node pool
%q"); a pool that exists but holds no node leaves the job pending just the
same. Checked only with ``--catalog``.

Fix (unsafe): a name close to a node pool of the catalog is renamed to it.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      node_pool = "bacth"    # the pools are "default" and "batch"
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    job "web" {
      node_pool = "batch"
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
from jobspec.placement.names import unknown_name_hint
from jobspec.placement.shapes import index_for

ID = "catalog-node-pool"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    catalog = ctx.catalog
    if not isinstance(catalog, Catalog) or not catalog.nodes:
        return
    pool = job.node_pool
    if not isinstance(pool, str):
        yield Skipped("catalog-node-pool: the job's node_pool is not known offline")
        return
    # Unset, Nomad puts the job in "default"; a catalog without such nodes is a
    # placement question, reported by catalog-placement with the breakdown.
    if not job.has("node_pool") or pool == "all":
        return
    known = index_for(catalog).node_pools
    if pool in known:
        return
    yield Finding(
        f'job "{job.id}" is in nonexistent node pool "{pool}": no node in the catalog is in it',
        job.at("node_pool"),
        unknown_name_hint(pool, known, "node pools") + '; "all" means any pool',
        job=job.id,
        fix=rename(ctx.document, job.at("node_pool"), pool, known),
    )
