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


def test_allow_fs_outside(tmp_path, monkeypatch):
    # Nomad joins file()'s path to the current folder (BaseDir "."): run from the job's folder.
    (tmp_path / "job").mkdir()
    (tmp_path / "secret").write_text("x")
    job = tmp_path / "job" / "job.nomad"
    job.write_text(
        'job "a" {\n  meta { k = file("../secret") }\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    monkeypatch.chdir(tmp_path / "job")
    refused = CliRunner().invoke(app, ["validate", "--no-cache", "job.nomad"])
    assert refused.exit_code == 1 and "hcl-fs-refused" in refused.stdout
    assert "outside" in refused.stdout and "--allow-fs-outside" in refused.stdout
    assert CliRunner().invoke(app, ["validate", "--no-cache", "--allow-fs-outside", "job.nomad"]).exit_code == 0


def test_file_paths_are_relative_to_the_current_folder_as_in_nomad(tmp_path, monkeypatch):
    """jobspec2/functions.go: the CLI passes BaseDir "." (go-cty-funcs filesystem.MakeFileFunc
    joins a relative path to it), so file("key.pub") is read from where the command runs."""
    (tmp_path / "jobs").mkdir()
    (tmp_path / "key.pub").write_text("top")
    (tmp_path / "jobs" / "key.pub").write_text("beside the job")
    job = tmp_path / "jobs" / "job.nomad"
    job.write_text(
        'job "a" {\n  datacenters = [file("key.pub")]\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(app, ["normalize", "jobs/job.nomad"])
    assert out.exit_code == 0 and json.loads(out.stdout)["jobs"][0]["datacenters"] == ["top"]
    monkeypatch.chdir(tmp_path / "jobs")
    out = CliRunner().invoke(app, ["normalize", "job.nomad"])
    assert json.loads(out.stdout)["jobs"][0]["datacenters"] == ["beside the job"]


def test_fs_root_from_the_configuration_widens_the_confinement(tmp_path, monkeypatch):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "shared.txt").write_text("s")
    job = tmp_path / "jobs" / "job.nomad"
    job.write_text(
        'job "a" {\n  meta { k = file("../shared.txt") }\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    monkeypatch.chdir(tmp_path / "jobs")
    refused = CliRunner().invoke(app, ["validate", "--no-cache", "job.nomad"])
    assert refused.exit_code == 1 and "hcl-fs-refused" in refused.stdout
    (tmp_path / "jobs" / ".jobspec.toml").write_text('fs-root = ".."\n')
    allowed = CliRunner().invoke(app, ["validate", "--no-cache", "job.nomad"])
    assert allowed.exit_code == 0, allowed.stdout
