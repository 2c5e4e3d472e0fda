"""constraint-invalid: the constraints Nomad refuses at submission, in its words, at the
argument they are about (nomad/structs/structs.go Constraint.Validate,
nomad/structs/constraint.go validateConstraintAttribute)."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import jobspec, write
from tests.conftest import with_constraint


def _found(tmp_path, text: str) -> list[tuple[int, int, str]]:
    write(tmp_path, "job.nomad", text)
    run = jobspec("validate", "job.nomad", "-f", "json", "--no-cache", cwd=tmp_path)
    diagnostics = json.loads(run.stdout)["diagnostics"]
    return [(d["line"], d["column"], d["message"]) for d in diagnostics if d["rule"] == "constraint-invalid"]


@pytest.mark.parametrize(
    ("constraint", "message", "column"),
    [
        (
            'attribute = "${attr.kernel.name}"\noperator = "equals"\nvalue = "linux"',
            'Unknown constraint type "equals"',
            12,
        ),
        ('attribute = "${attr.kernel.name}"', 'Operator "=" requires an RTarget', 1),
        ('attribute = "${attr.kernel.name}"\noperator = "!="', 'Operator "!=" requires an RTarget', 1),
        (
            'attribute = "${meta.tags}"\noperator = "is_set"\nvalue = "x"',
            'Operator "is_set" does not support an RTarget',
            9,
        ),
        ('attribute = "${meta.tags}"\noperator = "set_contains_any"', "Set contains constraint requires an RTarget", 1),
        (
            'attribute = "${attr.nomad.version}"\nversion = ">= banana"',
            "Version constraint is invalid: Malformed constraint: >= banana",
            11,
        ),
        (
            'attribute = "${attr.nomad.version}"\nsemver = "~> 1.7.0"',
            "Semver constraint is invalid: Malformed constraint: ~> 1.7.0",
            10,
        ),
        (
            'distinct_property = "${meta.rack}"\nvalue = "0"',
            "Distinct Property must have an allowed count of 1 or greater: 0 < 1",
            9,
        ),
        ('distinct_property = "${meta.rack}"\nvalue = "two"', 'Failed to convert RTarget "two" to uint64', 9),
        ('operator = "regexp"\nvalue = "^a"', "no attribute provided but is required by operator", 1),
        (
            'attribute = "$attr.kernel.name"\nvalue = "linux"',
            'attribute "$attr.kernel.name" is missing an opening brace',
            13,
        ),
        ('attribute = "${nodes.class}"\nvalue = "edge"', 'unsupported attribute "${nodes.class}"', 13),
    ],
)
def test_fail(tmp_path, constraint, message, column):
    text = with_constraint(constraint)
    found = _found(tmp_path, text)
    assert [m for _, _, m in found] == [message]
    # At the argument the words are about; the block's header (column 1 here) when it is not written.
    line, col, _ = found[0]
    assert col == column, found
    written = text.splitlines()[line - 1]
    assert written.startswith("constraint {") if column == 1 else written[col - 1] == '"', found


@pytest.mark.parametrize(
    "constraint",
    [
        'attribute = "${attr.kernel.name}"\nvalue = "linux"',
        'attribute = "${attr.kernel.name}"\nregexp = "^lin"',
        'attribute = "${node.unique.name}"\noperator = "!="\nvalue = "edge-1"',
        'attribute = "${device.model}"\nvalue = "a100"',
        'attribute = "${meta.tags}"\noperator = "is_set"',
        'attribute = "${meta.tags}"\nset_contains = "a,b"',
        'attribute = "${attr.nomad.version}"\nversion = ">= 1.7, < 2.0"',
        'attribute = "${attr.nomad.version}"\nsemver = ">= 1.7.0"',
        "distinct_hosts = true",
        'distinct_property = "${meta.rack}"',
        'distinct_property = "${meta.rack}"\nvalue = "2"',
        'attribute = "linux"\nvalue = "linux"',
    ],
)
def test_pass(tmp_path, constraint):
    assert _found(tmp_path, with_constraint(constraint)) == []


@pytest.mark.parametrize("where", ["job", "group", "task"])
def test_every_level_is_checked(tmp_path, where):
    found = _found(tmp_path, with_constraint('attribute = "${attr.kernel.name}"\noperator = "~="\nvalue = "x"', where))
    assert [m for _, _, m in found] == ['Unknown constraint type "~="']
