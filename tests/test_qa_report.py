"""Red-team cases for reports: long lines and byte-identical output on every run."""

from __future__ import annotations

from typer.testing import CliRunner

from jobspec.cli import app

runner = CliRunner()


def test_a_very_long_line_is_shown_as_a_window_around_the_spot(tmp_path):
    job = tmp_path / "job.nomad"
    long = "x" * 5000
    job.write_text(f'job "x" {{ meta {{ a = "{long}" }} group "g" {{ count = -1 meta {{ b = "{long}" }} }} }}\n')
    result = runner.invoke(app, ["validate", str(job)], catch_exceptions=False)
    source, caret = result.output.splitlines()[1:3]
    assert len(source) < 140 and source.startswith("   1 | …") and source.endswith("…")
    assert source[caret.index("^") :].startswith("-1 meta")


def test_every_format_is_byte_identical_across_runs(tmp_path):
    job = tmp_path / "job.nomad"
    job.write_text(
        'job "x" {\n  group "g" {\n    count = -1\n    network {\n      mode = "brige"\n'
        '      port "a" { static = 70000 }\n      port "a" {}\n    }\n  }\n}\n'
    )
    for fmt in ("text", "concise", "json", "sarif", "github", "junit"):
        outputs = {
            runner.invoke(app, ["validate", "-f", fmt, str(job), "--catalog", "examples/catalog"]).output
            for _ in range(2)
        }
        assert len(outputs) == 1, fmt
