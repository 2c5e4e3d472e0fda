"""Finding job files: nothing found is no success, and globs read like .gitignore (issue 11, points 4 and 16)."""

from __future__ import annotations

import json

import pytest

from tests.cli_helpers import DUPLICATE, jobspec, write

OK = 'job "ok" {\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n'


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))


def _checked(stdout: str) -> int:
    return json.loads(stdout)["summary"]["files"]


def _names(tmp_path, *args: str) -> list[str]:
    """The files a run reports on (each job has a finding, so each is named)."""
    run = jobspec("validate", *args, "-f", "json", cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    return sorted({d["file"] for d in json.loads(run.stdout)["diagnostics"]})


@pytest.mark.parametrize(
    ("files", "args"),
    [
        ({}, ["jobs"]),
        ({"jobs/agent.hcl": "client { enabled = true }\n", "jobs/README.md": "# jobs\n"}, ["jobs"]),
        ({"jobs/a.nomad": OK}, ["jobs", "--include", "*.job"]),
        ({"jobs/a.nomad": OK}, ["jobs", "--exclude", "*.nomad"]),
    ],
    ids=["empty folder", "no job among the files", "include matches nothing", "all excluded"],
)
def test_no_job_file_found_is_a_usage_error(tmp_path, files, args):
    (tmp_path / "jobs").mkdir()
    for name, text in files.items():
        write(tmp_path, name, text)
    run = jobspec("validate", *args, cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("jobspec: error: no job files found in jobs")
    allowed = jobspec("validate", *args, "--allow-empty", "-f", "json", cwd=tmp_path)
    assert allowed.code == 0, allowed.stderr
    assert _checked(allowed.stdout) == 0


def test_named_files_left_out_by_the_configuration_are_no_error(tmp_path):
    # pre-commit names the changed files; the project's exclude may leave every one out.
    write(tmp_path, ".jobspec.toml", 'exclude = ["legacy/"]\n')
    write(tmp_path, "legacy/old.nomad", DUPLICATE)
    run = jobspec("validate", "legacy/old.nomad", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert _checked(run.stdout) == 0


@pytest.fixture
def tree(tmp_path):
    for name in ("job1.nomad", "job7.nomad", "jobx.nomad", "a.nomad", "c.nomad", "d.nomad", "-.nomad"):
        write(tmp_path, f"jobs/{name}", DUPLICATE)
    write(tmp_path, "jobs/keep/k.nomad", DUPLICATE)
    write(tmp_path, "jobs/skip/s.nomad", DUPLICATE)
    return tmp_path


def test_character_classes_match_as_in_gitignore(tree):
    assert _names(tree, "jobs", "--include", "job[0-9].nomad") == ["jobs/job1.nomad", "jobs/job7.nomad"]
    assert _names(tree, "jobs", "--include", "[a-c].nomad") == ["jobs/a.nomad", "jobs/c.nomad"]
    assert _names(tree, "jobs", "--include", "[!a-c].nomad") == [
        "jobs/-.nomad",
        "jobs/d.nomad",
        "jobs/keep/k.nomad",
        "jobs/skip/s.nomad",
    ]


def test_a_negated_pattern_takes_files_back(tree):
    got = _names(tree, "jobs", "--exclude", "*.nomad", "--exclude", "!job[17].nomad")
    assert got == ["jobs/job1.nomad", "jobs/job7.nomad"]
    # As in git, a file below an excluded folder cannot be taken back.
    got = _names(tree, "jobs", "--exclude", "keep/", "--exclude", "!keep/k.nomad", "--include", "**/[ks].nomad")
    assert got == ["jobs/skip/s.nomad"]


def test_configuration_globs_are_gitignore_lines_relative_to_its_folder(tree):
    write(tree, ".jobspec.toml", 'exclude = ["/jobs/*", "!/jobs/keep/"]\n')
    assert _names(tree, "jobs") == ["jobs/keep/k.nomad"]
    write(tree, ".jobspec.toml", 'include = ["jobs/*/*.nomad"]\nexclude = ["skip/"]\n')
    assert _names(tree, "jobs") == ["jobs/keep/k.nomad"]


def test_a_negated_per_file_ignore_covers_the_files_it_does_not_match(tree):
    write(tree, ".jobspec.toml", '[per-file-ignores]\n"!jobs/keep/" = ["port-duplicate-label"]\n')
    assert _names(tree, "jobs") == ["jobs/keep/k.nomad"]
