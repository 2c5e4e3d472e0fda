"""``jobspec plan`` and ``validate --catalog`` through the command line, with the
catalog loader replaced by a catalog built in code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jobspec.engine.catalog
from jobspec.cli import app
from tests.catalog_fixtures import catalog, node

ROOT = Path(__file__).resolve().parent.parent
INGRESS = str(ROOT / "examples" / "ingress.nomad")
runner = CliRunner()


def public(name: str, **fields):
    return node(name, aliases=("default", "public"), **fields)


@pytest.fixture
def nodes(monkeypatch):
    """Make ``load_catalog`` return the catalog a test sets, whatever the paths."""
    holder = {"catalog": catalog()}
    monkeypatch.setattr(jobspec.engine.catalog, "load_catalog", lambda paths, enabled=None: (holder["catalog"], []))
    return holder


def test_plan_text_shows_each_filter_and_the_verdict(nodes):
    nodes["catalog"] = catalog(
        public("a"), public("b"), node("c"), public("d", status="down"), node("e", datacenter="dc2")
    )
    result = runner.invoke(app, ["plan", INGRESS, "--catalog", str(ROOT)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[2] == 'group "ingress" (service, mode bridge): cannot be placed'
    assert "  candidates  3 of 5 nodes" in lines
    assert "  filtered       1  datacenter: not in datacenter" in lines
    assert "  filtered       1  status: down" in lines
    assert '  filtered       1  host network: missing host network "public" for port "https"' in lines
    assert "  fit         2 of 5 nodes, 2 free addresses for static port 443" in lines
    assert "  needed      3 addresses for static port 443" in lines
    assert any("[catalog-placement]" in line for line in lines)


def test_plan_json_and_exit_zero_when_every_group_fits(nodes):
    nodes["catalog"] = catalog(public("a"), public("b"), public("c"))
    result = runner.invoke(app, ["plan", INGRESS, "--catalog", str(ROOT), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["job"] == "ingress"
    assert document["catalog"]["nodes"] == 3
    [group] = document["groups"]
    assert group["static_port"] == {"label": "https", "port": 443, "host_network": "public"}
    assert (group["candidates"], group["feasible"], group["slots"], group["needed"]) == (3, 3, 3, 3)
    assert group["placeable"] is True and group["filtered"] == []
    assert document["report"]["summary"]["errors"] == 0


def test_plan_missing_path_is_a_usage_error(nodes):
    result = runner.invoke(app, ["plan", "no-such.nomad", "--catalog", str(ROOT)])
    assert result.exit_code == 2


def test_validate_with_catalog_runs_catalog_rules(nodes):
    nodes["catalog"] = catalog(node("a"), node("b"))
    result = runner.invoke(app, ["validate", INGRESS, "--catalog", str(ROOT), "--format", "json"])
    assert result.exit_code == 1
    rules = [(d["rule"], d["line"], d["column"]) for d in json.loads(result.output)["diagnostics"]]
    assert rules == [("catalog-host-network", 15, 24)]


def test_validate_without_catalog_is_unchanged(nodes):
    nodes["catalog"] = catalog(node("a"))
    result = runner.invoke(app, ["validate", INGRESS])
    assert result.exit_code == 0, result.output


def test_plan_evaluates_variables(nodes, tmp_path):
    job = tmp_path / "web.nomad"
    job.write_text(
        'variable "n" { type = number }\n'
        'job "web" {\n'
        '  group "g" {\n'
        "    count = var.n\n"
        '    network {\n      port "http" { static = 80 }\n    }\n'
        "  }\n"
        "}\n"
    )
    nodes["catalog"] = catalog(node("a"), node("b"))
    result = runner.invoke(app, ["plan", str(job), "--catalog", str(ROOT), "--var", "n=3", "-f", "json"])
    assert result.exit_code == 1, result.output
    [group] = json.loads(result.output)["groups"]
    assert (group["count"], group["needed"], group["slots"], group["placeable"]) == (3, 3, 2, False)


def test_plan_of_an_empty_file_reports_it(nodes, tmp_path):
    job = tmp_path / "empty.nomad"
    job.write_text("")
    result = runner.invoke(app, ["plan", str(job), "--catalog", str(ROOT)])
    assert result.exit_code == 1
    assert "error" in result.output


def test_plan_reads_the_job_from_standard_input(nodes):
    nodes["catalog"] = catalog(public("a"))
    text = Path(INGRESS).read_text()
    from_file = runner.invoke(app, ["plan", INGRESS, "--catalog", str(ROOT), "-f", "json"])
    piped = runner.invoke(
        app, ["plan", "-", "--stdin-filename", INGRESS, "--catalog", str(ROOT), "-f", "json"], input=text
    )
    assert piped.exit_code == from_file.exit_code
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)
    unnamed = runner.invoke(app, ["plan", "-", "--catalog", str(ROOT), "-f", "json"], input=text)
    assert json.loads(unnamed.stdout)["file"] == "stdin"


def test_the_headline_counts_in_words_a_person_writes(tmp_path):
    # one node of one shape: no "1 nodes (1 shapes)"
    node = json.loads((ROOT / "examples" / "catalog" / "nodes.json").read_text())[0]
    (tmp_path / "node.json").write_text(json.dumps(node))
    job = tmp_path / "job.nomad"
    job.write_text('job "a" {\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n')
    result = CliRunner().invoke(app, ["plan", str(job), "--catalog", str(tmp_path / "node.json")])
    assert result.output.splitlines()[0] == f'job "a" against 1 node (1 shape) from {tmp_path / "node.json"}'
