"""The job type is not one Nomad knows.

Nomad rejects any type but ``service`` (the default), ``batch``, ``system`` and
``sysbatch`` ("Invalid job type: "services""); an explicitly empty type is
"Missing job type". Types are case-sensitive. The internal type ``_core``
passes an offline ``nomad job validate`` but every server refuses it ("job
type cannot be core"), so it is reported as a warning. Fixes: a type written
with capitals is lower-cased (safe); a plural (``"services"``) loses its ``s``
(unsafe).

FAIL:

    job "web" {
      type = "services"
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "web" {
      type = "service"
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Applicability, Finding, Severity, Skipped
from jobspec.edits import fix, replace_literal
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote

ID = "job-type"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "job"

TYPES = ("service", "batch", "system", "sysbatch")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    kind = job.type
    if isinstance(kind, Unknown):
        yield Skipped(f"job {job.id!r}: type is not known offline ({kind.reason})")
        return
    if kind in TYPES:
        return
    severity = SEVERITY
    found = None
    if kind == "":
        message, hint = "Missing job type", "leave `type` out for a service job, or name one of " + _names()
    elif kind == "_core":
        message, severity = "job type cannot be core", Severity.WARNING
        hint = "`_core` is reserved for Nomad's own jobs; a server refuses it. Use one of " + _names()
    else:
        message = f"Invalid job type: {go_quote(kind)}"
        close = [t for t in TYPES if t == kind.lower() or t == kind.lower().rstrip("s")]
        hint = f"did you mean {go_quote(close[0])}? " if close else ""
        hint += "the job types are " + _names()
        if close:
            # The case alone is safe to change (Nomad refuses the job as written); a dropped "s" is a guess.
            safe = Applicability.SAFE if close[0] == kind.lower() else Applicability.UNSAFE
            found = fix(
                f"write {go_quote(close[0])}", safe, replace_literal(ctx.document, job.at("type"), kind, close[0])
            )
    yield Finding(message, job.at("type"), hint, job=job.id, severity=severity, fix=found)


def _names() -> str:
    return ", ".join(go_quote(t) for t in TYPES)
