"""Where rules run: the one loop over a scope's enabled rules, and the stamp that
turns a rule's plain finding into a diagnostic.

A rule's ``check()`` knows nothing of ids, severities or selection; stages below
the registry (loading, evaluation, normalization, the catalog loaders) name the
load rule they report for in ``Finding.rule``. Both kinds of finding become
diagnostics here, and only here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Diagnostic, Finding, Outcome, Skipped
from jobspec.rules import Rule, rule_by_id, rules_for

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig
    from jobspec.model.conflist import ConflistFile
    from jobspec.model.context import Context
    from jobspec.model.job import Job


class RuleContractError(Exception):
    """A rule reported something its module does not declare (a bug in jobspec)."""


def stamp(rule: Rule, finding: Finding) -> Diagnostic:
    """The diagnostic for one finding of ``rule``."""
    severity = finding.severity or rule.severity
    if severity not in rule.severities:
        raise RuleContractError(f"rule {rule.id} reported a {severity.value}; it declares {rule.severities}")
    return Diagnostic(
        rule.id,
        severity,
        finding.message,
        finding.span,
        finding.hint,
        finding.job,
        finding.group,
        finding.fix,
        finding.related,
    )


def stamped(findings: Iterable[Finding]) -> list[Diagnostic]:
    """Diagnostics for findings that name their rule: those of the stages below the
    registry (loading, evaluation, normalization, the catalog loaders)."""
    out = []
    for finding in findings:
        found = rule_by_id(finding.rule or "")
        if found is None:
            raise RuleContractError(f"a finding names no registered rule: {finding.rule!r}")
        out.append(stamp(found, finding))
    return out


def run_scope(scope: str, subject: Any, ctx: Any, enabled: Collection[str] | None) -> Outcome:
    """Every enabled rule of ``scope`` over one subject (a job, a config file, an agent)."""
    outcome = Outcome()
    for rule in rules_for(scope, enabled):
        for item in rule.module.check(subject, ctx):
            if isinstance(item, Skipped):
                outcome.skipped.append(item.reason)
            else:
                outcome.diagnostics.append(stamp(rule, item))
    return outcome


def check_job(job: Job, ctx: Context, scopes: Sequence[str], enabled: Collection[str] | None = None) -> Outcome:
    """The ``job`` (and, with a catalog, ``catalog``) rules over one normalised job."""
    outcome = Outcome()
    for scope in scopes:
        found = run_scope(scope, job, ctx, enabled)
        outcome.diagnostics.extend(found.diagnostics)
        # Reasons name a group or a port; the file makes them findable in a big run.
        outcome.skipped.extend(f"{ctx.document.path}: {reason}" for reason in found.skipped)
    return outcome


def check_conflists(files: Sequence[ConflistFile], enabled: Collection[str] | None = None) -> Outcome:
    """The ``conflist`` rules over each config file of one folder, with the folder as context."""
    from jobspec.model.conflist import ConflistContext

    outcome = Outcome()
    ctx = ConflistContext(tuple(files))
    for conf in files:
        outcome.extend(run_scope("conflist", conf, ctx, enabled))
    return outcome


@dataclass(frozen=True)
class Linter:
    """The conflist and agent rules a catalog loader runs over what it reads
    (``jobspec.catalog`` takes one, so it never imports the rules above it).
    Its findings come stamped: ``rule`` and ``severity`` set."""

    enabled: Collection[str] | None = None

    def conflists(self, files: Sequence[ConflistFile]) -> tuple[list[Finding], list[str]]:
        outcome = check_conflists(files, self.enabled)
        return [as_finding(d) for d in outcome.diagnostics], outcome.skipped

    def agent(self, agent: AgentConfig) -> list[Finding]:
        return [as_finding(d) for d in run_scope("catalog-source", agent, None, self.enabled).diagnostics]


def as_finding(d: Diagnostic) -> Finding:
    """A diagnostic as a stamped finding, for a loader that collects findings."""
    return Finding(d.message, d.span, d.hint, d.job, d.group, d.fix, d.related, d.severity, d.rule)


def one_per_mistake(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One finding per mistake: a rule that names job rules it refines (``REFINES``)
    and reports at the very spot one of them does says the same thing with what the
    catalog adds, so the job rule's finding is dropped there."""
    found = list(diagnostics)
    refines = {rule_id: _refines(rule_id) for rule_id in {d.rule for d in found}}
    refined = {(job_rule, d.span) for d in found for job_rule in refines[d.rule]}
    return [d for d in found if (d.rule, d.span) not in refined] if refined else found


def _refines(rule_id: str) -> tuple[str, ...]:
    found = rule_by_id(rule_id)
    return getattr(found.module, "REFINES", ()) if found is not None else ()
