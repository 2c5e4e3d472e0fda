"""`jobspec normalize`: jobspec's JSON (validated by its schema) and Nomad's API JSON."""

from __future__ import annotations

import json
from functools import cache

import jsonschema
import pytest
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.load.files import decode
from jobspec.load.hcl import parse
from jobspec.model.nomad_api import job_to_api
from jobspec.model.serialize import jobs_to_json
from jobspec.normalize.job import normalize
from jobspec.schemas import load_schema
from tests.conftest import CORPUS, needs_shared, normalised

JOB = """\
job "api" {
  datacenters = ["dc1", "dc2"]
  node_pool   = "edge"
  group "web" {
    count = 2
    network {
      mode     = "bridge"
      hostname = "web"
      port "http" { to = 8080 }
      port "admin" {
        static       = 9000
        host_network = "private"
      }
      port "zero" { static = 0 }
      dns { servers = ["10.0.0.2"] }
      cni { args = { "k" = "v" } }
    }
    service {
      name = "web"
      port = "http"
      check {
        type = "http"
        port = "admin"
      }
      connect {
        sidecar_service {}
      }
    }
    task "app" {
      driver = "docker"
      config { ports = ["http", "admin"] }
      service {
        name = "raw"
        port = 8080
      }
    }
  }
}
"""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema("normalized.schema.json"))


UNKNOWNS = 'job "a" {\n group "g" {\n count = var.n\n network {\n   port "p" { static = var.p }\n }\n }\n}\n'


def _api(text: str) -> dict:
    return job_to_api(normalised(text)[0])["Job"]


@pytest.fixture
def job_file(tmp_path):
    path = tmp_path / "api.nomad"
    path.write_text(JOB)
    return str(path)


def test_default_output_matches_its_schema(job_file):
    result = CliRunner().invoke(app, ["normalize", job_file])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    _validator().validate(data)
    assert data["jobs"][0]["groups"][0]["networks"][0]["kind"] == "bridge"


def test_schema_rejects_a_drifted_shape():
    data = jobs_to_json(normalised(JOB))
    data["jobs"][0]["groups"][0]["count"] = "two"
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(data)
    del data["jobs"][0]["groups"][0]["count"]
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(data)


def test_unknown_values_match_the_schema():
    data = jobs_to_json(normalised(UNKNOWNS))
    assert "unknown" in data["jobs"][0]["groups"][0]["count"]
    _validator().validate(data)


@needs_shared
def test_corpus_sample_matches_the_schema():
    files = sorted(p for p in CORPUS.joinpath("jobs").rglob("*") if p.is_file())[::8]
    assert files
    for path in files:
        text, _ = decode(path.read_bytes(), str(path))
        parsed = parse(text or "", str(path))
        if parsed.document is None:
            continue
        jobs, _ = normalize(parsed.document)
        _validator().validate(jobs_to_json(jobs))
        json.dumps([job_to_api(job) for job in jobs])


def test_nomad_json_job_fields_in_api_order(job_file):
    result = CliRunner().invoke(app, ["normalize", "--format", "nomad-json", job_file])
    assert result.exit_code == 0
    job = json.loads(result.stdout)["Job"]
    assert list(job) == ["Namespace", "ID", "Name", "Type", "Datacenters", "NodePool", "TaskGroups"]
    assert (job["ID"], job["Name"], job["Type"], job["Datacenters"], job["NodePool"]) == (
        "api",
        "api",
        "service",
        ["dc1", "dc2"],
        "edge",
    )


def test_nomad_json_splits_ports_like_jobspec2():
    [network] = _api(JOB)["TaskGroups"][0]["Networks"]
    assert list(network) == [
        "Mode", "Device", "CIDR", "IP", "DNS", "ReservedPorts", "DynamicPorts", "Hostname", "MBits", "CNI",
    ]  # fmt: skip
    assert network["Mode"] == "bridge"
    assert network["ReservedPorts"] == [
        {"Label": "admin", "Value": 9000, "To": 0, "HostNetwork": "private", "IgnoreCollision": False}
    ]
    assert network["DynamicPorts"] == [
        {"Label": "http", "Value": 0, "To": 8080, "HostNetwork": "default", "IgnoreCollision": False},
        {"Label": "zero", "Value": 0, "To": 0, "HostNetwork": "default", "IgnoreCollision": False},
    ]
    assert network["DNS"] == {"Servers": ["10.0.0.2"], "Searches": None, "Options": None}
    assert (network["Hostname"], network["MBits"], network["CNI"]) == ("web", None, {"Args": {"k": "v"}})


def test_nomad_json_groups_tasks_and_services():
    group = _api(JOB)["TaskGroups"][0]
    assert (group["Name"], group["Count"]) == ("web", 2)
    [service] = group["Services"]
    assert service["PortLabel"] == "http"
    assert service["Checks"] == [{"Name": "", "Type": "http", "PortLabel": "admin", "AddressMode": ""}]
    assert service["Connect"] == {"Native": False, "Gateway": None, "SidecarService": {}}
    [task] = group["Tasks"]
    assert (task["Name"], task["Driver"], task["Config"]) == ("app", "docker", {"ports": ["http", "admin"]})
    assert task["Services"][0]["PortLabel"] == "8080"
    assert task["Services"][0]["TaskName"] == "app"
    assert task["Resources"] == {"Networks": None}


def test_nomad_json_defaults_and_unknowns():
    job = _api(UNKNOWNS)
    defaults = ("service", ["*"], "default", "default")
    assert (job["Type"], job["Datacenters"], job["NodePool"], job["Namespace"]) == defaults
    group = job["TaskGroups"][0]
    assert group["Count"] is None
    [network] = group["Networks"]
    assert network["Mode"] == ""
    # A static port whose value is unknown offline is still a static port.
    assert network["ReservedPorts"][0]["Value"] is None
    assert network["DynamicPorts"] is None


def test_nomad_json_legacy_reserved_ports_only_without_port_blocks():
    text = """\
    job "a" {
      group "g" {
        task "t" {
          driver = "raw_exec"
          resources {
            network {
              reserved_ports "ssh" { value = 22 }
            }
          }
        }
      }
    }
    """
    [network] = _api(text)["TaskGroups"][0]["Tasks"][0]["Resources"]["Networks"]
    assert network["ReservedPorts"] == [
        {"Label": "ssh", "Value": 22, "To": 0, "HostNetwork": "default", "IgnoreCollision": False}
    ]


def test_nomad_json_without_a_job_block_fails(tmp_path):
    path = tmp_path / "vars.hcl"
    path.write_text('variable "x" { default = 1 }\n')
    result = CliRunner().invoke(app, ["normalize", "-f", "nomad-json", str(path)])
    assert result.exit_code == 1
    assert "Missing job block" in result.stderr


def test_normalize_reads_standard_input(job_file):
    piped = CliRunner().invoke(app, ["normalize", "-"], input=JOB)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == CliRunner().invoke(app, ["normalize", job_file]).stdout


def test_file_functions_in_standard_input_resolve_against_the_current_folder(tmp_path, monkeypatch):
    # Nomad's BaseDir is "." (jobspec2/functions.go), whatever name the job is given.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "port.txt").write_text("8080")
    job = 'job "a" {\n  group "g" {\n    network {\n      port "http" { to = file("port.txt") }\n    }\n  }\n}\n'
    name = str(tmp_path / "a.nomad")
    result = CliRunner().invoke(app, ["normalize", "-", "--stdin-filename", name], input=job)
    assert result.exit_code == 0, result.output
    [port] = json.loads(result.stdout)["jobs"][0]["groups"][0]["networks"][0]["ports"]
    assert port["to"] == 8080


def test_normalize_names_standard_input_in_a_syntax_error():
    result = CliRunner().invoke(app, ["normalize", "-"], input='job "x" {\n')
    assert result.exit_code == 1
    assert result.stderr.startswith("stdin:1:9: ")
