import json
from pathlib import Path

from jsonschema import Draft202012Validator

from jobspec.catalog.saved import catalog_to_json, render
from jobspec.engine.catalog import load_catalog
from jobspec.schemas import load_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "catalog"


def test_examples_load_without_problems():
    catalog, diagnostics = load_catalog([str(EXAMPLES)])
    assert diagnostics == []
    assert [(n.name, n.count) for n in catalog.nodes] == [
        ("batch", 2),
        ("edge-1", 1),
        ("edge-2", 1),
        ("edge-3", 1),
        ("web", 3),
    ]


def test_output_matches_its_schema():
    catalog, _ = load_catalog([str(EXAMPLES)])
    errors = list(Draft202012Validator(load_schema("catalog.schema.json")).iter_errors(catalog_to_json(catalog)))
    assert errors == []


def test_round_trip_is_byte_identical(tmp_path):
    catalog, _ = load_catalog([str(EXAMPLES)])
    first = render(catalog)
    saved = tmp_path / "catalog.json"
    saved.write_text(first)
    again, diagnostics = load_catalog([str(saved)])
    assert diagnostics == []
    assert again.nodes == catalog.nodes
    assert [n.host_networks for n in again.nodes] == [n.host_networks for n in catalog.nodes]
    assert [n.cni_networks for n in again.nodes] == [n.cni_networks for n in catalog.nodes]
    assert render(again).replace(str(saved), str(EXAMPLES)) == first


def test_schema_violation_points_at_the_value(tmp_path):
    saved = tmp_path / "catalog.json"
    document = {"version": 1, "kind": "jobspec-catalog", "nodes": [{"name": "a", "count": "three"}]}
    saved.write_text(json.dumps(document, indent=2))
    catalog, diagnostics = load_catalog([str(saved)])
    assert catalog.nodes == ()
    (d,) = diagnostics
    assert d.rule == "catalog-invalid"
    assert "nodes/0/count" in d.message
    assert saved.read_text().split("\n")[d.span.line - 1].strip() == '"count": "three"'
