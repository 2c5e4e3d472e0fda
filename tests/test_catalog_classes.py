import json
import os
import textwrap

import pytest

from jobspec.catalog.agent import hcl1_keys
from jobspec.engine.catalog import load_catalog

GOOD_CONFLIST = json.dumps(
    {
        "cniVersion": "1.0.0",
        "name": "mynet",
        "plugins": [
            {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}},
            {"type": "portmap", "capabilities": {"portMappings": True}},
        ],
    },
    indent=2,
)


def make_class(root, name="web", hcl=None, class_json=None, conflists=None):
    folder = root / name
    folder.mkdir(parents=True)
    if hcl is not None:
        (folder / "client.hcl").write_text(textwrap.dedent(hcl))
    if class_json is not None:
        (folder / "class.json").write_text(class_json)
    if conflists is not None:
        (folder / "cni").mkdir()
        for file_name, text in conflists.items():
            (folder / "cni" / file_name).write_text(text)
    return folder


AGENT = """\
    datacenter = "dc2"
    client {
      node_class = "web"
      node_pool  = "edge"
      meta {
        "rack" = "r1"
        zone   = "a"
      }
      host_network "public" {
        cidr           = "203.0.113.0/24"
        reserved_ports = "22"
      }
      reserved {
        reserved_ports = "22,8500-8501"
      }
      min_dynamic_port = 25000
      max_dynamic_port = 26000
      cni_path         = "/opt/cni/bin:/usr/lib/cni"
    }
"""


def test_class_folder(tmp_path):
    folder = make_class(tmp_path, hcl=AGENT, class_json='{"count": 3}', conflists={"10-mynet.conflist": GOOD_CONFLIST})
    catalog, diagnostics = load_catalog([str(folder)])
    assert diagnostics == []
    (node,) = catalog.nodes
    assert (node.name, node.count, node.datacenter, node.node_pool, node.node_class) == ("web", 3, "dc2", "edge", "web")
    assert node.meta == {"rack": "r1", "zone": "a"}
    assert sorted(node.host_networks) == ["default", "public"]
    assert node.host_networks["public"][0].reserved_ports == {22}
    assert node.reserved_ports == {22, 8500, 8501}
    assert (node.min_dynamic_port, node.max_dynamic_port) == (25000, 26000)
    assert node.cni_path == ("/opt/cni/bin", "/usr/lib/cni")
    assert node.network_modes == {"host", "bridge", "cni/mynet"}
    assert node.cni_networks["mynet"].port_mappings is True
    assert node.cni_plugins is None and node.attributes_known is False
    assert node.bridge_network_name == "nomad"
    assert any("CNI plugin versions" in s for s in catalog.skipped)


def test_class_defaults_without_class_json_or_cni(tmp_path):
    folder = make_class(tmp_path, hcl="client {\n  enabled = true\n}\n")
    catalog, diagnostics = load_catalog([str(folder)])
    assert diagnostics == []
    (node,) = catalog.nodes
    assert (node.count, node.datacenter, node.node_pool, node.node_class) == (1, "dc1", "default", "")
    assert node.network_modes == {"host", "bridge"}
    assert node.cni_networks == {}
    assert list(node.host_networks) == ["default"]


def test_class_json_bridge_and_plugins(tmp_path):
    folder = make_class(
        tmp_path, hcl="client {}\n", class_json='{"count": 0, "bridge": false, "cni_plugins": {"bridge": "1.6.2"}}'
    )
    catalog, diagnostics = load_catalog([str(folder)])
    assert diagnostics == []
    node = catalog.nodes[0]
    assert (node.count, node.network_modes, node.cni_plugins) == (0, {"host"}, {"bridge": "1.6.2"})
    assert catalog.skipped == ()


def test_class_json_problems_have_positions(tmp_path):
    folder = make_class(tmp_path, hcl="client {}\n", class_json='{\n  "count": -1,\n  "colour": "red"\n}')
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.severity.value, d.span.line, d.span.column) for d in diagnostics] == [
        ("catalog-invalid", "error", 2, 12),
        ("catalog-invalid", "warning", 3, 3),
    ]


def test_broken_class_json(tmp_path):
    folder = make_class(tmp_path, hcl="client {}\n", class_json='{"count": 2,}')
    catalog, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-invalid", 1, 13)]
    assert catalog.nodes[0].count == 1


def test_agent_config_that_does_not_parse(tmp_path):
    folder = make_class(tmp_path, hcl='client {\n  node_class = "web"\n')
    catalog, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("hcl-syntax", 1, 8)]
    assert catalog.nodes[0].node_class == ""


def test_agent_files_merge_in_name_order(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "10-base.hcl").write_text('client {\n  node_class = "a"\n  min_dynamic_port = 30000\n}\n')
    (folder / "20-over.hcl").write_text('client {\n  node_class = "b"\n}\n')
    catalog, diagnostics = load_catalog([str(folder)])
    assert diagnostics == []
    assert (catalog.nodes[0].node_class, catalog.nodes[0].min_dynamic_port) == ("b", 30000)


def test_server_only_config_warns(tmp_path):
    folder = make_class(tmp_path, hcl="server {\n  enabled = true\n}\n")
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.severity.value) for d in diagnostics] == [("catalog-invalid", "warning")]


def test_hcl1_keys_keep_columns():
    text = 'meta {\n  "rack" = "r1"\n  driver.allowlist = "docker"\n}\n'
    swapped, keys = hcl1_keys(text)
    assert [len(line) for line in swapped.split("\n")] == [len(line) for line in text.split("\n")]
    assert sorted(keys.values()) == ["driver.allowlist", "rack"]


def test_catalog_folder_holds_classes_and_node_json(tmp_path):
    make_class(tmp_path, "b-web", hcl="client {}\n")
    make_class(tmp_path, "a-batch", hcl="client {}\n", class_json='{"count": 2}')
    (tmp_path / "nodes.json").write_text(
        json.dumps([{"ID": "x", "Name": "n1", "Datacenter": "dc1", "NodeResources": {}}])
    )
    (tmp_path / "notes").mkdir()
    catalog, diagnostics = load_catalog([str(tmp_path)])
    assert diagnostics == []
    assert [(n.name, n.count) for n in catalog.nodes] == [("a-batch", 2), ("b-web", 1), ("n1", 1)]


def test_a_folder_of_conflists_is_linted(tmp_path):
    (tmp_path / "10-a.conflist").write_text(GOOD_CONFLIST)
    (tmp_path / "20-b.conflist").write_text(GOOD_CONFLIST)
    catalog, diagnostics = load_catalog([str(tmp_path)])
    assert catalog.nodes == ()
    assert [d.rule for d in diagnostics] == ["cni-duplicate-name"]


def test_empty_folder_and_missing_path(tmp_path):
    _, diagnostics = load_catalog([str(tmp_path), str(tmp_path / "nope.json")])
    assert sorted(d.message for d in diagnostics) == ["file not found", "no catalog source in this folder"]
    assert {d.rule for d in diagnostics} == {"catalog-unreadable"}


def test_folder_that_cannot_be_listed(tmp_path, monkeypatch):
    folder = make_class(tmp_path, hcl="client {}\n", conflists={"10-a.conflist": GOOD_CONFLIST})
    real = os.scandir

    def refuse(path):
        if str(path).endswith("cni"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.message) for d in diagnostics] == [
        ("catalog-unreadable", "folder cannot be listed: Permission denied")
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_file(tmp_path):
    folder = make_class(tmp_path, hcl="client {}\n")
    (folder / "client.hcl").chmod(0)
    _, diagnostics = load_catalog([str(folder)])
    assert [d.rule for d in diagnostics] == ["catalog-unreadable"]


def test_conflist_problems_in_a_class_carry_their_path(tmp_path):
    folder = make_class(tmp_path, hcl="client {}\n", conflists={"10-x.conflist": '{"name": "X",'})
    catalog, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.span.file) for d in diagnostics] == [
        ("cni-json-syntax", os.path.join(str(folder), "cni", "10-x.conflist"))
    ]
    assert catalog.nodes[0].cni_networks == {}


# agent-dynamic-port-range (Nomad's command/agent tests)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("min_dynamic_port = -1", "Invalid dynamic port range: min_dynamic_port=-1"),
        ("max_dynamic_port = 2147483647", "Invalid dynamic port range: max_dynamic_port=2147483647"),
        (
            "min_dynamic_port = 5000\n  max_dynamic_port = 4000",
            "Invalid dynamic port range: min_dynamic_port=5000 and max_dynamic_port=4000",
        ),
        ("min_dynamic_port = 40000", "Invalid dynamic port range: min_dynamic_port=40000 and max_dynamic_port=32000"),
    ],
)
def test_dynamic_port_range(tmp_path, body, message):
    folder = make_class(tmp_path, hcl=f"client {{\n  {body}\n}}\n")
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.message, d.span.line) for d in diagnostics] == [("agent-dynamic-port-range", message, 2)]


def test_dynamic_port_range_ok(tmp_path):
    folder = make_class(tmp_path, hcl="client {\n  min_dynamic_port = 4000\n  max_dynamic_port = 5000\n}\n")
    assert load_catalog([str(folder)])[1] == []


# agent-reserved-ports (Nomad's command/agent tests)


def test_reserved_ports_out_of_range(tmp_path):
    folder = make_class(tmp_path, hcl='client {\n  reserved {\n    reserved_ports = "3-2147483647"\n  }\n}\n')
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.message, d.span.line, d.span.column) for d in diagnostics] == [
        (
            'reserved.reserved_ports "3-2147483647" invalid: port must be < 65536 but found 2147483647',
            3,
            23,
        )
    ]


def test_host_network_reserved_ports_points_at_the_part(tmp_path):
    hcl = 'client {\n  host_network "test" {\n    reserved_ports = "22,x"\n  }\n}\n'
    folder = make_class(tmp_path, hcl=hcl)
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.message, d.span.line, d.span.column, d.span.end_column) for d in diagnostics] == [
        (
            'host_network["test"].reserved_ports "22,x" invalid: strconv.ParseUint: parsing "x": invalid syntax',
            3,
            26,
            27,
        )
    ]


# agent-bridge-subnet


@pytest.mark.parametrize(
    ("subnet", "message"),
    [
        ("custom_bridge_subnet", "invalid bridge_network_subnet: invalid CIDR address: custom_bridge_subnet"),
        ("fd00::/64", "invalid bridge_network_subnet: not an IPv4 address: fd00::/64"),
    ],
)
def test_bridge_subnet(tmp_path, subnet, message):
    folder = make_class(tmp_path, hcl=f'client {{\n  bridge_network_subnet = "{subnet}"\n}}\n')
    _, diagnostics = load_catalog([str(folder)])
    assert [(d.rule, d.message, d.span.line, d.span.column) for d in diagnostics] == [
        ("agent-bridge-subnet", message, 2, 27)
    ]


def test_broken_node_json_in_a_catalog_folder_is_reported(tmp_path):
    make_class(tmp_path, "web", hcl="client {}\n")
    (tmp_path / "nodes.json").write_text('[{"Name": "a",]')
    catalog, diagnostics = load_catalog([str(tmp_path)])
    assert [n.name for n in catalog.nodes] == ["web"]
    assert [(d.rule, d.span.file, d.span.line, d.span.column) for d in diagnostics] == [
        ("catalog-invalid", str(tmp_path / "nodes.json"), 1, 15)
    ]


def test_cni_folder_with_broken_json_config(tmp_path):
    (tmp_path / "10-a.conflist").write_text(GOOD_CONFLIST)
    (tmp_path / "20-b.json").write_text('{"cniVersion": "1.0.0", "name": "b", "type": "loopback",}')
    catalog, diagnostics = load_catalog([str(tmp_path)])
    assert [(d.rule, d.span.file) for d in diagnostics] == [("cni-json-syntax", str(tmp_path / "20-b.json"))]
    assert catalog.nodes == ()


def test_broken_conflist_given_directly_as_json(tmp_path):
    path = tmp_path / "20-b.json"
    path.write_text('{"cniVersion": "1.0.0", "name": "b", "type": "loopback",}')
    _, diagnostics = load_catalog([str(path)])
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("cni-json-syntax", 1, 57)]
