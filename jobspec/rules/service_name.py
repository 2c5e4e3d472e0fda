"""A service name that is not a valid RFC 1123 DNS label.

Nomad refuses the job ("Service name must be valid per RFC 1123 and can
contain only alphanumeric characters or dashes and must be no longer than 63
characters: "my_api""): letters, digits and dashes only, neither starting nor
ending with a dash, at most 63 characters. ``${...}`` references count as a
placeholder word, and ``${JOB}``, ``${TASKGROUP}``, ``${TASK}`` and ``${BASE}``
are filled in first. A service without a name gets ``<job>-<group>[-<task>]``,
so an underscore in the job, group or task name breaks it too.

FAIL:

    service {
      name = "my_api"
    }

PASS:

    service {
      name = "my-api"
    }
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote
from jobspec.rules._services import service_name

ID = "service-name"
SEVERITY = Severity.ERROR
SCOPE = "job"

# nomad/structs/services.go Service.ValidateName, after helper/args ReplaceEnvWithPlaceHolder.
_VALID = re.compile(r"(?i:[a-z0-9]|[a-z0-9][a-z0-9\-]{0,61}[a-z0-9])")
_ENV = re.compile(r"\$\{[a-zA-Z0-9_\-.]+\}")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for service in group.all_services():
            if isinstance(service.name, Unknown):
                yield Skipped(f"group {group.name!r}: a service name is not known offline ({service.name.reason})")
                continue
            if isinstance(job.name, Unknown) and not service.name:
                yield Skipped(f"group {group.name!r}: the default service name needs the job name, not known offline")
                continue
            name = service_name(job, group, service)
            if _VALID.fullmatch(_ENV.sub("ENV-VAR", name)):
                continue
            written = "" if service.name else " (the name Nomad makes up when `name` is unset)"
            yield Finding(
                "Service name must be valid per RFC 1123 and can contain only alphanumeric characters or dashes "
                f"and must be no longer than 63 characters: {go_quote(name)}",
                service.at("name"),
                f"{_hint(name)}{written}",
                job=job.id,
                group=group.name,
            )


def _hint(name: str) -> str:
    if len(name) > 63:
        return f"the name has {len(name)} characters; shorten it to 63"
    fixed = re.sub(r"[^A-Za-z0-9-]+", "-", name).strip("-")
    if fixed and _VALID.fullmatch(fixed):
        return f"use letters, digits and dashes only, e.g. {go_quote(fixed)}"
    return "use letters, digits and dashes only, starting and ending with a letter or digit"
