"""The code digest that keys the result cache (issue 11, point 6) covers every file
that decides a result, including a checkout's top-level schemas/ (the job schema
is read from there when jobspec is not installed from a wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _digest(package_parent: Path, user_cache: Path) -> str:
    # Run from the copy's folder: `python -c` puts the working folder first on sys.path.
    env = {**os.environ, "PYTHONPATH": str(package_parent), "XDG_CACHE_HOME": str(user_cache)}
    env.pop("JOBSPEC_CACHE_DIR", None)
    run = subprocess.run(
        [sys.executable, "-c", "from jobspec import cache; print(cache.code_digest())"],
        env=env,
        cwd=package_parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_an_edited_checkout_schema_changes_the_digest(tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "jobspec", pkg / "jobspec", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", pkg / "schemas")
    user = tmp_path / "user"
    first = _digest(pkg, user)
    assert len(first) == 64
    assert _digest(pkg, user) == first  # read back from what the first run kept
    schema = pkg / "schemas" / "job.schema.json"
    schema.write_text(schema.read_text() + "\n")
    second = _digest(pkg, user)
    assert second != first
    rule = pkg / "jobspec" / "rules" / "port_duplicate_label.py"
    rule.write_text(rule.read_text() + "\n")
    assert _digest(pkg, user) not in (first, second)


def test_the_regex_engines_are_in_the_digest(tmp_path):
    # google-re2 (regexp constraints, regex_replace) and regex (graphemes) decide results too;
    # a package found first on the path stands in for the installed one.
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "jobspec", pkg / "jobspec", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", pkg / "schemas")
    for name in ("re2", "regex"):
        (pkg / name).mkdir()
        (pkg / name / "__init__.py").write_text("# stand-in\n")
    user = tmp_path / "user"
    seen = {_digest(pkg, user)}
    for name in ("re2", "regex"):
        (pkg / name / "__init__.py").write_text(f"# stand-in, {name} edited\n")
        digest = _digest(pkg, user)
        assert digest not in seen, name
        seen.add(digest)
