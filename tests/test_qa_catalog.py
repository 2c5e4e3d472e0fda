"""Red-team cases for catalog sources: wrong JSON types are told in JSON's words."""

from __future__ import annotations

import json

from jobspec.engine.catalog import load_catalog

NODE = {
    "ID": "5f2c1c5e-0000-4000-8000-000000000001",
    "Name": "n1",
    "Datacenter": "dc1",
    "NodePool": "default",
    "Status": "ready",
    "SchedulingEligibility": "eligible",
    "NodeResources": {"Networks": [{"Mode": "host", "Device": "eth0", "IP": "10.0.0.1"}]},
}


def problems(path) -> list[tuple[int, int, str]]:
    _, diagnostics = load_catalog([str(path)])
    return [(d.span.line, d.span.column, d.message) for d in diagnostics]


def test_node_json_wrong_type_names_json_kinds(tmp_path):
    for value, kind in (([], "an array"), ({}, "an object"), (3, "a number"), (True, "a boolean")):
        path = tmp_path / "nodes.json"
        path.write_text(json.dumps({**NODE, "Datacenter": value}, indent=2))
        (found,) = problems(path)
        assert found == (4, 17, f"Datacenter must be a string, not {kind}")


def saved_catalog(tmp_path, **changes):
    node = {
        "name": "n1",
        "datacenter": "dc1",
        "node_pool": "default",
        "status": "ready",
        "eligible": True,
        "draining": False,
        "count": 1,
        "meta": {},
        "network_modes": ["host"],
        "host_networks": {"default": [{"address": None, "reserved_ports": ""}]},
        "reserved_ports": "",
        "min_dynamic_port": 20000,
        "max_dynamic_port": 32000,
    }
    node.update(changes)
    path = tmp_path / "saved.json"
    path.write_text(json.dumps({"version": 1, "kind": "jobspec-catalog", "sources": [], "nodes": [node]}, indent=2))
    return path


def test_saved_catalog_is_valid_as_written(tmp_path):
    catalog, diagnostics = load_catalog([str(saved_catalog(tmp_path))])
    assert diagnostics == [] and [n.name for n in catalog.nodes] == ["n1"]


def test_saved_catalog_schema_errors_show_no_python_reprs(tmp_path):
    messages = sorted(
        m for _, _, m in problems(saved_catalog(tmp_path, status={"a": None}, meta={"rack": None}, count=-1))
    )
    prefix = "catalog JSON does not match its schema at nodes/0/"
    assert messages == [
        prefix + "count: -1 is below the minimum 0",
        prefix + "meta/rack: expected a string, not null",
        prefix + "status: expected a string, not an object",
    ]


def test_saved_catalog_unknown_and_missing_keys(tmp_path):
    path = saved_catalog(tmp_path, bogus=1)
    data = json.loads(path.read_text())
    del data["nodes"][0]["name"]
    path.write_text(json.dumps(data, indent=2))
    assert sorted(m for _, _, m in problems(path)) == [
        'catalog JSON does not match its schema at nodes/0: the key "name" is required',
        'catalog JSON does not match its schema at nodes/0: unknown key "bogus"',
    ]
