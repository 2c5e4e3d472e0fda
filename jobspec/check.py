"""Run the registered rules over normalised jobs. Pure: no I/O, no printing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Diagnostic, Outcome
from jobspec.evaluate import Scope
from jobspec.load.syntax import Document
from jobspec.model.job import Job
from jobspec.rules import rules_by_id, rules_for


@dataclass(frozen=True)
class Skipped:
    """A check that could not be made, and why; it ends up in ``summary.skipped``."""

    reason: str


@dataclass(frozen=True)
class Context:
    """What a rule may read besides the job: the (evaluated) document, the HCL2
    scope, the node catalog, and a memo for work several rules share on one file."""

    document: Document
    catalog: Any = None
    scope: Scope | None = None
    nomad_version: tuple[int, int, int] | None = None
    """The Nomad version the jobs are meant for (config ``nomad-version``); None when not set."""
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def check_job(job: Job, ctx: Context, scopes: Iterable[str] = ("job",)) -> Outcome:
    outcome = Outcome()
    for scope in scopes:
        for rule in rules_for(scope):
            for item in rule.module.check(job, ctx):
                if isinstance(item, Skipped):
                    # Reasons name a group or a port; the file makes them findable in a big run.
                    outcome.skipped.append(f"{ctx.document.path}: {item.reason}")
                else:
                    outcome.diagnostics.append(item)
    return outcome


def one_per_mistake(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One finding per mistake: a rule that names job rules it refines (``REFINES``)
    and reports at the very spot one of them does says the same thing with what the
    catalog adds, so the job rule's finding is dropped there."""
    found = list(diagnostics)
    rules = rules_by_id()
    refined = {
        (job_rule, d.span)
        for d in found
        if d.rule in rules
        for job_rule in getattr(rules[d.rule].module, "REFINES", ())
    }
    return [d for d in found if (d.rule, d.span) not in refined] if refined else found
