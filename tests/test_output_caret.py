"""The caret sits under the spot as a terminal draws it (issue 11, point 13): CJK
characters and emoji take two cells; JSON columns stay code points."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.cli_helpers import jobspec


def _job(label: str, before: str) -> str:
    return (
        'job "a" {\n  group "g" {\n    network {\n'
        f'      port "{label}" {{}}\n'
        # Nomad's parser wants one block per line; a comment may stand before it.
        f'      /* {before} */ port "{label}" {{ static = 80 }}\n'
        '    }\n    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'
    )


@pytest.mark.parametrize(
    ("label", "before"),
    [("http", "漢字漢字"), ("ok", "😀😀x"), ("漢字", "a"), ("数据", "データ"), ("e\u0301", "ab")],
)
def test_caret_is_under_the_label_by_display_width(tmp_path, monkeypatch, label, before):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "job.nomad").write_text(_job(label, before), encoding="utf-8")
    run = jobspec("validate", "job.nomad", cwd=tmp_path)
    lines = run.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "error: Port label" in line)
    source, carets = lines[at + 1], lines[at + 2]
    assert source.startswith("   5 | ")
    quoted = f'port "{label}" {{ static'
    # The span is the second port's quoted label.
    cells_before = cell_len(source[: source.index(quoted) + len("port ")])
    assert carets.index("^") == cells_before
    assert carets[cells_before:] == "^" + "~" * (cell_len(f'"{label}"') - 1)
    [d] = json.loads(jobspec("validate", "-f", "json", "job.nomad", cwd=tmp_path).stdout)["diagnostics"]
    # JSON counts code points: "      /* <before> */ port "<label>"
    assert d["column"] == len(f"      /* {before} */ port ") + 1
