"""`jobspec catalog show` fits the terminal and says what it counts in words
(issue 11, point 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from jobspec.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "catalog"
NAMES = ("batch", "edge-1", "edge-2", "edge-3", "web")


def _show(columns: int, *paths: str) -> str:
    result = CliRunner().invoke(app, ["catalog", "show", *paths], env={"COLUMNS": str(columns), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("columns", [60, 80, 100, 200])
def test_every_line_fits_the_terminal_and_no_name_is_cut(columns):
    out = _show(columns, str(EXAMPLES))
    assert max(cell_len(line.rstrip()) for line in out.splitlines()) <= columns
    assert "…" not in out
    words = set(out.replace(",", " ").split())
    assert set(NAMES) <= words
    for value in ("20000-32000", "cni/mynet", "8500-8600", "ineligible,", "draining"):
        assert value in out


def test_a_wide_terminal_gets_one_table_row_per_node():
    out = _show(200, str(EXAMPLES))
    rows = [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0] in NAMES]
    assert rows == list(NAMES)
    assert "node" in out and "datacenter" in out


def test_the_header_is_in_words():
    out = _show(200, str(EXAMPLES))
    assert out.split("\n", 1)[0].strip() == "8 nodes: 3 listed singly, 5 in 2 classes of identical nodes"
    assert "(s)" not in out.split("not verified")[0]
    assert _show(200, str(EXAMPLES / "nodes.json")).split("\n", 1)[0].strip() == "3 nodes"
    assert _show(200, str(EXAMPLES / "web")).split("\n", 1)[0].strip() == "3 nodes in 1 class of identical nodes"
