"""Configuration discovery, precedence and errors."""

from __future__ import annotations

import json

import pytest

from jobspec import config
from tests.cli_helpers import DUPLICATE, jobspec, write


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))


def rules_in(stdout: str) -> list[tuple[str, str, int, int]]:
    return [(d["rule"], d["file"], d["line"], d["column"]) for d in json.loads(stdout)["diagnostics"]]


def test_jobspec_toml_found_from_a_subfolder(tmp_path):
    write(tmp_path, ".jobspec.toml", 'ignore = ["port-duplicate-label"]\n')
    write(tmp_path, "jobs/api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path / "jobs")
    assert run.code == 0
    assert rules_in(run.stdout) == []


def test_pyproject_without_table_is_passed_over(tmp_path):
    write(tmp_path, ".jobspec.toml", 'ignore = ["port-duplicate-label"]\n')
    write(tmp_path, "sub/pyproject.toml", '[project]\nname = "x"\n')
    assert config.find(tmp_path / "sub") == (tmp_path / ".jobspec.toml").resolve()


def test_jobspec_toml_wins_over_pyproject_in_one_folder(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.jobspec]\nfail-on = "info"\n')
    write(tmp_path, ".jobspec.toml", 'fail-on = "warning"\n')
    assert config.find(tmp_path) == (tmp_path / ".jobspec.toml").resolve()
    assert config.load(config.find(tmp_path)).fail_on == "warning"


def test_pyproject_table_is_read(tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        """\
        [project]
        name = "x"

        [tool.jobspec]
        catalog = "nodes"
        vars = { region = "eu", count = 3 }
        var-files = ["prod.hcl"]
        select = ["port"]
        per-file-ignores = { "legacy/*.nomad" = ["port-duplicate-label"] }
        severity = { port-duplicate-label = "warning" }
        fail-on = "warning"
        include = ["*.job"]
        exclude = ["vendor"]
        nomad-version = "1.9"
        """,
    )
    settings = config.load(tmp_path / "pyproject.toml")
    assert settings.diagnostics == ()
    assert settings.catalog == (str(tmp_path / "nodes"),)
    assert settings.var_files == (str(tmp_path / "prod.hcl"),)
    assert settings.vars == {"region": "eu", "count": 3}
    assert settings.select == ("port",)
    assert settings.per_file_ignores == {"legacy/*.nomad": ("port-duplicate-label",)}
    assert settings.severity["port-duplicate-label"].value == "warning"
    assert (settings.fail_on, settings.include, settings.exclude) == ("warning", ("*.job",), ("vendor",))
    assert settings.nomad_version == (1, 9, 0)


def test_severity_override_and_fail_on_from_config(tmp_path):
    write(tmp_path, ".jobspec.toml", 'severity = { port-duplicate-label = "warning" }\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    assert run.code == 0
    assert [d["severity"] for d in json.loads(run.stdout)["diagnostics"]] == ["warning"]
    write(tmp_path, ".jobspec.toml", 'severity = { port-duplicate-label = "warning" }\nfail-on = "warning"\n')
    assert jobspec("validate", "api.nomad", cwd=tmp_path).code == 1


def test_command_line_wins_over_config(tmp_path):
    write(tmp_path, ".jobspec.toml", 'ignore = ["port-duplicate-label"]\nfail-on = "info"\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "--ignore", "hcl-syntax", "-f", "json", cwd=tmp_path)
    assert [r[0] for r in rules_in(run.stdout)] == ["port-duplicate-label"]
    assert run.code == 1


def test_select_keeps_load_rules(tmp_path):
    write(tmp_path, "broken.nomad", 'job "x" {\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", ".", "--select", "port-duplicate-label", "-f", "json", cwd=tmp_path)
    assert sorted(r[0] for r in rules_in(run.stdout)) == ["hcl-syntax", "port-duplicate-label"]
    run = jobspec("validate", ".", "--select", "hcl", "-f", "json", cwd=tmp_path)
    assert [r[0] for r in rules_in(run.stdout)] == ["hcl-syntax"]


def test_comma_lists_and_repeats(tmp_path):
    assert config.split_list(["a,b", " c ", ""]) == ("a", "b", "c")
    assert config.split_list(None) is None


def test_unknown_selector_on_command_line_is_usage_error(tmp_path):
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "--ignore", "no-such-rule", cwd=tmp_path)
    assert run.code == 2
    assert "no-such-rule" in run.stderr


def test_per_file_ignores_are_relative_to_the_config(tmp_path):
    write(tmp_path, ".jobspec.toml", 'per-file-ignores = { "legacy/*.nomad" = ["port-duplicate-label"] }\n')
    write(tmp_path, "legacy/old.nomad", DUPLICATE)
    write(tmp_path, "new/api.nomad", DUPLICATE)
    run = jobspec("validate", ".", "-f", "json", cwd=tmp_path / "new")
    assert [r[0] for r in rules_in(run.stdout)] == ["port-duplicate-label"]
    run = jobspec("validate", "../legacy", "-f", "json", cwd=tmp_path / "new")
    assert rules_in(run.stdout) == []


def test_explicit_config_flag(tmp_path):
    write(tmp_path, "elsewhere/conf.toml", 'ignore = ["port-duplicate-label"]\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    assert jobspec("validate", "api.nomad", "--config", "elsewhere/conf.toml", cwd=tmp_path).code == 0
    run = jobspec("validate", "api.nomad", "--config", "missing.toml", cwd=tmp_path)
    assert run.code == 2


def test_unparsable_toml_is_a_positioned_diagnostic_and_exit_2(tmp_path):
    write(tmp_path, ".jobspec.toml", 'select = ["a"\nfail-on = "error"\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    assert run.code == 2
    [d] = json.loads(run.stdout)["diagnostics"]
    assert (d["rule"], d["file"], d["line"], d["column"]) == ("config-invalid", ".jobspec.toml", 2, 1)
    assert d["message"].startswith("invalid TOML: ")


def test_unparsable_pyproject_with_jobspec_table_is_reported(tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.jobspec]\nfail-on = \n")
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", cwd=tmp_path)
    assert run.code == 2
    assert "pyproject.toml:2:" in run.stdout


@pytest.mark.parametrize(
    ("body", "line", "column", "message"),
    [
        ("[tool.jobspec]\nselct = []\n", 2, 1, "unknown configuration key `selct`"),
        ("[tool.jobspec]\nfail-on = 1\n", 2, 1, "`fail-on` must be one of error, warning, info, not a number"),
        ("[tool.jobspec]\nfail-on = 'fatal'\n", 2, 1, "`fail-on` must be one of error, warning, info, not 'fatal'"),
        ("[tool.jobspec]\nselect = [\n  'port',\n  'nope',\n]\n", 4, 3, "unknown rule id or family `nope`"),
        ("[tool.jobspec]\nignore = 'port'\n", 2, 1, "`ignore` must be a list of strings, not a string"),
        ("[tool.jobspec]\nvars = 3\n", 2, 1, "`vars` must be a table, not a number"),
        ("[tool.jobspec]\nnomad-version = '1.x'\n", 2, 1, "`nomad-version` must be a version"),
        ("[tool.jobspec]\nseverity = { port-duplicate-label = 'fatal' }\n", 2, 14, "severity must be one of"),
        ("[tool.jobspec.severity]\nnope = 'error'\n", 2, 1, "unknown rule id `nope`"),
        ("[tool.jobspec]\nper-file-ignores = { 'x/*' = 'port' }\n", 2, 22, "`per-file-ignores` values must be lists"),
    ],
)
def test_semantic_errors_point_at_the_key(tmp_path, body, line, column, message):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n' + body)
    [d] = config.load(tmp_path / "pyproject.toml", "pyproject.toml").diagnostics
    assert d.rule == "config-invalid"
    assert (d.span.line - 3, d.span.column) == (line, column)
    assert d.message.startswith(message)


def test_semantic_errors_are_reported_and_the_run_stops(tmp_path):
    write(tmp_path, ".jobspec.toml", 'selct = ["x"]\n')
    write(tmp_path, "api.nomad", DUPLICATE)
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    assert run.code == 2
    assert rules_in(run.stdout) == [("config-invalid", ".jobspec.toml", 1, 1)]


def test_config_vars_reach_the_evaluator_and_the_command_line_wins(tmp_path):
    write(tmp_path, ".jobspec.toml", "vars = { port = 70000 }\n")
    write(
        tmp_path,
        "api.nomad",
        """\
        variable "port" {
          type = number
        }
        job "api" {
          group "web" {
            network {
              port "http" { static = var.port }
            }
            task "t" { driver = "docker" }
          }
        }
        """,
    )
    run = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    assert [d["rule"] for d in json.loads(run.stdout)["diagnostics"]] == ["port-static-range"]
    assert jobspec("validate", "api.nomad", "--var", "port=8080", cwd=tmp_path).code == 0


def test_var_args_write_toml_values_as_hcl():
    assert config.var_args({"a": "eu", "n": 3, "ok": True, "l": ["x", 1], "m": {"k": "${v}"}}) == [
        "a=eu",
        "n=3",
        "ok=true",
        'l=["x", 1]',
        'm={"k" = "$${v}"}',
    ]
