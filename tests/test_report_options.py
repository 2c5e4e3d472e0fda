"""``--format FORMAT[:FILE]`` and ``--output FILE`` end to end, for every command that
reports diagnostics (``validate`` and ``catalog check``), and their help and completion."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer

from jobspec.cli import app
from jobspec.report.options import complete_format, requested
from tests.cli_helpers import DUPLICATE, jobspec

ROOT = Path(__file__).resolve().parent.parent

# Each command with the input it reads (written by the fixture) and the first line its
# concise report starts with.
COMMANDS = {
    "validate": (["validate", "bad.nomad"], "bad.nomad:5:12: error[port-duplicate-label]: "),
    "catalog check": (["catalog", "check", "cat"], "cat/edge/client.hcl:3:22: error[agent-dynamic-port-range]: "),
}


@pytest.fixture(params=list(COMMANDS))
def command(request, tmp_path) -> tuple[list[str], str]:
    (tmp_path / "bad.nomad").write_text(DUPLICATE)
    shutil.copytree(ROOT / "examples" / "catalog-broken", tmp_path / "cat")
    return COMMANDS[request.param]


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _concise(path: Path) -> str:
    return path.read_text().splitlines()[0]


@pytest.mark.parametrize(
    "formats",
    [
        ["-f", "json:r.json", "-f", "concise"],
        ["--format=json:r.json", "--format=concise:-"],
        ["-fjson:r.json", "-fconcise:"],
        ["-f", "json", "-o", "r.json", "-f", "concise", "-o", "-"],
        ["-o", "r.json", "-f", "json", "-o", "-", "-f", "concise"],  # by position among formats with no file
        ["-f", "json", "-f", "concise:-", "-o", "r.json"],
    ],
)
def test_json_to_a_file_and_concise_to_stdout(command, tmp_path, formats):
    args, first = command
    run = jobspec(*args, *formats, cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert run.stdout.startswith(first)
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["errors"] >= 1


def test_every_format_names_its_own_file(command, tmp_path):
    args, first = command
    run = jobspec(*args, "-f", "concise:a.txt", "-f", "sarif:r.sarif", "-f", "junit:sub:r.xml", cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert run.stdout == ""
    assert _concise(tmp_path / "a.txt").startswith(first)
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "sub:r.xml").read_text().startswith("<?xml")  # only the first colon separates


def test_one_output_with_no_format_is_the_text_report(command, tmp_path):
    args, _ = command
    run = jobspec(*args, "-o", "report.txt", cwd=tmp_path)
    assert run.code == 1
    assert run.stdout == ""
    assert "error" in (tmp_path / "report.txt").read_text()


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (["-f", "yaml:r.json"], "unknown format 'yaml' in --format yaml:r.json; choose from text, concise, json, "),
        (["-f", ":r.json"], "unknown format '' in --format :r.json"),
        (
            ["-f", "github", "-f", "sarif", "-o", "r.sarif"],
            "1 --output for 2 formats without a file (github, sarif) leaves unclear which goes where; "
            "name each file in its format instead, e.g. --format sarif:r.sarif",
        ),
        (["-f", "json:r.json", "-o", "x.txt"], "--output x.txt has no format to go with"),
        (["-f", "json", "-o", "a", "-o", "b"], "--output is given 2 times for 1 format without a file"),
        (["-f", "json:r", "-f", "sarif:r"], "formats json and sarif are both written to r"),
        (["-f", "json:r", "-f", "sarif", "-o", "./r"], "formats json and sarif are both written to ./r"),
        (["-f", "json", "-f", "concise:-"], "formats json and concise would both go to standard output"),
    ],
)
def test_usage_errors_are_one_line_and_write_nothing(command, tmp_path, formats, message):
    args, _ = command
    before = _files(tmp_path)
    run = jobspec(*args, *formats, cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"jobspec: error: {message}")
    assert run.stderr.count("\n") == 1
    assert _files(tmp_path) == before


@pytest.mark.parametrize("spelling", [["-f", "json:{}"], ["-f", "json", "-o", "{}"]])
def test_an_output_that_is_an_input_is_refused(command, tmp_path, spelling):
    args, _ = command
    target = "bad.nomad" if args[0] == "validate" else "cat/edge/client.hcl"
    before = (tmp_path / target).read_bytes()
    run = jobspec(*args, *[a.format(target) for a in spelling], cwd=tmp_path)
    assert run.code == 2
    assert run.stderr.count("\n") == 1
    assert "jobspec never writes a file it reads" in run.stderr or "which jobspec reads" in run.stderr
    assert (tmp_path / target).read_bytes() == before


@pytest.mark.parametrize("args", [["validate", "-h"], ["catalog", "check", "-h"]])
def test_help_shows_the_format_and_file_syntax(tmp_path, args):
    run = jobspec(*args, cwd=tmp_path)
    assert run.code == 0
    assert "FORMAT[:FILE]" in run.stdout
    assert "json:r.json" in run.stdout


def test_completion_offers_each_format_for_stdout_and_for_a_file():
    assert [value for value, _ in complete_format("j")] == ["json", "json:", "junit", "junit:"]
    assert complete_format("sarif:") == [("sarif:", "report to a file: add its name")]
    assert [value for value, _ in complete_format("")][:2] == ["text", "text:"]


@pytest.mark.parametrize("path", [["validate"], ["catalog", "check"]])
def test_the_format_option_of_each_command_completes_with_it(path):
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    option = next(p for p in command.params if "--format" in p.opts)
    ctx = command.make_context(path[-1], [], resilient_parsing=True)
    assert [(item.value, item.help) for item in option.shell_complete(ctx, "sa")] == complete_format("sa")


def test_requested_aligns_formats_and_outputs():
    assert requested([], []) == (["text"], ["-"])
    assert requested(["json:C:/r.json", "sarif", "github"], ["r.sarif", ""]) == (
        ["json", "sarif", "github"],
        ["C:/r.json", "r.sarif", "-"],
    )


@pytest.mark.parametrize("args", [["validate", "missing.nomad"], ["catalog", "check", "missing"]])
def test_a_bad_format_is_refused_before_any_path_is_looked_at(tmp_path, args):
    run = jobspec(*args, "-f", "bogus:r.json", cwd=tmp_path)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "jobspec: error: unknown format 'bogus' in --format bogus:r.json; "
        "choose from text, concise, json, sarif, github, junit\n"
    )
