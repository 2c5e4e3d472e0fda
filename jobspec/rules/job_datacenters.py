"""A datacenters entry is an empty string.

Nomad rejects the job ("Job datacenter must be non-empty string"). An empty
list is fine: Nomad then uses ``["*"]``, every datacenter. Entries are globs
where only ``*`` is special.

FAIL:

    job "web" {
      datacenters = ["dc1", ""]
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "web" {
      datacenters = ["dc1", "dc2"]
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "job-datacenters"
SEVERITY = Severity.ERROR
SCOPE = "job"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    datacenters = job.datacenters
    if isinstance(datacenters, Unknown):
        yield Skipped(f"job {job.id!r}: datacenters are not known offline ({datacenters.reason})")
        return
    spans = job.datacenter_spans if len(job.datacenter_spans) == len(datacenters) else ()
    for index, datacenter in enumerate(datacenters):
        if datacenter == "":
            yield Finding(
                "Job datacenter must be non-empty string",
                spans[index] if spans else job.at("datacenters"),
                'remove the empty entry; "*" matches every datacenter',
                job=job.id,
            )
