"""Constraints as scheduler/feasible/feasible.go evaluates them (ConstraintChecker,
checkConstraint, resolveTarget, checkOrder, checkVersionMatch, checkRegexpMatch,
checkSetContainsAll/Any), each operator with a job it fails and one it passes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobspec.placement.constraints import check, meets
from jobspec.placement.versions import compare, parse_version, version_matches
from tests.catalog_fixtures import catalog, messages, node, skipped_with
from tests.conftest import with_constraint

ATTRS = {
    "kernel.name": "linux",
    "cpu.arch": "amd64",
    "cpu.numcores": "8",
    "cpu.frequency": "2.5",
    "nomad.version": "1.9.3",
    "os.version": "22.04",
    "driver.docker.version": "27.1.0-beta.1",
    "unique.storage.volume": "/dev/sda1",
}
META = {"rack": "r1", "zones": "a, b,c", "tier": "gold"}
CLUSTER = catalog(
    node("n1", attributes=ATTRS, meta=META, node_class="worker", count=2),
    node("n2", attributes=ATTRS, meta={**META, "rack": "r2"}, node_class="worker"),
)


# (written constraint that no node meets, one that every node meets)
CASES = {
    "=": ('attribute = "${attr.kernel.name}"\nvalue = "windows"', 'attribute = "${attr.kernel.name}"\nvalue = "linux"'),
    "==": (
        'attribute = "${node.class}"\noperator = "=="\nvalue = "edge"',
        'attribute = "${node.class}"\noperator = "=="\nvalue = "worker"',
    ),
    "is": (
        'attribute = "${meta.tier}"\noperator = "is"\nvalue = "silver"',
        'attribute = "${meta.tier}"\noperator = "is"\nvalue = "gold"',
    ),
    "!=": (
        'attribute = "${attr.cpu.arch}"\noperator = "!="\nvalue = "amd64"',
        'attribute = "${attr.cpu.arch}"\noperator = "!="\nvalue = "arm64"',
    ),
    "not": (
        'attribute = "${node.datacenter}"\noperator = "not"\nvalue = "dc1"',
        'attribute = "${node.datacenter}"\noperator = "not"\nvalue = "dc9"',
    ),
    # integers compare as numbers: "8" > "10" as strings, not as numbers
    ">": (
        'attribute = "${attr.cpu.numcores}"\noperator = ">"\nvalue = "10"',
        'attribute = "${attr.cpu.numcores}"\noperator = ">"\nvalue = "4"',
    ),
    ">=": (
        'attribute = "${attr.cpu.numcores}"\noperator = ">="\nvalue = "9"',
        'attribute = "${attr.cpu.numcores}"\noperator = ">="\nvalue = "8"',
    ),
    # floats when either side is not an integer
    "<": (
        'attribute = "${attr.cpu.frequency}"\noperator = "<"\nvalue = "2.25"',
        'attribute = "${attr.cpu.frequency}"\noperator = "<"\nvalue = "3"',
    ),
    "<=": (
        'attribute = "${attr.cpu.frequency}"\noperator = "<="\nvalue = "2.4"',
        'attribute = "${attr.cpu.frequency}"\noperator = "<="\nvalue = "2.5"',
    ),
    "regexp": (
        'attribute = "${attr.os.version}"\nregexp = "^20\\\\."',
        'attribute = "${attr.os.version}"\nregexp = "^22\\\\."',
    ),
    "version": (
        'attribute = "${attr.nomad.version}"\nversion = ">= 1.10"',
        'attribute = "${attr.nomad.version}"\nversion = "~> 1.9.0"',
    ),
    "semver": (
        'attribute = "${attr.nomad.version}"\nsemver = "< 1.9.3"',
        'attribute = "${attr.nomad.version}"\nsemver = ">= 1.9.3-rc1, < 2"',
    ),
    "set_contains": (
        'attribute = "${meta.zones}"\nset_contains = "a,d"',
        'attribute = "${meta.zones}"\nset_contains = "c, a"',
    ),
    "set_contains_all": (
        'attribute = "${meta.zones}"\noperator = "set_contains_all"\nvalue = "b,z"',
        'attribute = "${meta.zones}"\noperator = "set_contains_all"\nvalue = "a,b,c"',
    ),
    "set_contains_any": (
        'attribute = "${meta.zones}"\noperator = "set_contains_any"\nvalue = "x,y"',
        'attribute = "${meta.zones}"\noperator = "set_contains_any"\nvalue = "x,b"',
    ),
    "is_set": (
        'attribute = "${attr.driver.podman}"\noperator = "is_set"',
        'attribute = "${attr.kernel.name}"\noperator = "is_set"',
    ),
    "is_not_set": (
        'attribute = "${meta.rack}"\noperator = "is_not_set"',
        'attribute = "${meta.gpu}"\noperator = "is_not_set"',
    ),
}


@pytest.mark.parametrize("operator", sorted(CASES))
def test_each_operator_fails_and_passes_like_nomad(operator):
    failing, passing = CASES[operator]
    found = messages(with_constraint(failing), CLUSTER, "catalog-constraint")
    assert len(found) == 1 and found[0].startswith("Constraint ") and "3 nodes excluded by filter" in found[0]
    assert messages(with_constraint(passing), CLUSTER, "catalog-constraint") == []


@pytest.mark.parametrize("level", ["job", "group", "task"])
def test_constraints_at_every_level_count(level):
    found = messages(with_constraint(CASES["="][0], level), CLUSTER, "catalog-constraint")
    assert found == [
        'Constraint "${attr.kernel.name} = windows": 3 nodes excluded by filter; no node left for group "g"'
    ]


def test_the_finding_points_at_the_constraint_attribute():
    from tests.catalog_fixtures import found_with

    assert found_with(with_constraint(CASES["="][0]), CLUSTER, "catalog-constraint") == [(4, 13)]


def test_a_constraint_that_leaves_some_nodes_is_no_finding():
    text = with_constraint('attribute = "${meta.rack}"\nvalue = "r2"')
    assert messages(text, CLUSTER, "catalog-constraint") == []
    assert messages(text, CLUSTER, "catalog-placement") == []


def test_unknown_target_is_skipped_and_said_so():
    # An agent-config class states no attributes: the constraint is unknown, not failed.
    classes = catalog(replace(node("web", attributes_known=False), id=None))
    text = with_constraint(CASES["="][0])
    assert messages(text, classes, "catalog-constraint") == []
    assert any(
        'constraint "${attr.kernel.name} = windows": the catalog does not state its target' in s
        for s in skipped_with(text, classes)
    )


def test_node_unique_name_of_a_class_is_unknown():
    classes = catalog(replace(node("web"), id=None))
    text = with_constraint('attribute = "${node.unique.name}"\nvalue = "web-1"')
    assert messages(text, classes, "catalog-constraint") == []
    assert any("node.unique.name" in s for s in skipped_with(text, classes))


def test_unique_targets_are_judged_per_node_not_per_shape():
    text = with_constraint('attribute = "${node.unique.name}"\nvalue = "n2"')
    assert messages(text, CLUSTER, "catalog-constraint") == []
    text = with_constraint('attribute = "${node.unique.name}"\nvalue = "n3"')
    assert messages(text, CLUSTER, "catalog-constraint") != []


# -- checkConstraint and helpers -------------------------------------------------


@pytest.mark.parametrize(
    ("operand", "left", "right", "lfound", "expected"),
    [
        ("=", "a", "a", False, False),  # a missing target never equals
        ("!=", "", "windows", False, True),  # a missing target resolves to "" and differs
        ("<", "10", "9", True, False),  # integers
        ("<", "a10", "a9", True, True),  # strings
        ("<", "1e1", "11", True, True),  # floats
        (">", "NaN", "1", True, False),
        ("regexp", "linux", "(", True, False),  # does not compile: false, as in Nomad
        ("set_contains_any", "a,b", "c", True, False),
        ("distinct_hosts", "", "true", True, True),  # limits on count, not a filter
        ("bogus", "a", "a", True, False),
    ],
)
def test_check_constraint_table(operand, left, right, lfound, expected):
    assert check(operand, left, right, lfound, True) is expected


def test_resolve_target_unsupported_interpolation_is_not_found():
    n = node("a", attributes=ATTRS)
    assert meets("=", "${node.region}", "", n) is False
    assert meets("is_not_set", "${device.model}", "", n) is True


# -- hashicorp/go-version and helper/constraints/semver ---------------------------------


@pytest.mark.parametrize(
    ("version", "constraint", "expected"),
    [
        ("1.2.3", ">= 1.0", True),
        ("1.2.3", "< 1.0", False),
        ("1.2.3", "~> 1.2", True),
        ("1.3.0", "~> 1.2.0", False),
        ("1.2.9", "~> 1.2.0", True),
        ("2.0.0", "~> 1.2", False),
        ("1.2.0-beta", ">= 1.0", False),  # a pre-release never meets a release bound in go-version
        ("1.2.0-beta", ">= 1.2.0-alpha", True),
        ("1.2.0-beta", "= 1.2.0-beta", True),
        ("v1.2", "= 1.2.0", True),
        ("1.2.3", ">= 1.0, < 1.2", False),
        ("1.2.3", "bogus", False),
        ("bogus", ">= 1.0", False),
    ],
)
def test_version_operator(version, constraint, expected):
    assert version_matches(version, constraint, semver=False) is expected


@pytest.mark.parametrize(
    ("version", "constraint", "expected"),
    [
        ("1.2.0-beta", ">= 1.0", True),  # semver orders pre-releases with everything
        ("1.2.0-beta", "< 1.2.0", True),
        ("1.2.3", "~> 1.2", False),  # no pessimistic operator in semver mode
        ("1.2.3", "1.2.3", True),
        ("1.2.3", ">= 1.2beta", False),  # strict: an alphabetic pre-release needs a dash
    ],
)
def test_semver_operator(version, constraint, expected):
    assert version_matches(version, constraint, semver=True) is expected


def test_version_ordering_follows_go_version():
    def v(text):
        return parse_version(text)

    assert compare(v("1.0.0-alpha"), v("1.0.0-alpha.1")) == -1
    assert compare(v("1.0.0-alpha.1"), v("1.0.0-alpha.beta")) == -1
    assert compare(v("1.0.0-rc.1"), v("1.0.0")) == -1
    assert compare(v("1.2.0.0"), v("1.2")) == 0
    assert compare(v("1.2.0.1"), v("1.2")) == 1
    assert v("1.2.3+meta").metadata == "meta" and v("1.2beta").pre == "beta"


# -- properties -----------------------------------------------------------------------
_VERSIONS = st.from_regex(r"v?[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-[0-9A-Za-z]{1,4}(\.[0-9A-Za-z]{1,3})?)?", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(_VERSIONS, _VERSIONS)
def test_version_compare_is_antisymmetric(a, b):
    left, right = parse_version(a), parse_version(b)
    assert left is not None and right is not None
    assert compare(left, right) == -compare(right, left)
    assert compare(left, left) == 0


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(CASES)), st.text(max_size=12), st.text(max_size=12))
def test_any_operator_on_any_text_gives_a_verdict(operator, left, right):
    assert isinstance(check(operator, left, right, True, True), bool)
    assert isinstance(version_matches(left, right, semver=True), bool)
