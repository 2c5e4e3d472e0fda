"""The fast conformance check agrees with jsonschema, defers on what it cannot read,
and keeps jsonschema from being imported for a valid file."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobspec import structure
from jobspec.evaluate import Unknown
from jobspec.evaluate.document import prepare
from jobspec.load.hcl import parse
from jobspec.runner import discover
from jobspec.schemas import load_schema
from jobspec.structure import fast, lenient, translate
from tests.conftest import CORPUS, needs_shared

ROOT = Path(__file__).resolve().parent.parent


def instance_of(text: str, path: str = "job.nomad") -> dict[str, Any]:
    document = parse(text, path).document
    assert document is not None
    prepared = prepare(document, None)
    return structure.build(prepared.document, prepared.scope)[0]


def jsonschema_conforms(instance: Any, validator: Any = None) -> bool:
    return next(iter((validator or structure.validator()).iter_errors(instance)), None) is None


def assert_agree(instance: Any) -> bool:
    expected = jsonschema_conforms(instance)
    assert structure.fast_conforms(instance) is expected
    return expected


# -- real files ------------------------------------------------------------------------------------


@needs_shared
def test_agrees_with_jsonschema_on_every_corpus_job():
    verdicts = []
    for path, _ in discover([str(CORPUS / "jobs")]):
        document = parse(Path(path).read_text(encoding="utf-8"), path).document
        assert document is not None, path
        prepared = prepare(document, None)
        for scope in (prepared.scope, None):  # as the pipeline builds it, and as the schema tests do
            verdicts.append(assert_agree(structure.build(prepared.document, scope)[0]))
    # The corpus is nearly all valid; its few jobs without a task driver are the exception.
    assert verdicts.count(True) > 400
    assert verdicts.count(False) >= 2


def test_agrees_on_the_examples():
    for path in ("examples/api.nomad", "examples/ingress.nomad"):
        assert assert_agree(instance_of((ROOT / path).read_text(encoding="utf-8"), path))
    assert not assert_agree(instance_of((ROOT / "examples/broken/schema.nomad").read_text(encoding="utf-8")))


VALID = """\
job "a" {
  datacenters = ["dc1"]
  type        = "service"
  group "g" {
    count = "3"
    network {
      mode = "bridge"
      port "http" { to = 8080 }
    }
    task "t" {
      driver = "docker"
      config {
        image = "x"
        ports = ["http"]
      }
      env { A = "1" }
      resources { cpu = 100 }
    }
  }
}
"""


def _in_task(line: str) -> str:
    return VALID.replace('      driver = "docker"\n', f'      driver = "docker"\n      {line}\n')


INVALID = {
    "unknown argument": _in_task("leaderr = true"),
    "unknown block": _in_task("resourcez { }"),
    "wrong type": VALID.replace('count = "3"', 'count = "three"'),
    "wrong type in a list": VALID.replace('["dc1"]', "[{ a = 1 }]"),
    "not a whole number": VALID.replace('count = "3"', "count = 1.5"),
    "missing label": VALID.replace('group "g"', "group"),
    "extra label": VALID.replace('port "http"', 'port "http" "x"'),
    "duplicate block": _in_task("resources { memory = 10 }"),
    "missing required driver": VALID.replace('      driver = "docker"\n', ""),
    "block where an argument belongs": _in_task("kill_timeout { }"),
    "argument where a block belongs": _in_task("resources = {}"),
}

LENIENT = {
    "valid": VALID,
    "unknown value": VALID.replace('count = "3"', "count = var.n"),
    "interpolated string": VALID.replace('mode = "bridge"', 'mode = "${var.m}"'),
    "bool as string": _in_task('leader = "true"'),
    "number as string": _in_task("user = 1000"),
    "dynamic block": VALID.replace(
        'port "http" { to = 8080 }',
        'dynamic "port" {\n  for_each = ["a"]\n  labels = [port.value]\n  content { to = 1 }\n}',
    ),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_real_mistakes_do_not_conform(name):
    assert assert_agree(instance_of(INVALID[name])) is False
    document = parse(INVALID[name], "job.nomad").document
    assert structure.schema_errors(document), "jsonschema turns the failure into findings"


@pytest.mark.parametrize("name", sorted(LENIENT))
def test_lenient_cases_conform(name):
    assert assert_agree(instance_of(LENIENT[name])) is True


# -- mutated instances ---------------------------------------------------------------------------

_BASES = [instance_of(VALID), instance_of((ROOT / "examples/ingress.nomad").read_text(encoding="utf-8"))]
_NAMES = ["count", "driver", "labels", "body", "attributes", "blocks", "port", "task", "x", "meta", "to"]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "x", "8080", "1.5", "true", "True", "0", "1e3", "${NOMAD_PORT_x}"]),
    st.just(Unknown("var.x")),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_NAMES), inner, max_size=3)),
    max_leaves=6,
)


def _containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, dict):
        out.append(value)
        for inner in value.values():
            _containers(inner, out)
    elif isinstance(value, list):
        out.append(value)
        for inner in value:
            _containers(inner, out)
    return out


def _mutate(data: st.DataObject, instance: dict[str, Any]) -> None:
    target = data.draw(st.sampled_from(_containers(instance, [])))
    keys = list(target) if isinstance(target, dict) else list(range(len(target)))
    action = data.draw(st.sampled_from(["drop", "add", "replace", "duplicate"]))
    if action == "add" or not keys:
        value = data.draw(_VALUES)
        if isinstance(target, dict):
            target[data.draw(st.sampled_from(_NAMES))] = value
        else:
            target.append(value)
        return
    key = data.draw(st.sampled_from(keys))
    if action == "drop":
        del target[key]
    elif action == "replace":
        target[key] = data.draw(_VALUES)
    elif isinstance(target, list):  # another label, or a second block of a type
        target.append(copy.deepcopy(target[key]))
    else:
        target[key] = [copy.deepcopy(target[key])]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(_BASES))), st.integers(1, 3), st.data())
def test_mutated_instances_agree_with_jsonschema(base, mutations, data):
    instance = copy.deepcopy(_BASES[base])
    for _ in range(mutations):
        _mutate(data, instance)
    assert_agree(instance)


# -- the keywords, one at a time ----------------------------------------------------------------

_SCHEMAS = st.recursive(
    st.one_of(
        st.booleans(),
        st.sampled_from(["string", "number", "integer", "boolean", "array", "object", "null"]).map(
            lambda t: {"type": t}
        ),
        st.lists(st.sampled_from(["string", "integer", "array", "object"]), min_size=1, max_size=2).map(
            lambda ts: {"type": ts}
        ),
        st.just({}),
        st.just({"title": "a label"}),
    ),
    lambda inner: st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "type": st.sampled_from(["array", "object"]),
                "properties": st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
                "additionalProperties": inner,
                "required": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
            },
        ),
        st.fixed_dictionaries(
            {},
            optional={
                "items": inner,
                "prefixItems": st.lists(inner, max_size=2),
                "minItems": st.integers(0, 3),
                "maxItems": st.integers(0, 3),
                "description": st.just("free text"),
            },
        ),
    ),
    max_leaves=6,
)
_INSTANCES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SCHEMAS, st.lists(_INSTANCES, min_size=1, max_size=4))
def test_each_keyword_means_what_it_means_to_jsonschema(schema, instances):
    validator = structure.lenient_validator(schema)
    check = structure.conformance(schema)
    for instance in instances:
        assert check(instance) is jsonschema_conforms(instance, validator), (schema, instance)


def test_items_false_after_a_prefix_and_a_tighter_maximum():
    check = structure.conformance({"prefixItems": [{"type": "string"}] * 2, "items": False, "maxItems": 1})
    assert [check(["a"]), check(["a", "b"]), check(["a", "b", "c"])] == [True, False, False]
    check = structure.conformance({"prefixItems": [{"type": "string"}], "items": False, "maxItems": 3})
    assert [check(["a"]), check(["a", "b"])] == [True, False]


# -- what the check does not read ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"enum": ["service", "batch"]}, "x"),
        ({"type": "string", "pattern": "^a"}, "x"),
        ({"$ref": "#/$defs/x", "title": "a reference _inline leaves in place"}, "x"),
        ({"type": "decimal"}, "x"),
        ({"type": "array", "maxItems": "1"}, ["x"]),
        ({"type": "object", "required": "a"}, {}),
        ({"$id": "https://example.invalid/inner"}, "x"),
    ],
)
def test_a_keyword_it_does_not_know_defers_when_reached(schema, value):
    check = structure.conformance({"type": "object", "properties": {"a": schema}})
    assert check({"a": value}) is None
    assert check({"b": value}) is True, "a part of the schema the instance does not reach cannot matter"
    assert check("x") is False


@pytest.fixture
def job_schema_with_enum(monkeypatch):
    schema = copy.deepcopy(load_schema(structure.SCHEMA))
    job = schema["$defs"]["job"]["properties"]["body"]
    job["properties"]["attributes"]["properties"]["type"] = {
        "type": "string",
        "enum": ["service", "batch", "system", "sysbatch"],
    }
    caches = (structure.validator, fast._job_conformance)
    for cached in caches:
        cached.cache_clear()
    for module in (lenient, fast, translate):
        monkeypatch.setattr(
            module, "load_schema", lambda name: schema if name == structure.SCHEMA else load_schema(name)
        )
    yield
    for cached in caches:
        cached.cache_clear()


def test_a_keyword_added_to_the_job_schema_is_never_ignored(job_schema_with_enum):
    bad = VALID.replace('type        = "service"', 'type        = "servce"')
    assert structure.fast_conforms(instance_of(bad)) is None
    assert structure.fast_conforms(instance_of(VALID)) is None
    assert structure.fast_conforms(instance_of(VALID.replace('  type        = "service"\n', ""))) is True
    [finding] = structure.schema_errors(parse(bad, "job.nomad").document)
    assert (finding.span.line, finding.span.column, finding.kind) == (3, 17, structure.TYPE)
    assert "'servce' is not one of" in finding.message


# -- jsonschema stays off the happy path -----------------------------------------------------------

_PROBE = """\
import os, runpy, sys
from tests.lint_helpers import lint_path
from jobspec.rules import rule_ids

outcome = lint_path("examples/api.nomad")
assert not [d for d in outcome.diagnostics if d.rule.startswith("schema-")], outcome.diagnostics
assert any(r.startswith("schema-") for r in rule_ids()), "the schema rules are registered"
assert "jsonschema" not in sys.modules, "the pipeline imported jsonschema for a valid file"

sys.argv = ["jobspec", "validate", "--no-cache", "-f", "sarif:" + os.devnull, "-f", "json", "examples/api.nomad"]
try:
    runpy.run_module("jobspec", run_name="__main__")
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
assert "jsonschema" not in sys.modules, "the CLI imported jsonschema for a valid file"

outcome = lint_path("examples/broken/schema.nomad")
assert [d for d in outcome.diagnostics if d.rule.startswith("schema-")]
assert "jsonschema" in sys.modules, "an invalid file is explained by jsonschema"
"""


def test_a_valid_file_never_imports_jsonschema():
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "node",
    [
        {"type": "array", "items": {"$ref": "#/$defs/node"}},
        {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}, "additionalProperties": False},
    ],
)
def test_a_definition_may_refer_to_itself(node):
    check = structure.conformance({"$defs": {"node": node}, "properties": {"root": {"$ref": "#/$defs/node"}}})
    nested = [[[]]] if node["type"] == "array" else {"next": {"next": {}}}
    wrong = [[1]] if node["type"] == "array" else {"next": {"other": 1}}
    assert check({"root": nested}) is True
    assert check({"root": wrong}) is False
