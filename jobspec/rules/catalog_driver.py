"""No node in the job's datacenters and pool has the task's driver.

Nomad's ``DriverChecker`` (``scheduler/feasible/feasible.go``:
``DriverChecker.hasDrivers``) drops every node where a driver of the group's
tasks is not detected and healthy (``Drivers`` in node JSON, else the
``driver.<name>`` attribute), and ``nomad job plan`` prints
``Constraint "missing drivers": N nodes excluded by filter``. When that, with
the job's constraints, leaves no ready node, the ``driver`` of each task whose
driver was missing is reported. An agent-config class has the drivers its ``class.json``
lists, else those of its ``plugin`` blocks (``raw_exec`` only when enabled);
other drivers are unknown there, and unknown is skipped, never a verdict.
Checked only with ``--catalog``.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    task "app" {
      driver = "podman"     # the nodes run docker and exec
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    task "app" {
      driver = "docker"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.placement.engine import DRIVER, MISSING_DRIVERS, q
from jobspec.placement.explain import catalog_plans, nodes
from jobspec.placement.names import quoted_list

ID = "catalog-driver"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        if not plan.filtered_out or not plan.missing_drivers:
            continue
        excluded = sum(r.nodes for r in plan.removed if r.stage == DRIVER)
        lacking = dict(plan.missing_drivers)
        for task in group.tasks:
            if not isinstance(task.driver, str) or task.driver not in lacking:
                continue
            have = (
                f"the nodes have drivers {quoted_list(plan.node_drivers)}"
                if plan.node_drivers
                else "the catalog states no healthy driver for these nodes"
            )
            yield Finding(
                f'Constraint "{MISSING_DRIVERS}": {nodes(excluded)} excluded by filter; task "{task.name}" '
                f"uses driver {q(task.driver)}, which {nodes(lacking[task.driver])} of the job's datacenters "
                "and pool lack",
                task.at("driver"),
                have,
                job=job.id,
                group=group.name,
            )
