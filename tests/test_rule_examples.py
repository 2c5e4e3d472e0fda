"""Every rule's FAIL: example makes jobspec report the rule, and its PASS: example does not.

The examples are read as ``jobspec rule ID`` and docs/rules.md show them
(:func:`jobspec.docs.parse`) and run through the command line, so a new rule's
examples are checked with no test code of its own. An example is one file or
several: a line ``# NAME.EXT`` starts a file of that name (``# cni/10-a.conflist``),
and text before any such line is the rule's usual file (``job.nomad``; for conflist
rules ``10-net.conflist``, for agent rules ``client.hcl``). A first line ``# jobspec
ARGS`` is the command that checks the example; without one it is ``jobspec validate
job.nomad``, or ``jobspec catalog check .`` for conflist and agent rules. Paths under
``examples/`` are the repository's examples.

A job file may be a fragment: it is tried as a whole file, then inside a job, a
group (alone, then beside a docker task), a task and a group's network block.
The FAIL example must report the rule in the first place where the PASS example
is clean (no diagnostic at all), or, where it is clean nowhere, in the first
place where it is read and understood (none of ``_NOT_READ``) and does not
report the rule. An example that is not a job file has one place. Both run with
the same options, so that a PASS example cannot pass by leaving out ``--catalog``.

The same runs also write ``--format concise``, and what the FAIL example and the
chosen PASS example print is kept in ``tests/snapshots/RULE.txt``, in the manner of
ruff's snapshot tests: a change to any rule's output shows as a diff to review.
``JOBSPEC_UPDATE_SNAPSHOTS=1`` writes them anew (and removes those of rules that are
gone).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shlex
from pathlib import Path

import pytest

from jobspec import atomic, docs
from jobspec.rules import Rule, all_rules
from tests.cli_helpers import jobspec

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("JOBSPEC_UPDATE_SNAPSHOTS") == "1"
_NOTHING = "(nothing)\n"

_FILE = re.compile(r"^# ((?:[\w.-]+/)*[\w.-]+\.\w+)\s*$")
_COMMAND = re.compile(r"^# (jobspec .+)$")

_USUAL_FILE = {"conflist": "10-net.conflist", "catalog-source": "client.hcl"}
_USUAL_COMMAND = {"conflist": "jobspec catalog check .", "catalog-source": "jobspec catalog check ."}

# What jobspec reports for a file it cannot read or that holds no job, and for a
# fragment where it does not belong: a place where the PASS example reports one of
# these says nothing about the rule.
_NOT_READ = {
    "file-unreadable",
    "file-not-job",
    "hcl-syntax",
    "cni-json-syntax",
    "catalog-unreadable",
    "catalog-invalid",
    "config-invalid",
    "schema-unknown-block",
    "schema-unknown-argument",
}

_TASK = '    task "t" {\n      driver = "docker"\n    }\n'
# Where a fragment of a job file may sit; "@" marks the spot.
_PLACES = (
    "@",
    'job "example" {\n@\n  group "g" {\n' + _TASK + "  }\n}",
    'job "example" {\n  group "g" {\n@\n  }\n}',
    'job "example" {\n  group "g" {\n@\n' + _TASK + "  }\n}",
    'job "example" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n@\n    }\n  }\n}',
    'job "example" {\n  group "g" {\n    network {\n@\n    }\n' + _TASK + "  }\n}",
)
# How a snapshot names each place.
_PLACE_NAMES = (
    "as written",
    "in a job",
    "in a group",
    "in a group beside a docker task",
    "in a docker task",
    "in a group's network block",
)


def split(rule: Rule, example: str) -> tuple[list[str], dict[str, str]]:
    """The example's command (as arguments) and its files (name → text)."""
    lines = example.splitlines()
    command = _USUAL_COMMAND.get(rule.scope, "jobspec validate job.nomad")
    if lines and (match := _COMMAND.match(lines[0])):
        command, lines = match.group(1), lines[1:]
    usual = _USUAL_FILE.get(rule.scope, "job.nomad")
    files: dict[str, list[str]] = {usual: []}
    current = usual
    for line in lines:
        if match := _FILE.match(line):
            current = match.group(1)
            files[current] = []
        else:
            files.setdefault(current, []).append(line)
    texts = {name: "\n".join(body).strip("\n") for name, body in files.items()}
    if not texts[usual].strip():  # a file the example names may be empty; an unnamed one is not there
        del texts[usual]
    return shlex.split(command)[1:], {name: text + "\n" if text else "" for name, text in texts.items()}


def _options(args: list[str]) -> list[str]:
    return [arg for arg in args if arg.startswith("-")]


def run(folder: Path, args: list[str], files: dict[str, str], place: str) -> tuple[list[str], str]:
    """The rules jobspec reports for ``files`` written to ``folder``, with job files at
    ``place``, and its concise report with ``folder`` written ``<dir>``."""
    folder.mkdir()
    (folder / "examples").symlink_to(ROOT / "examples")
    for name, text in files.items():
        assert not name.startswith("examples/"), "an example must not write into the repository's examples"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(place.replace("@", text) if name.endswith(".nomad") else text, encoding="utf-8")
    # Beside the folder, not in it: a catalog check of "." reads every file inside.
    concise = folder.parent / f"{folder.name}.concise"
    result = jobspec(*args, "--format", "json", "--format", f"concise:{concise}", cwd=folder)
    assert result.code in (0, 1, 2), result.stdout + result.stderr
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"`jobspec {shlex.join(args)}` wrote no JSON report: {result.stdout}{result.stderr}")
    text = concise.read_text(encoding="utf-8")
    for spelling in {str(folder.resolve()), str(folder)}:
        text = text.replace(spelling, "<dir>")
    return [d["rule"] for d in report["diagnostics"]], text


def snapshot(runs: list[tuple[str, list[str], str, str]]) -> str:
    """The snapshot text: per run (kind, arguments, place, concise report) a header
    line and what ``--format concise`` printed."""
    return "\n".join(
        f"# {kind} example, {place}: jobspec {shlex.join(args)}\n{concise or _NOTHING}"
        for kind, args, place, concise in runs
    )


def compare(rule: Rule, actual: str) -> None:
    """Fail with a diff when ``actual`` is not the stored snapshot (or store it when updating)."""
    path = SNAPSHOTS / f"{rule.id}.txt"
    stored = path.read_text(encoding="utf-8") if path.exists() else None
    if stored == actual:
        return
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if stored is None:
        pytest.fail(f"{rule.id} has no snapshot {path.name}; write it with JOBSPEC_UPDATE_SNAPSHOTS=1", pytrace=False)
    diff = difflib.unified_diff(
        stored.splitlines(keepends=True), actual.splitlines(keepends=True), f"stored {path.name}", "actual"
    )
    pytest.fail(
        f"{rule.id}: the concise output of its examples changed; review the diff, then accept it with "
        f"JOBSPEC_UPDATE_SNAPSHOTS=1:\n{''.join(diff)}",
        pytrace=False,
    )


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    # Each run writes its concise report to a file, which jobspec.atomic syncs to disk:
    # durability this test does not need, at a cost near the run's own on a busy disk.
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: None)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_fail_example_reports_the_rule_and_pass_example_does_not(rule, tmp_path):
    doc = docs.parse(rule.doc)
    assert doc.fail and doc.passes, f"{rule.id} needs FAIL: and PASS: examples"
    fail_args, fail_files = split(rule, doc.fail)
    pass_args, pass_files = split(rule, doc.passes)
    assert _options(fail_args) == _options(pass_args), "FAIL and PASS run with different options"
    fragment = any(name.endswith(".nomad") for name in {**fail_files, **pass_files})
    places = _PLACES if fragment else _PLACES[:1]
    reports, concise = [], []
    for i, place in enumerate(places):
        rules, text = run(tmp_path / f"pass-{i}", pass_args, pass_files, place)
        reports.append(rules)
        concise.append(text)
        if reports[-1] == []:
            break
    fits = [i for i, passed in enumerate(reports) if rule.id not in passed and not _NOT_READ & set(passed)]
    assert fits, f"the PASS example is understood nowhere without {rule.id}; it reports {reports}"
    chosen = len(reports) - 1 if reports[-1] == [] else fits[0]
    failed, fail_concise = run(tmp_path / f"fail-{chosen}", fail_args, fail_files, places[chosen])
    assert rule.id in failed, f"the FAIL example reports {failed}"
    where = _PLACE_NAMES[chosen]
    compare(
        rule,
        snapshot([("FAIL", fail_args, where, fail_concise), ("PASS", pass_args, where, concise[chosen])]),
    )


def test_every_snapshot_belongs_to_a_rule():
    ids = {rule.id for rule in all_rules()}
    orphans = sorted(path.name for path in SNAPSHOTS.glob("*.txt") if path.stem not in ids)
    if UPDATE:
        for name in orphans:
            (SNAPSHOTS / name).unlink()
        return
    assert not orphans, f"snapshots of no rule (remove them, or run with JOBSPEC_UPDATE_SNAPSHOTS=1): {orphans}"
