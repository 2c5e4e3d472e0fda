"""A mistake in choosing rules never quietly changes which rules run (issue 11, point 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jobspec import config
from tests.cli_helpers import DUPLICATE, jobspec, write

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def job(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "api.nomad", DUPLICATE)
    return tmp_path


def _config_findings(stdout: str) -> list[tuple[str, int, str, str | None]]:
    return [(d["rule"], d["line"], d["message"], d.get("hint")) for d in json.loads(stdout)["diagnostics"]]


@pytest.mark.parametrize(
    ("toml", "line", "message", "hint"),
    [
        ('select = ["nope-rule"]\n', 1, "unknown rule id or family `nope-rule`", "`jobspec rules` lists every rule id"),
        (
            'select = ["port-duplicate-lable"]\n',
            1,
            "unknown rule id or family `port-duplicate-lable`",
            "did you mean `port-duplicate-label`? `jobspec rules` lists them",
        ),
        (
            'ignore = ["prot"]\n',
            1,
            "unknown rule id or family `prot`",
            "did you mean `port`? `jobspec rules` lists them",
        ),
        (
            '[per-file-ignores]\n"legacy/**" = ["port-duplicate-statc"]\n',
            2,
            "unknown rule id or family `port-duplicate-statc`",
            "did you mean `port-duplicate-static`? `jobspec rules` lists them",
        ),
        (
            '[severity]\nport-env-colision = "error"\n',
            2,
            "unknown rule id `port-env-colision`",
            "did you mean `port-env-collision`? `jobspec rules` lists them",
        ),
        ('ignroe = ["port"]\n', 1, "unknown configuration key `ignroe`", "did you mean `ignore`?"),
        ('fail_on = "warning"\n', 1, "unknown configuration key `fail_on`", "did you mean `fail-on`?"),
    ],
)
def test_a_config_mistake_stops_the_run(job, toml, line, message, hint):
    write(job, ".jobspec.toml", toml)
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=job)
    assert run.code == 2, run.stdout
    # Only the mistake: no rule ran on a selection nobody asked for.
    assert _config_findings(run.stdout) == [("config-invalid", line, message, hint)]


@pytest.mark.parametrize(
    ("flag", "value", "hint"),
    [
        ("--select", "nope-rule", "`jobspec rules` lists every rule id"),
        ("--select", "port,netwrk", "did you mean `network`?"),
        ("--ignore", "port-duplicate-lable", "did you mean `port-duplicate-label`?"),
    ],
)
@pytest.mark.parametrize("command", [["validate", "api.nomad"], ["plan", "api.nomad", "--catalog", "nodes.json"]])
def test_an_unknown_rule_flag_is_a_usage_error(job, flag, value, hint, command):
    write(job, "nodes.json", "[]\n")
    run = jobspec(*command, flag, value, cwd=job)
    assert run.code == 2
    assert run.stdout == ""
    wrong = value.split(",")[-1]
    assert run.stderr.startswith(f"jobspec: error: no rule id or family matches {wrong!r}; {hint}")


def test_the_readme_table_copied_into_jobspec_toml_says_to_drop_its_header(job):
    block = re.search(r"```toml\n(\[tool\.jobspec\]\n.*?)```", README.read_text(), re.S)
    assert block is not None, "README's [tool.jobspec] example moved"
    write(job, ".jobspec.toml", block.group(1))
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=job)
    assert run.code == 2
    [finding] = _config_findings(run.stdout)
    assert finding[:2] == ("config-invalid", 1)
    assert "drop the `[tool.jobspec]` header" in finding[3]
    # Without the header every key of the example is understood.
    without = block.group(1).replace("[tool.jobspec]\n", "", 1)
    write(job, ".jobspec.toml", without)
    assert config.load(job / ".jobspec.toml").diagnostics == ()
    write(job, "pyproject.toml", block.group(1))
    assert config.load(job / "pyproject.toml").diagnostics == ()


def test_an_unknown_rule_in_a_suppression_comment_is_a_finding_with_a_did_you_mean(job):
    write(job, "api.nomad", DUPLICATE.replace("{ to = 8080 }", "{ to = 8080 } # jobspec:ignore port-duplicate-lable"))
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=job)
    assert run.code == 1
    invalid = [d for d in json.loads(run.stdout)["diagnostics"] if d["rule"] == "suppression-invalid"]
    assert [(d["message"], d["hint"]) for d in invalid] == [
        ("unknown rule id `port-duplicate-lable` in a suppression comment", "did you mean `port-duplicate-label`?")
    ]


def test_a_vars_key_that_is_no_variable_name_is_a_config_mistake(job):
    write(job, ".jobspec.toml", 'vars = { "a=b" = 1 }\n')
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=job)
    assert run.code == 2
    assert _config_findings(run.stdout)[0][2] == "`vars` key 'a=b' is not a variable name"


@pytest.mark.parametrize("command", [["plan", "--catalog", "nodes.json"], ["normalize"]])
def test_plan_and_normalize_stop_on_a_config_mistake_too(job, command):
    write(job, "nodes.json", "[]\n")
    write(job, ".jobspec.toml", 'select = ["port-duplicate-lable"]\n')
    run = jobspec(*command, "api.nomad", cwd=job)
    assert run.code == 2
    assert run.stdout == ""
    assert ".jobspec.toml:1:11: error: unknown rule id or family `port-duplicate-lable` [config-invalid]" in run.stderr
    assert "did you mean `port-duplicate-label`?" in run.stderr
