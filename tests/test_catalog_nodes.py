import json

from jobspec.catalog.nodes import load_node_json
from jobspec.engine.catalog import load_catalog


def _node(**over):
    node = {
        "ID": "n1",
        "Name": "web-1",
        "Datacenter": "dc1",
        "NodePool": "default",
        "NodeClass": "web",
        "Status": "ready",
        "SchedulingEligibility": "eligible",
        "Drain": False,
        "Meta": {"net": "public"},
        "Attributes": {"nomad.version": "1.9.3", "plugins.cni.version.bridge": "v1.6.2"},
        "NodeResources": {
            "Networks": [{"Mode": "host"}, {"Mode": "bridge"}, {"Mode": "cni/mynet"}],
            "NodeNetworks": [
                {
                    "Mode": "host",
                    "Addresses": [
                        {"Alias": "default", "Address": "10.0.0.1", "ReservedPorts": ""},
                        {"Alias": "public", "Address": "203.0.113.1", "ReservedPorts": "80,443"},
                    ],
                }
            ],
            "MinDynamicPort": 21000,
            "MaxDynamicPort": 22000,
        },
        "ReservedResources": {"Networks": {"ReservedHostPorts": "22,8500-8501"}},
    }
    node.update(over)
    return node


def test_a_node_object():
    result = load_node_json(json.dumps(_node()), "n.json")
    assert result.diagnostics == []
    (node,) = result.nodes
    assert (node.name, node.id, node.datacenter, node.node_pool, node.node_class) == (
        "web-1",
        "n1",
        "dc1",
        "default",
        "web",
    )
    assert node.can_take_work
    assert node.network_modes == {"host", "bridge", "cni/mynet"}
    assert node.host_networks["public"][0].address == "203.0.113.1"
    assert node.host_networks["public"][0].reserved_ports == {80, 443}
    assert node.reserved_ports == {22, 8500, 8501}
    assert (node.min_dynamic_port, node.max_dynamic_port) == (21000, 22000)
    assert node.cni_plugins == {"bridge": "v1.6.2"}
    assert node.cni_networks["mynet"].port_mappings is None
    assert node.meta == {"net": "public"}
    assert any("forward ports" in s for s in result.skipped)


def test_down_ineligible_and_draining_nodes_cannot_take_work():
    nodes = [
        _node(Name="down", Status="down"),
        _node(Name="ineligible", SchedulingEligibility="ineligible"),
        _node(Name="draining", Drain=True),
        _node(Name="strategy", DrainStrategy={"Deadline": 3600}),
        _node(Name="ok"),
    ]
    text = json.dumps(nodes, indent=2)
    result = load_node_json(text, "n.json")
    assert [(n.name, n.can_take_work) for n in result.nodes] == [
        ("down", False),
        ("ineligible", False),
        ("draining", False),
        ("strategy", False),
        ("ok", True),
    ]
    element_lines = [i for i, line in enumerate(text.split("\n"), start=1) if line == "  {"]
    assert [(n.source.line, n.source.column) for n in result.nodes] == [(line, 3) for line in element_lines]


def test_broken_json_is_reported_in_go_words_at_its_position():
    text = '[\n  {"Name": "a", "Datacenter": "dc1",}\n]'
    result = load_node_json(text, "n.json")
    assert result.nodes == []
    (d,) = result.diagnostics
    assert (d.rule, d.span.line, d.span.column) == ("catalog-invalid", 2, 37)
    assert d.message == "invalid character '}' looking for beginning of object key string"


def test_bad_reserved_ports_point_into_the_node():
    text = json.dumps([_node(ReservedResources={"Networks": {"ReservedHostPorts": "22,x"}})], indent=2)
    result = load_node_json(text, "n.json")
    (d,) = result.diagnostics
    assert d.rule == "agent-reserved-ports"
    assert d.message.startswith("network: invalid node: error parsing reserved_ports: ")
    line = text.split("\n")[d.span.line - 1]
    assert line[d.span.column - 1 :].startswith('x"')


def test_keys_match_case_insensitively_like_go():
    result = load_node_json(json.dumps({"name": "lower", "datacenter": "dc9", "id": "x"}), "n.json")
    assert (result.nodes[0].name, result.nodes[0].datacenter) == ("lower", "dc9")


def test_wrong_field_types_are_diagnostics():
    result = load_node_json(json.dumps([_node(Datacenter=5, Meta=[1])], indent=2), "n.json")
    assert sorted(d.message for d in result.diagnostics) == [
        "Datacenter must be a string, not a number",
        "Meta must be an object of strings",
    ]
    assert result.nodes[0].datacenter == "dc1"


def test_stub_without_resources_leaves_networks_unknown():
    result = load_node_json(json.dumps([{"ID": "x", "Name": "stub", "Datacenter": "dc1", "Status": "ready"}]), "n")
    node = result.nodes[0]
    assert node.network_modes is None and node.cni_networks is None and node.cni_plugins is None
    assert node.attributes_known is False


def test_old_nomad_without_plugin_fingerprint_has_unknown_plugins():
    result = load_node_json(json.dumps(_node(Attributes={"nomad.version": "1.6.0"})), "n")
    assert result.nodes[0].cni_plugins is None
    result = load_node_json(json.dumps(_node(Attributes={"nomad.version": "1.9.0"})), "n")
    assert result.nodes[0].cni_plugins == {}


def test_legacy_networks_give_the_default_alias():
    resources = {"Networks": [{"Mode": "", "IP": "10.0.0.9"}]}
    result = load_node_json(json.dumps(_node(NodeResources=resources)), "n")
    assert result.nodes[0].host_networks["default"][0].address == "10.0.0.9"
    assert result.nodes[0].network_modes == {"host"}


def test_not_a_node_array_element():
    result = load_node_json(json.dumps([_node(), 5]), "n")
    assert [n.name for n in result.nodes] == ["web-1"]
    assert [d.message for d in result.diagnostics] == ["element 1 is not a node object"]


def test_load_catalog_detects_node_json(tmp_path):
    path = tmp_path / "nodes.json"
    path.write_text(json.dumps([_node()]))
    catalog, diagnostics = load_catalog([str(path)])
    assert diagnostics == []
    assert [n.name for n in catalog.nodes] == ["web-1"]


def test_load_catalog_broken_json_file(tmp_path):
    path = tmp_path / "nodes.json"
    path.write_text('[{"Name": "a"')
    catalog, diagnostics = load_catalog([str(path)])
    assert catalog.nodes == ()
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-invalid", 1, 14)]


def test_unknown_json_is_reported(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    _, diagnostics = load_catalog([str(path)])
    assert [d.rule for d in diagnostics] == ["catalog-invalid"]


def test_nan_is_not_json_as_in_go():
    result = load_node_json('[{"Name": "a", "Datacenter": NaN}]', "n.json")
    assert result.nodes == []
    assert [(d.span.line, d.span.column) for d in result.diagnostics] == [(1, 30)]
