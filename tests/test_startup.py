"""Start-up cost: a one-file run loads only what it uses (README "Speed")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What only a run with a catalog needs: the rule modules of the catalog, conflist and
# catalog-source scopes import these when they run, not when the registry loads them.
CATALOG_MACHINERY = (
    "jobspec.catalog",
    "jobspec.placement",
    "jobspec.model.conflist",
    "jobspec.model.catalog",
    "jobspec.model.agent",
    "jobspec.load.jsontree",
)

# Runs the real entry point in a fresh interpreter, then prints which of those
# modules it loaded as the last line (the report comes before it).
_PROBE = """
import json, sys
from jobspec.cli import main
args, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["jobspec", "validate", "-f", "json", *args]
code = None
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in watched))
print()
print(json.dumps({"code": code, "loaded": loaded}))
"""


# What a run needs only to check a file, not to read a cached result; ctypes only a
# worker process needs (jobspec.interrupt.in_worker), and the engine's rule runner
# only a file to check or a configuration with mistakes.
CHECKING_MACHINERY = (
    "lark",
    "hcl2",
    "jsonschema",
    "ctypes",
    "jobspec.evaluate",
    "jobspec.engine.run",
    "jobspec.load.grammar",
    "jobspec.load.hcl",
)


def _loaded(*args: str, watched: tuple[str, ...] = CATALOG_MACHINERY, cache: Path | None = None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if cache is None:
        args = ("--no-cache", *args)
    else:
        env["JOBSPEC_CACHE_DIR"] = str(cache)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args)), json.dumps(watched)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.splitlines()[-1])
    assert probe["code"] == 0, result.stdout + result.stderr
    return probe["loaded"]


def test_validate_without_catalog_loads_no_catalog_machinery():
    assert _loaded("examples/api.nomad") == []


def test_validate_with_catalog_loads_it():
    loaded = _loaded("--catalog", "examples/catalog", "examples/api.nomad")
    assert set(CATALOG_MACHINERY) <= set(loaded)


def test_a_warm_run_loads_no_parser_and_no_evaluator(tmp_path):
    cold = _loaded("examples/api.nomad", "examples/ingress.nomad", watched=CHECKING_MACHINERY, cache=tmp_path)
    assert {"lark", "hcl2", "jobspec.evaluate", "jobspec.load.grammar"} <= set(cold)
    warm = _loaded("examples/api.nomad", "examples/ingress.nomad", watched=CHECKING_MACHINERY, cache=tmp_path)
    assert warm == []


def test_command_signatures_are_not_strings_for_typer_to_eval():
    """See the note at the top of jobspec/cli.py: postponed annotations cost every start-up."""
    from jobspec.commands import catalog, normalize, plan, rules, validate

    commands = (validate.validate, normalize.normalize, plan.plan_command, catalog.catalog_check, rules.show_rule)
    for command in commands:
        assert not any(isinstance(hint, str) for hint in command.__annotations__.values()), command.__name__
