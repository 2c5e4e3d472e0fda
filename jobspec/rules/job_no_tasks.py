"""A job without a group, or a group without a task.

Nomad refuses both when the job is submitted: a job needs at least one
``group`` ("Missing job task groups") and every group at least one ``task``
("Missing tasks for task group"). A ``task`` written directly in the job
counts: jobspec2 wraps it in a group of its own. So does the task Nomad adds
for a Consul Connect sidecar or gateway service. A ``dynamic "group"`` or
``dynamic "task"`` block whose ``for_each`` is not known offline may generate
the missing blocks: the check is skipped there and counted in the summary.

FAIL:

    job "web" {
      group "web" {
        count = 2
      }
    }

PASS:

    job "web" {
      group "web" {
        count = 2
        task "web" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._services import connect_injects_ports, groups_hidden, tasks_hidden

ID = "job-no-tasks"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    # nomad/structs/structs.go Job.Validate: "Missing job task groups".
    if (hidden := groups_hidden(job)) is not None:
        yield hidden
    elif not job.groups:
        yield Finding(
            "Missing job task groups",
            job.span,
            "add a `group` block holding at least one `task` block: a job runs its tasks in groups",
            job=job.id,
        )
        return
    for group in job.groups:
        # nomad/structs/structs.go TaskGroup.Validate: "Missing tasks for task group".
        # nomad/job_endpoint_hook_connect.go groupConnectHook adds the sidecar or gateway task
        # before Job.Validate runs, so a group that holds only a gateway service is whole.
        if group.tasks or connect_injects_ports(group):
            continue
        if (hidden := tasks_hidden(group)) is not None:
            yield hidden
            continue
        yield Finding(
            "Missing tasks for task group",
            group.span,
            f'add a `task "name" {{ driver = "..." }}` block to group {group.name!r}: without a task it runs nothing',
            job=job.id,
            group=group.name,
        )
