"""The sdist and the wheel carry schemas/, and an installed wheel works (issue 11,
point 15). `python -m build` builds the sdist, then the wheel from the sdist, as a
release does; the wheel, unpacked away from the checkout, runs README's quickstart.
.ci/wheel-check does the same with a fresh virtual environment and the package index."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted(p.name for p in (ROOT / "schemas").glob("*.json"))

pytestmark = pytest.mark.skipif(
    not (importlib.util.find_spec("build") and importlib.util.find_spec("hatchling")),
    reason="needs the build and hatchling packages (pip install -e '.[test]')",
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def test_the_sdist_carries_schemas_at_the_top_level(dist):
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {f"schemas/{name}" for name in SCHEMAS} <= names
    assert "setup.py" not in names


def test_the_wheel_ships_schemas_as_package_data(dist):
    [wheel] = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert {f"jobspec/_schemas/{name}" for name in SCHEMAS} <= names
    assert not any(name.startswith(("schemas/", "tests/")) for name in names)
    assert "jobspec = jobspec.entry:main" in entry_points
    # One source of truth: the shipped schemas are the repository's, byte for byte.
    with zipfile.ZipFile(wheel) as archive:
        for name in SCHEMAS:
            assert archive.read(f"jobspec/_schemas/{name}") == (ROOT / "schemas" / name).read_bytes()


def test_the_installed_wheel_runs_the_quickstart(dist, tmp_path):
    [wheel] = dist.glob("*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    shutil.copytree(ROOT / "examples", tmp_path / "work" / "examples")
    env = {**os.environ, "PYTHONPATH": str(site), "JOBSPEC_CACHE_DIR": str(tmp_path / "cache")}

    def jobspec(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "jobspec", *args], cwd=tmp_path / "work", env=env, capture_output=True, text=True
        )

    where = subprocess.run(
        [sys.executable, "-c", "import jobspec; print(jobspec.__file__)"],
        cwd=tmp_path / "work",
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    # README.md, Quickstart.
    run = jobspec("validate", "examples/api.nomad", "examples/ingress.nomad", "examples/broken")
    assert run.returncode == 1, run.stderr
    assert "error: Port label http already in use by taskgroup network [port-duplicate-label]" in run.stdout
    assert jobspec("validate", "examples/api.nomad", "examples/ingress.nomad").returncode == 0
    plan = jobspec("plan", "examples/ingress.nomad", "--catalog", "examples/catalog")
    assert plan.returncode == 0, plan.stderr
    assert 'group "ingress" (service, mode bridge): can be placed' in plan.stdout
