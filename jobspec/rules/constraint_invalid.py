"""A ``constraint`` block that Nomad refuses when the job is submitted.

``Job.Validate``, ``TaskGroup.Validate`` and ``Task.Validate`` run
``Constraint.Validate`` (``nomad/structs/structs.go``) on every constraint of
the job, its groups and tasks, and ``validateConstraintAttribute``
(``nomad/structs/constraint.go``) on its ``attribute``. Each refusal is reported
in Nomad's words at the argument it is about: an unknown ``operator``; ``=``,
``!=``, ``<`` ... without a ``value``; ``is_set`` / ``is_not_set`` with one;
``set_contains*`` without one; a ``version`` or ``semver`` constraint that does
not parse; a ``distinct_property`` count that is not a whole number of 1 or
more; a ``regexp`` that RE2 (Go's syntax, read by google-re2) does not compile;
a missing ``attribute``, or one that names no node fact (``${attr.*}``,
``${meta.*}``, ``${device.*}``, ``${node.unique.id}``, ``${node.unique.name}``,
``${node.datacenter}``, ``${node.class}``, ``${node.pool}``).

FAIL:

    constraint {
      attribute = "${attr.kernel.name}"
      operator  = "equals"
      value     = "linux"
    }

PASS:

    constraint {
      attribute = "${attr.kernel.name}"
      operator  = "="
      value     = "linux"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.model.context import Context
from jobspec.model.job import Constraint, Job

ID = "constraint-invalid"
SEVERITY = Severity.ERROR
SCOPE = "job"

_COMPARISONS = ("=", "==", "is", "!=", "not", "<", "<=", ">", ">=")
_KNOWN = frozenset(
    {*_COMPARISONS, "regexp", "version", "semver", "set_contains", "set_contains_all", "set_contains_any"}
    | {"is_set", "is_not_set", "distinct_hosts", "distinct_property"}
)
# nomad/structs/constraint.go validConstraintExactTargets / validConstraintPrefixTargets.
_EXACT = ("${node.unique.id}", "${node.datacenter}", "${node.unique.name}", "${node.class}", "${node.pool}")
_PREFIXES = ("${attr.", "${device.", "${meta.")
_UINT64 = 2**64


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for c in job.constraints:
        yield from _problems(c, job, None)
    for group in job.groups:
        for c in group.constraints:
            yield from _problems(c, job, group.name)
        for task in group.tasks:
            for c in task.constraints:
                yield from _problems(c, job, group.name)


def _problems(c: Constraint, job: Job, group: str | None) -> Iterator[Finding]:
    operand, ltarget, rtarget = c.operator, c.attribute, c.value
    if not (isinstance(operand, str) and isinstance(ltarget, str) and isinstance(rtarget, str)):
        return  # not known offline; the evaluator reports why
    found: list[tuple[str, str]] = []  # (Nomad's words, the argument they are about)
    # Constraint.Validate, case by case.
    if operand in ("set_contains", "set_contains_all", "set_contains_any") and rtarget == "":
        found.append(("Set contains constraint requires an RTarget", "value"))
    elif operand == "regexp" and not _compiles(rtarget):
        found.append(("Regular expression failed to compile", "value"))
    elif operand in ("version", "semver") and _version_malformed(rtarget, operand == "semver"):
        kind = "Semver" if operand == "semver" else "Version"
        found.append((f"{kind} constraint is invalid: Malformed constraint: {rtarget}", "value"))
    elif operand == "distinct_property" and rtarget != "":
        if not (rtarget.isascii() and rtarget.isdigit() and int(rtarget) < _UINT64):
            found.append((f'Failed to convert RTarget "{rtarget}" to uint64', "value"))
        elif int(rtarget) < 1:
            found.append((f"Distinct Property must have an allowed count of 1 or greater: {int(rtarget)} < 1", "value"))
    elif operand in ("is_set", "is_not_set") and rtarget != "":
        found.append((f'Operator "{operand}" does not support an RTarget', "value"))
    elif operand in _COMPARISONS and rtarget == "":
        found.append((f'Operator "{operand}" requires an RTarget', "value"))
    elif operand not in _KNOWN:
        found.append((f'Unknown constraint type "{operand}"', "operator"))
    if operand != "distinct_hosts":
        if ltarget == "":
            found.append(("no attribute provided but is required by operator", "attribute"))
        elif (problem := _attribute_problem(ltarget)) is not None:
            found.append((problem, "attribute"))
    for message, argument in found:
        yield Finding(
            message,
            c.at(argument),
            "Nomad refuses the job when it is submitted; see the constraint block's arguments in Nomad's job "
            "specification",
            job=job.id,
            group=group,
        )


def _attribute_problem(target: str) -> str | None:
    """``validateConstraintAttribute``: a literal, or a ``${...}`` the scheduler can resolve."""
    if not target.startswith("$"):
        return None
    if not target.startswith("${"):
        return f'attribute "{target}" is missing an opening brace'
    if not target.endswith("}"):
        return f'attribute "{target}" is missing a closing brace'
    if target in _EXACT or target.startswith(_PREFIXES):
        return None
    return f'unsupported attribute "{target}"'


def _version_malformed(text: str, semver: bool) -> bool:
    # Imported only for a version constraint: the placement package is catalog machinery.
    from jobspec.placement.versions import parse_constraints

    return parse_constraints(text, semver) is None


def _compiles(pattern: str) -> bool:
    # Imported only for a regexp constraint, like the version parser.
    from jobspec.placement.constraints import compiles

    return compiles(pattern)
