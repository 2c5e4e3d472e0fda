"""A service names an unknown provider, or a group mixes providers.

Services register with ``consul`` (the default) or ``nomad`` ("Service provider
must be "consul", or "nomad"; not "Consul""). All services of a group, its
tasks' included, must use one provider ("Multiple service providers used: task
group services must use the same provider"), and Nomad's provider has no
Consul Connect ("Service with provider nomad cannot include Connect blocks").

Fix: a provider written with capitals is lower-cased (safe); one with spaces
around it is trimmed (unsafe).

FAIL:

    service {
      name     = "web"
      provider = "Nomad"
    }

PASS:

    service {
      name     = "web"
      provider = "nomad"
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
from jobspec.rules._services import service_name

ID = "service-provider"
SEVERITY = Severity.ERROR
SCOPE = "job"

PROVIDERS = ("consul", "nomad")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        first: str | None = None
        for service in group.all_services():
            name = service_name(job, group, service)
            provider = service.provider or "consul"
            span = service.at("provider")
            if isinstance(provider, Unknown):
                yield Skipped(f"group {group.name!r}: provider of service {name!r} is not known offline")
                continue
            if provider not in PROVIDERS:
                close = [p for p in PROVIDERS if p == provider.lower().strip()]
                # The case alone is safe to change (Nomad refuses the job as written); stripped spaces are a guess.
                yield Finding(
                    f'Service provider must be "consul", or "nomad"; not {go_quote(provider)}',
                    span,
                    (f"did you mean {go_quote(close[0])}? " if close else "") + "the providers are consul and nomad",
                    job=job.id,
                    group=group.name,
                    fix=fix(
                        f"write {go_quote(close[0])}",
                        Applicability.SAFE if close[0] == provider.lower() else Applicability.UNSAFE,
                        replace_literal(ctx.document, span, provider, close[0]),
                    )
                    if close
                    else None,
                )
                continue
            if first is None:
                first = provider
            elif provider != first:
                yield Finding(
                    "Multiple service providers used: task group services must use the same provider",
                    span,
                    f"earlier services of group {group.name!r} use {first}; use one provider in the whole group",
                    job=job.id,
                    group=group.name,
                )
            if provider == "nomad" and service.connect is not None:
                yield Finding(
                    "Service with provider nomad cannot include Connect blocks",
                    span,
                    'Consul Connect needs provider = "consul"; remove the connect block or the provider',
                    job=job.id,
                    group=group.name,
                )
