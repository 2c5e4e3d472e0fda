"""A --var that is not NAME=VALUE is a usage error on every command (issue 11, point 5)."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import jobspec, write

JOB = """\
variable "port" { type = string }
job "api" {
  group "web" {
    meta { port = var.port }
    task "t" { driver = "docker" }
  }
}
"""

COMMANDS = [["validate"], ["normalize"], ["plan", "--catalog", "nodes.json"]]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "api.nomad", JOB)
    write(tmp_path, "nodes.json", "[]\n")
    return tmp_path


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("port", "--var 'port' is not NAME=VALUE (for an empty value write port=)"),
        ("=3", "--var '=3' is not NAME=VALUE: the name before = is missing"),
        (" =3", "--var ' =3' is not NAME=VALUE: the name before = is missing"),
    ],
)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_malformed_var_is_a_usage_error(folder, command, value, message):
    run = jobspec(*command, "api.nomad", "--var", "other=1", "--var", value, cwd=folder)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr == f"jobspec: error: {message}\n"


def test_an_empty_value_is_written_with_its_equals_sign(folder):
    run = jobspec("normalize", "api.nomad", "--var", "port=", cwd=folder)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["jobs"][0]["groups"][0]["name"] == "web"
    run = jobspec("validate", "api.nomad", "--var", "port=a=b", cwd=folder)
    assert run.code == 0, run.stdout
