"""`normalize --format nomad-json` says what it holds (issue 11, point 11): in
--help, and in a top-level Note beside Job that names every field it fills."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jobspec.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _keys(value: object, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(key)
            _keys(item, out)
    elif isinstance(value, list):
        for item in value:
            _keys(item, out)
    return out


def test_output_notes_what_it_holds_and_what_it_leaves_out():
    result = CliRunner().invoke(app, ["normalize", "-f", "nomad-json", str(EXAMPLES / "api.nomad")])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert list(document) == ["Note", "Job"]
    note = document["Note"]
    assert note.startswith("Not the whole job")
    for left_out in ("image", "CPU and memory", "constraints"):
        assert left_out in note
    # Every job, group and task field it fills is named in the note.
    job = document["Job"]
    named = set(job) | set(job["TaskGroups"][0]) | set(job["TaskGroups"][0]["Tasks"][0])
    assert {key for key in named if key not in note} == set()


def test_help_says_it_is_not_the_whole_job():
    result = CliRunner().invoke(app, ["normalize", "--help"], env={"COLUMNS": "200"})
    assert "not the whole job" in " ".join(result.stdout.replace("│", " ").split())


def test_the_default_format_has_no_note():
    result = CliRunner().invoke(app, ["normalize", str(EXAMPLES / "api.nomad")])
    assert list(json.loads(result.stdout)) == ["version", "jobs"]
