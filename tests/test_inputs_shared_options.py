"""Every command that reads a job takes the same options from the same place (issue 11, point 8).

Each shared option, as a flag or as a configuration key, is run through every
command that reads a job: without it the job fails, with it the job passes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import pytest
import typer

from jobspec.cli import app
from tests.cli_helpers import jobspec, write

NODES = """\
[{"ID": "n1", "Name": "n1", "Datacenter": "dc1", "NodePool": "default", "Status": "ready",
  "SchedulingEligibility": "eligible", "NodeResources": {"Networks": [{"Mode": "host", "IP": "10.0.0.1"}]}}]
"""
NEEDS_PORT = """\
variable "port" { type = number }
job "api" {
  datacenters = ["dc1"]
  group "web" {
    network {
      port "http" { static = var.port }
    }
    task "t" { driver = "docker" }
  }
}
"""
READS_OUTSIDE = """\
job "api" {
  datacenters = ["dc1"]
  meta { motd = file("../motd.txt") }
  group "web" {
    task "t" { driver = "docker" }
  }
}
"""
HOSTNAME_IN_HOST_MODE = """\
job "api" {
  datacenters = ["dc1"]
  group "web" {
    network {
      hostname = "web"
    }
    task "t" { driver = "docker" }
  }
}
"""
WRONG_DATACENTER = HOSTNAME_IN_HOST_MODE.replace('"dc1"', '"dc9"').replace('      hostname = "web"\n', "")

# The commands that read a job; plan always needs a catalog, which cases about
# the catalog give themselves.
COMMANDS = {"validate": ["validate"], "plan": ["plan"], "normalize": ["normalize"]}


@dataclass
class Case:
    job: str
    given: list[str] = field(default_factory=list)
    """Arguments that turn the failure into a pass."""
    files: dict[str, str] = field(default_factory=dict)
    """Files that exist only in the run with the option (a configuration file, ...)."""
    always: list[str] = field(default_factory=list)
    """Arguments in both runs."""
    commands: tuple[str, ...] = tuple(COMMANDS)
    cwd: str = "."
    """The folder the commands run in."""


CASES = {
    "--var": Case(NEEDS_PORT, given=["--var", "port=8080"]),
    "--var-file": Case(NEEDS_PORT, given=["--var-file", "vars.hcl"], files={"vars.hcl": "port = 8080\n"}),
    "config vars": Case(NEEDS_PORT, files={".jobspec.toml": "vars = { port = 8080 }\n"}),
    "config var-files": Case(
        NEEDS_PORT, files={".jobspec.toml": 'var-files = ["vars.hcl"]\n', "vars.hcl": "port = 8080\n"}
    ),
    "--config": Case(
        NEEDS_PORT,
        given=["--config", "conf/team.toml"],
        files={"conf/team.toml": 'var-files = ["../vars.hcl"]\n', "vars.hcl": "port = 8080\n"},
    ),
    "--no-strict": Case(NEEDS_PORT, given=["--no-strict"], always=["--var", "port=8080", "--var", "prot=8080"]),
    # Nomad reads file("../motd.txt") from the current folder (BaseDir "."): run from jobs/.
    "--allow-fs-outside": Case(READS_OUTSIDE, given=["--allow-fs-outside"], cwd="jobs"),
    # Rule choices: the commands that report rule findings.
    "--ignore": Case(HOSTNAME_IN_HOST_MODE, given=["--ignore", "network"], commands=("validate", "plan")),
    "--select": Case(HOSTNAME_IN_HOST_MODE, given=["--select", "port"], commands=("validate", "plan")),
    "config ignore": Case(
        HOSTNAME_IN_HOST_MODE, files={".jobspec.toml": 'ignore = ["network"]\n'}, commands=("validate", "plan")
    ),
    "config per-file-ignores": Case(
        HOSTNAME_IN_HOST_MODE,
        files={".jobspec.toml": '[per-file-ignores]\n"jobs/" = ["network-hostname-host-mode"]\n'},
        commands=("validate", "plan"),
    ),
    "config severity": Case(
        HOSTNAME_IN_HOST_MODE,
        files={".jobspec.toml": '[severity]\nnetwork-hostname-host-mode = "warning"\n'},
        commands=("validate", "plan"),
    ),
}


def _run(folder, command: str, args: list[str], job: str = "jobs/api.nomad", cwd: str = "."):
    def here(path: str) -> str:
        return os.path.relpath(folder / path, folder / cwd)

    catalog = ["--catalog", here("nodes.json")] if command == "plan" else []
    return jobspec(*COMMANDS[command], here(job), *catalog, *args, cwd=folder / cwd)


@pytest.mark.parametrize(
    ("name", "command"),
    [(name, command) for name, case in CASES.items() for command in case.commands],
)
def test_each_shared_option_works_on_every_command(tmp_path, monkeypatch, name, command):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    case = CASES[name]
    write(tmp_path, "jobs/api.nomad", case.job)
    write(tmp_path, "nodes.json", NODES)
    write(tmp_path, "motd.txt", "hello\n")
    without = _run(tmp_path, command, case.always, cwd=case.cwd)
    assert without.code == 1, (without.stdout, without.stderr)
    for path, text in case.files.items():
        write(tmp_path, path, text)
    given = _run(tmp_path, command, [*case.always, *case.given], cwd=case.cwd)
    assert given.code == 0, (given.stdout, given.stderr)


@pytest.mark.parametrize("source", ["--catalog", "config"])
def test_the_catalog_comes_from_the_flag_or_the_configuration(tmp_path, monkeypatch, source):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "jobs/api.nomad", WRONG_DATACENTER)
    write(tmp_path, "nodes.json", NODES)
    args = ["--catalog", "nodes.json"] if source == "--catalog" else []
    if source == "config":
        write(tmp_path, ".jobspec.toml", 'catalog = ["nodes.json"]\n')
    for command in ("validate", "plan"):
        run = jobspec(command, "jobs/api.nomad", *args, "-f", "json", cwd=tmp_path)
        assert run.code == 1, run.stderr
        report = json.loads(run.stdout)
        diagnostics = (report["report"] if command == "plan" else report)["diagnostics"]
        assert [d["rule"] for d in diagnostics] == ["catalog-datacenter"]
    plan = jobspec("plan", "jobs/api.nomad", "-f", "json", "--select", "port", *args, cwd=tmp_path)
    assert json.loads(plan.stdout)["report"]["diagnostics"] == []
    assert json.loads(plan.stdout)["groups"][0]["placeable"] is False


def test_plan_without_any_catalog_says_where_to_give_one(tmp_path):
    write(tmp_path, "api.nomad", WRONG_DATACENTER)
    run = jobspec("plan", "api.nomad", cwd=tmp_path)
    assert run.code == 2
    assert "give --catalog PATH, or `catalog` in the configuration file" in run.stderr


@pytest.mark.parametrize("command", list(COMMANDS))
def test_standard_input_is_named_by_stdin_filename(tmp_path, monkeypatch, command):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "nodes.json", NODES)
    catalog = ["--catalog", "nodes.json"] if command == "plan" else []
    run = jobspec(command, "-", *catalog, "--stdin-filename", "jobs/piped.nomad", cwd=tmp_path, stdin=NEEDS_PORT)
    assert run.code == 1
    assert "jobs/piped.nomad:1:1: " in run.stdout + run.stderr
    assert "stdin" not in run.stdout + run.stderr


def _options(command: str) -> set[str]:
    click_app = typer.main.get_command(app)
    group = click_app.commands[command]  # type: ignore[attr-defined]
    return {name for param in group.params for name in param.opts if name.startswith("--")}


def test_the_commands_that_read_a_job_offer_the_same_options():
    shared = {"--var", "--var-file", "--no-strict", "--allow-fs-outside", "--config", "--stdin-filename", "--output"}
    for command in COMMANDS:
        assert shared <= _options(command), command
    checking = {"--catalog", "--select", "--ignore", "--format"}
    assert checking <= _options("validate") & _options("plan")
