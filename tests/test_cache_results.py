"""The result cache (issue 11, point 6): keyed on the code that checks a file,
readable by a team, evicted by age, cleaned on request, where the platform keeps
caches."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jobspec import cache
from tests.cli_helpers import DUPLICATE, jobspec, write

ROOT = Path(__file__).resolve().parent.parent


def _run_copy(package_parent: Path, results: Path, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent), "JOBSPEC_CACHE_DIR": str(results)}
    return subprocess.run(
        [sys.executable, "-m", "jobspec", "validate", "-f", "concise", "job.nomad"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.umask(umask),
    )


@pytest.fixture
def copy(tmp_path):
    """A copy of the jobspec package that a test may edit, and a job to check."""
    shutil.copytree(ROOT / "jobspec", tmp_path / "pkg" / "jobspec", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", tmp_path / "pkg" / "schemas")  # a checkout's layout
    write(tmp_path, "job.nomad", DUPLICATE)
    return tmp_path


def test_a_changed_rule_is_not_answered_from_the_cache(copy):
    results = copy / "results"
    first = _run_copy(copy / "pkg", results, copy)
    assert first.returncode == 1, first.stderr
    assert "Port label http already in use by taskgroup network" in first.stdout
    rule = copy / "pkg" / "jobspec" / "rules" / "port_duplicate_label.py"
    rule.write_text(rule.read_text().replace("already in use by taskgroup network", "is taken twice in the group"))
    second = _run_copy(copy / "pkg", results, copy)
    assert second.returncode == 1, second.stderr
    assert "Port label http is taken twice in the group" in second.stdout
    # Same code, same file: answered from the cache, with the same words.
    assert _run_copy(copy / "pkg", results, copy).stdout == second.stdout


def test_shared_results_are_readable_by_the_team(copy):
    results = copy / "results"
    run = _run_copy(copy / "pkg", results, copy, umask=0o002)
    assert run.returncode == 1, run.stderr
    entries = [p for p in (results / "results-v3").rglob("*") if p.is_file()]
    assert entries
    for path in entries:
        assert stat.S_IMODE(path.stat().st_mode) == 0o664, path
    for path in (results / "results-v3").rglob("*"):
        if path.is_dir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o775, path


def _entry(folder: Path, name: str, age_days: float) -> Path:
    path = folder / name[:2] / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"diagnostics":[],"skipped":[]}')
    then = time.time() - age_days * 86400
    os.utime(path, (then, then))
    return path


def test_entries_unused_for_a_month_are_deleted_once_a_day(tmp_path, monkeypatch):
    results = tmp_path / "results"
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(results))
    write(tmp_path, "job.nomad", DUPLICATE)
    old = _entry(results / "results-v3", "a" * 64, cache.MAX_AGE_DAYS + 1)
    older_format = _entry(results / "results-v1", "b" * 64, cache.MAX_AGE_DAYS + 10)
    recent = _entry(results / "results-v3", "c" * 64, cache.MAX_AGE_DAYS - 1)
    leftover = results / "results-v3" / "cc" / ".tmp-killed"
    leftover.write_text("{")
    os.utime(leftover, (time.time() - 2 * 86400,) * 2)
    mine = tmp_path / "results" / "notes.txt"
    mine.write_text("not jobspec's")
    assert jobspec("validate", "job.nomad", cwd=tmp_path).code == 1
    assert not old.exists() and not older_format.exists() and not leftover.exists()
    assert recent.exists() and mine.exists()
    assert len(list((results / "results-v3").rglob("*.json"))) == 2  # the recent one and this run's
    # Within the day, nothing is walked again.
    again = _entry(results / "results-v3", "d" * 64, cache.MAX_AGE_DAYS + 1)
    assert jobspec("validate", "job.nomad", cwd=tmp_path).code == 1
    assert again.exists()


def test_cache_clean_deletes_what_jobspec_cached_and_nothing_else(tmp_path, monkeypatch):
    results, user = tmp_path / "results", tmp_path / "user"
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(results))
    monkeypatch.setenv("XDG_CACHE_HOME", str(user))
    write(tmp_path, "job.nomad", DUPLICATE)
    assert jobspec("validate", "job.nomad", cwd=tmp_path).code == 1
    assert list(results.rglob("*.json"))
    write(results, "notes.txt", "kept")
    for name in ("hcl2-8.1.4-abc-lark-1.3.1-cpython-311.pickle", "hcl2-8.1.4-grammar.bin", "code/" + "e" * 64 + ".txt"):
        write(user / "jobspec", name, "x")
    write(user / "jobspec", "unrelated.txt", "kept")
    run = jobspec("cache", "clean", cwd=tmp_path)
    assert run.code == 0
    assert run.stdout.splitlines() == [f"{results}: deleted 2 files", f"{user / 'jobspec'}: deleted 3 files"]
    assert not list(results.rglob("*.json")) and not (results / "results-v3").exists()
    assert (results / "notes.txt").read_text() == "kept"
    assert sorted(p.name for p in (user / "jobspec").iterdir()) == ["unrelated.txt"]
    assert jobspec("cache", "dir", cwd=tmp_path).stdout.splitlines() == [str(results), str(user / "jobspec")]


def test_results_go_where_the_platform_keeps_caches(monkeypatch, tmp_path):
    monkeypatch.delenv("JOBSPEC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "jobspec"
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name, appauthor=None: str(tmp_path / "Caches" / name))
    assert cache.folder() == tmp_path / "Caches" / "jobspec"
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "team"))
    assert cache.folder() == tmp_path / "team"
    assert cache.user_folder() == tmp_path / "Caches" / "jobspec"
