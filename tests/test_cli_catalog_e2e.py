"""``validate --catalog``, ``plan`` and ``catalog show|check`` end to end, on the
example catalogs in examples/ (real loaders, no catalog built in code)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.schemas import load_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD = str(EXAMPLES / "catalog")
BROKEN = str(EXAMPLES / "catalog-broken")
INGRESS = str(EXAMPLES / "ingress.nomad")
API = str(EXAMPLES / "api.nomad")
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def plan_errors(document: dict) -> list[str]:
    registry = Registry().with_resources(
        (load_schema(name)["$id"], Resource.from_contents(load_schema(name)))
        for name in ("plan.schema.json", "report.schema.json")
    )
    validator = Draft202012Validator(load_schema("plan.schema.json"), registry=registry)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def write_job(tmp_path: Path, text: str) -> str:
    path = tmp_path / "job.nomad"
    path.write_text(text)
    return str(path)


# -- output schemas ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "catalog", "exit_code"),
    [(INGRESS, GOOD, 0), (API, GOOD, 0), (INGRESS, BROKEN, 1), (INGRESS, str(EXAMPLES / "catalog" / "batch"), 1)],
)
def test_plan_json_matches_its_schema(job, catalog, exit_code):
    result = invoke("plan", job, "--catalog", catalog, "--format", "json")
    assert result.exit_code == exit_code, result.output
    assert plan_errors(json.loads(result.stdout)) == []


def test_plan_json_with_unknown_count_and_no_job_matches_its_schema(tmp_path):
    unknown = write_job(tmp_path, 'job "a" {\n  group "g" {\n    count = var.n\n  }\n}\n')
    document = json.loads(invoke("plan", unknown, "--catalog", GOOD, "-f", "json").stdout)
    [group] = document["groups"]
    assert (group["count"], group["needed"], group["placeable"]) == (None, None, True)
    assert plan_errors(document) == []
    empty = write_job(tmp_path, "")
    document = json.loads(invoke("plan", empty, "--catalog", GOOD, "-f", "json").stdout)
    assert (document["job"], document["groups"]) == (None, [])
    assert plan_errors(document) == []


def test_plan_schema_rejects_a_wrong_document():
    document = json.loads(invoke("plan", INGRESS, "--catalog", GOOD, "-f", "json").stdout)
    document["groups"][0]["filtered"][0]["stage"] = "memory"
    del document["catalog"]["shapes"]
    assert len(plan_errors(document)) == 2


def test_catalog_show_json_matches_its_schema():
    result = invoke("catalog", "show", GOOD, BROKEN, "--format", "json")
    assert result.exit_code == 0
    validator = Draft202012Validator(load_schema("catalog.schema.json"))
    assert list(validator.iter_errors(json.loads(result.stdout))) == []


# -- catalog problems in validate --catalog ---------------------------------------------


def test_validate_lists_catalog_problems_once_on_stderr_as_catalog_check_finds_them():
    # issue 10 point 7: the catalog's own problems are not the job's
    checked = json.loads(invoke("catalog", "check", BROKEN, "-f", "json").stdout)["diagnostics"]
    result = invoke("validate", INGRESS, "--catalog", BROKEN, "-f", "json")
    validated = json.loads(result.stdout)["diagnostics"]
    assert checked and not [d for d in validated if d["file"].startswith(BROKEN)]
    listed = [line for line in result.stderr.splitlines() if line.startswith(BROKEN)]
    assert listed == [
        f"{d['file']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']} [{d['rule']}]" for d in checked
    ]
    assert result.stderr.endswith("`jobspec catalog check` lists them\n")


def test_validate_text_keeps_catalog_problems_off_the_report():
    result = invoke("validate", INGRESS, "--catalog", BROKEN)
    assert result.exit_code == 1  # the job's own catalog-placement error
    assert '10-MyNet.conflist:3:11: error: network name "MyNet"' in result.stderr
    assert "10-MyNet.conflist" not in result.stdout


def test_plan_report_leaves_catalog_problems_to_stderr():
    result = invoke("plan", INGRESS, "--catalog", BROKEN, "-f", "json")
    document = json.loads(result.stdout)
    assert not [d for d in document["report"]["diagnostics"] if d["file"].startswith(BROKEN)]
    for rule in ("cni-network-name", "cni-json-syntax", "agent-reserved-ports"):
        assert f"[{rule}]" in result.stderr


# -- usage errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["validate", INGRESS, "--catalog", "no-such-catalog"],
        ["validate", INGRESS, "--catalog", GOOD, "--catalog", "no-such-catalog"],
        ["plan", INGRESS, "--catalog", "no-such-catalog"],
        ["catalog", "show", "no-such-catalog"],
    ],
)
def test_catalog_path_that_does_not_exist_is_a_usage_error(args):
    result = subprocess.run(
        [sys.executable, "-m", "jobspec", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == "jobspec: error: path does not exist: no-such-catalog\n"
    assert result.stdout == ""


# -- mixed sources -----------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path) -> list[str]:
    """examples/catalog as three kinds of source: node JSON, a class folder, a saved catalog."""
    saved = tmp_path / "batch.json"
    saved.write_text(invoke("catalog", "show", str(EXAMPLES / "catalog" / "batch"), "-f", "json").stdout)
    return [str(EXAMPLES / "catalog" / "nodes.json"), str(EXAMPLES / "catalog" / "web"), str(saved)]


def catalog_args(paths: list[str]) -> list[str]:
    return [arg for path in paths for arg in ("--catalog", path)]


def test_mixed_sources_load_as_one_catalog(mixed):
    whole = json.loads(invoke("catalog", "show", GOOD, "-f", "json").stdout)
    parts = json.loads(invoke("catalog", "show", *mixed, "-f", "json").stdout)
    assert parts["sources"] == mixed
    assert sorted(n["name"] for n in parts["nodes"]) == ["batch", "edge-1", "edge-2", "edge-3", "web"]
    assert sorted(parts["nodes"], key=lambda n: n["name"]) == sorted(whole["nodes"], key=lambda n: n["name"])


def test_plan_on_mixed_sources_equals_plan_on_the_folder(mixed):
    whole = json.loads(invoke("plan", INGRESS, "--catalog", GOOD, "-f", "json").stdout)
    parts = json.loads(invoke("plan", INGRESS, *catalog_args(mixed), "-f", "json").stdout)
    assert parts["catalog"] == {"sources": mixed, "nodes": 8, "shapes": 5}
    assert parts["groups"] == whole["groups"]


def test_validate_on_mixed_sources(mixed, tmp_path):
    assert invoke("validate", INGRESS, API, *catalog_args(mixed)).exit_code == 0
    four = write_job(tmp_path, Path(INGRESS).read_text().replace("count = 3", "count = 4"))
    result = invoke("validate", four, *catalog_args(mixed), "-f", "json")
    assert result.exit_code == 1
    assert [(d["rule"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]] == [
        ("catalog-placement", 8, 13)
    ]


def test_broken_saved_catalog_in_a_mix_is_reported_at_its_line(mixed, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "version": 1,\n  "kind": "jobspec-catalog",\n  "nodes": [\n    {"name": 7}\n  ]\n}\n')
    result = invoke("validate", INGRESS, *catalog_args([*mixed, str(broken)]), "-f", "json")
    assert [line for line in result.stderr.splitlines() if line.startswith(str(broken))] == [
        f"{broken}:5:14: error: catalog JSON does not match its schema at nodes/0/name: "
        "expected a string, not a whole number [catalog-invalid]"
    ]


# -- did-you-mean against the catalog's names ---------------------------------------------


def hints(tmp_path: Path, text: str, rule: str) -> list[tuple[int, int, str]]:
    result = invoke("validate", write_job(tmp_path, text), "--catalog", GOOD, "-f", "json")
    return [(d["line"], d["column"], d["hint"]) for d in json.loads(result.stdout)["diagnostics"] if d["rule"] == rule]


def test_cni_mode_did_you_mean_a_conflist_name(tmp_path):
    text = Path(API).read_text().replace('"cni/mynet"', '"cni/mynte"')
    [(line, column, hint)] = hints(tmp_path, text, "catalog-network-mode")
    assert (line, column) == (11, 14)
    assert hint.startswith('did you mean "cni/mynet"? ')


def test_cni_mode_far_from_every_name_gets_no_guess(tmp_path):
    # "cni/db" and "cni/lan" share only their prefix: no suggestion.
    text = Path(API).read_text().replace('"cni/mynet"', '"cni/db"')
    [(_, _, hint)] = hints(tmp_path, text, "catalog-network-mode")
    assert "did you mean" not in hint
    assert '"cni/lan"' in hint and '"cni/mynet"' in hint


def test_datacenter_did_you_mean(tmp_path):
    text = Path(API).read_text().replace('["dc1"]', '["dc-1"]')
    assert hints(tmp_path, text, "catalog-datacenter") == [
        (5, 18, 'did you mean "dc1"? the catalog\'s datacenters are "dc1", "dc2"')
    ]


def test_node_pool_did_you_mean(tmp_path):
    text = Path(API).read_text().replace('["dc1"]', '["dc1"]\n  node_pool   = "defualt"')
    [(line, column, hint)] = hints(tmp_path, text, "catalog-node-pool")
    assert (line, column) == (6, 17)
    assert hint.startswith('did you mean "default"? ')


def test_plan_text_on_node_json_alone():
    result = invoke("plan", INGRESS, "--catalog", str(EXAMPLES / "catalog" / "nodes.json"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:7] == [
        'job "ingress" against 3 nodes (3 shapes) from ' + str(EXAMPLES / "catalog" / "nodes.json"),
        "",
        'group "ingress" (service, mode bridge): cannot be placed',
        "  candidates  0 of 3 nodes",
        "  filtered       3  datacenter: not in datacenter",
        "  fit         0 of 3 nodes, 0 free addresses for static port 443",
        "  needed      3 addresses for static port 443",
    ]


def test_plan_text_says_one_free_address(tmp_path):
    job = write_job(tmp_path, Path(INGRESS).read_text().replace('["dc1"]', '["dc2"]'))
    result = invoke("plan", job, "--catalog", str(EXAMPLES / "catalog" / "nodes.json"))
    assert "  fit         1 of 3 nodes, 1 free address for static port 443" in result.output.splitlines()
    assert "  filtered       1  status: down" in result.output.splitlines()
