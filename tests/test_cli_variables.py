"""--var, --var-file, --no-strict and --allow-fs-outside on validate and normalize."""

import json

from typer.testing import CliRunner

from jobspec.cli import app

JOB = """\
variable "net" { type = string }
variable "port" {
  type    = number
  default = 8080
}
job "api" {
  group "web" {
    network {
      mode = "cni/${var.net}"
      port "http" { static = var.port }
    }
    task "t" { driver = "docker" }
  }
}
"""


def run(tmp_path, *args, env=None):
    job = tmp_path / "job.nomad"
    job.write_text(JOB)
    return CliRunner().invoke(app, [*args, str(job)], env=env)


def test_unset_variable_fails_validate(tmp_path):
    result = run(tmp_path, "validate", "--format", "json")
    assert result.exit_code == 1
    [d] = json.loads(result.stdout)["diagnostics"]
    assert d["rule"] == "hcl-variable-unset"


def test_var_and_var_file_flags(tmp_path):
    (tmp_path / "a.hcl").write_text("port = 80\n")
    (tmp_path / "b.json").write_text('{"port": 81}')
    result = run(
        tmp_path,
        "normalize",
        "--var",
        "net=weave",
        "--var-file",
        str(tmp_path / "a.hcl"),
        "--var-file",
        str(tmp_path / "b.json"),
    )
    assert result.exit_code == 0, result.output
    [network] = json.loads(result.stdout)["jobs"][0]["groups"][0]["networks"]
    assert network["mode"] == "cni/weave"
    assert network["ports"][0]["static"] == 81


def test_environment_supplies_nomad_var(tmp_path):
    result = run(tmp_path, "validate", env={"NOMAD_VAR_net": "weave"})
    assert result.exit_code == 0, result.output


def test_undefined_var_is_an_error_unless_no_strict(tmp_path):
    assert run(tmp_path, "validate", "--var", "net=w", "--var", "nett=x").exit_code == 1
    relaxed = run(tmp_path, "validate", "--no-strict", "--var", "net=w", "--var", "nett=x")
    assert relaxed.exit_code == 0
    assert "Undefined -var variable" in relaxed.stdout


def test_missing_var_file_is_a_usage_error(tmp_path):
    result = run(tmp_path, "validate", "--var-file", str(tmp_path / "none.hcl"))
    assert result.exit_code == 2
    assert "unable to read var file" in result.output


def test_allow_fs_outside(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "secret").write_text("x")
    job = tmp_path / "job" / "job.nomad"
    job.write_text('job "a" {\n  meta { k = file("../secret") }\n  group "g" { task "t" { driver = "docker" } }\n}\n')
    refused = CliRunner().invoke(app, ["validate", str(job)])
    assert refused.exit_code == 1 and "hcl-fs-refused" in refused.stdout
    assert CliRunner().invoke(app, ["validate", "--allow-fs-outside", str(job)]).exit_code == 0
