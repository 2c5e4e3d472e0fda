"""Random and mutated input never raises: it loads, or it becomes diagnostics."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobspec.catalog import cni
from jobspec.catalog.nodes import load_node_json
from jobspec.engine.run import check_conflists
from jobspec.load.jsontree import parse, plain

CONFLIST = json.dumps(
    {
        "cniVersion": "1.0.0",
        "name": "mynet",
        "plugins": [
            {"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.1.0.0/24"}]]}},
            {"type": "portmap", "capabilities": {"portMappings": True}},
        ],
    },
    indent=1,
)
NODE = json.dumps(
    [
        {
            "ID": "a",
            "Name": "n",
            "Datacenter": "dc1",
            "Status": "ready",
            "Attributes": {"nomad.version": "1.9.0", "plugins.cni.version.bridge": "1.0.0"},
            "NodeResources": {
                "Networks": [{"Mode": "host"}, {"Mode": "cni/x"}],
                "NodeNetworks": [{"Addresses": [{"Alias": "default", "ReservedPorts": "22"}]}],
                "MinDynamicPort": 20000,
            },
            "ReservedResources": {"Networks": {"ReservedHostPorts": "22,80"}},
        }
    ],
    indent=1,
)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw, base: str) -> str:
    """The base text with a slice deleted, replaced or duplicated."""
    text = base
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 12)))
        insert = draw(st.sampled_from(["", "{", "}", "[", "]", ",", ":", '"', "1", "null", "true", "\\", "é", "\x00"]))
        text = text[:i] + insert + text[j:]
    return text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


def _lint_conflist(data: bytes, kind: str) -> None:
    conf = cni.conflist_from_bytes(data, "f." + kind, kind)
    outcome = check_conflists([conf, conf])
    for d in outcome.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1
    cni.networks([conf])


@FAST
@given(st.binary(max_size=200), st.sampled_from(["conflist", "conf"]))
def test_random_bytes_into_conflist_reader(data, kind):
    _lint_conflist(data, kind)


@FAST
@given(mutated(CONFLIST), st.sampled_from(["conflist", "conf"]))
def test_mutated_conflists(text, kind):
    _lint_conflist(text.encode("utf-8", "surrogatepass"), kind)


@FAST
@given(json_values)
def test_any_json_value_as_a_conflist(value):
    _lint_conflist(json.dumps(value).encode(), "conflist")


@FEWER
@given(json_values)
def test_reader_agrees_with_the_json_module(value):
    text = json.dumps(value)
    node, error = parse(text, "f")
    assert error is None
    assert plain(node) == json.loads(text)


@FAST
@given(st.text(max_size=200))
def test_random_text_into_node_json(text):
    result = load_node_json(text, "n.json")
    assert result.nodes or result.diagnostics or text.strip() in ("[]",)


@FAST
@given(mutated(NODE))
def test_mutated_node_json(text):
    result = load_node_json(text, "n.json")
    for d in result.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1


@FEWER
@given(st.lists(json_values, max_size=3))
def test_any_json_values_as_nodes(values):
    load_node_json(json.dumps(values), "n.json")
