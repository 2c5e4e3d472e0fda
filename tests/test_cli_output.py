"""`jobspec validate --format X --output F ...`, --summary, and jobspec.report.emit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.report import OutputError, destinations, emit
from jobspec.report.model import Report

BAD = """\
job "a" {
  group "g" {
    network {
      port "http" { to = 8080 }
      port "http" { static = 80 }
    }
    task "t" { driver = "docker" }
  }
}
"""
GOOD = (
    'job "b" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n    task "t" { driver = "docker" }\n  }\n}\n'
)


@pytest.fixture
def jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.nomad").write_text(BAD)
    (tmp_path / "good.nomad").write_text(GOOD)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


def test_json_to_file_and_text_to_stdout(jobs):
    result = run("--format", "json:r.json", "--format", "text", "bad.nomad", "good.nomad")
    assert result.exit_code == 1
    report = json.loads((jobs / "r.json").read_text())
    assert [d["rule"] for d in report["diagnostics"]] == ["port-duplicate-label"]
    assert report["summary"]["files"] == 2
    assert result.stdout.startswith("bad.nomad:5:12: error: Port label http already in use")
    assert result.stdout.splitlines()[-1] == "2 files checked: 1 error, 0 warnings"


def test_a_format_names_its_own_file(jobs):
    result = run("--format", "github", "--format", "sarif:r.sarif", "bad.nomad")
    assert result.stdout.startswith("::error file=bad.nomad,")
    assert json.loads((jobs / "r.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize(
    "args",
    [
        ["--format=json:r.json", "--format=concise"],
        ["-fjson:r.json", "-fconcise"],
        ["-f", "json:r.json", "--stdin-filename", "-o", "-f", "concise"],
        ["--output=r.json", "-fjson", "-fconcise", "-o-"],
    ],
)
def test_attached_values_and_values_of_other_options(jobs, args):
    result = run(*args, "bad.nomad")
    assert result.exit_code == 1
    assert json.loads((jobs / "r.json").read_text())["diagnostics"][0]["line"] == 5
    assert result.stdout.startswith("bad.nomad:5:12: error[port-duplicate-label]")


def test_every_format_to_its_own_file(jobs):
    args = []
    for name in ("sarif", "junit", "concise", "github"):
        args += ["-f", name, "-o", f"out.{name}"]
    result = run(*args, "bad.nomad", "good.nomad")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((jobs / "out.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "port-duplicate-label"
    cases = ET.fromstring((jobs / "out.junit").read_text()).iter("testcase")
    assert [c.get("name") for c in cases] == ["bad.nomad", "good.nomad"]
    assert (jobs / "out.concise").read_text().startswith("bad.nomad:5:12: error[port-duplicate-label]: ")
    assert (jobs / "out.github").read_text().startswith("::error file=bad.nomad,line=5,col=12,")


def test_output_without_format_writes_text(jobs):
    result = run("-o", "report.txt", "good.nomad")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (jobs / "report.txt").read_text() == "1 file checked, no problems found\n"


def test_dash_output_means_stdout(jobs):
    result = run("-f", "concise", "-o", "-", "bad.nomad")
    assert result.stdout.startswith("bad.nomad:5:12: error[port-duplicate-label]")


def test_output_that_is_an_input_is_refused_and_left_alone(jobs):
    result = run("-f", "json", "-o", "good.nomad", "good.nomad", "bad.nomad")
    assert result.exit_code == 2
    assert "is the input file good.nomad" in result.stderr
    assert (jobs / "good.nomad").read_text() == GOOD


def test_output_that_is_a_job_found_in_a_folder_is_refused(jobs):
    (jobs / "sub").mkdir()
    (jobs / "sub" / "x.nomad").write_text(GOOD)
    result = run("-f", "json", "-o", "./sub/../sub/x.nomad", "sub")
    assert result.exit_code == 2
    assert (jobs / "sub" / "x.nomad").read_text() == GOOD


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "json", "-o", "a.json", "-o", "b.json"], "--output is given 2 times for 1 format without a file"),
        (["-o", "a.txt", "-o", "b.txt"], "--output is given 2 times for 1 format without a file"),
        (["-f", "json", "-f", "text"], "formats json and text would both go to standard output"),
        (["-f", "json", "-o", "r", "-f", "sarif", "-o", "r"], "formats json and sarif are both written to r"),
    ],
)
def test_bad_pairings_are_usage_errors(jobs, args, message):
    result = run(*args, "good.nomad")
    assert result.exit_code == 2
    assert message in result.stderr


def test_unknown_format_is_a_usage_error(jobs):
    assert run("-f", "yaml", "good.nomad").exit_code == 2


def test_unwritable_output_is_a_usage_error(jobs):
    result = run("-f", "json", "-o", "missing/dir/r.json", "good.nomad")
    assert result.exit_code == 2
    assert "cannot write missing/dir/r.json" in result.stderr


def test_summary_goes_to_stderr_when_stdout_is_not_text(jobs):
    result = run("-f", "json", "--summary", "bad.nomad", "good.nomad")
    json.loads(result.stdout)
    assert result.stderr == "Summary: 2 files checked: 1 error, 0 warnings\n"


def test_summary_is_not_repeated_when_text_is_on_stdout(jobs):
    result = run("--summary", "good.nomad")
    assert result.stdout == "1 file checked, no problems found\n"
    assert result.stderr == ""


def test_emit_is_reusable_with_skipped_reasons(tmp_path, capsys):
    report = Report(2, (), ("no catalog", "no catalog"), {}, ("a.nomad", "b.nomad"))
    emit(report, ["json", "concise"], [str(tmp_path / "r.json")], summary=True, color=False)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Summary: 2 files checked, no problems found; 2 checks skipped",
        "  skipped (2): no catalog",
    ]
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["skipped"] == ["no catalog"]


def test_destinations_pair_by_position_and_check_inputs(tmp_path):
    job = tmp_path / "a.nomad"
    job.write_text(GOOD)
    assert [(d.format, d.path) for d in destinations(["json", "text"], ["r.json"])] == [
        ("json", "r.json"),
        ("text", "-"),
    ]
    with pytest.raises(OutputError):
        destinations(["json"], [str(job)], inputs=[str(job)])
