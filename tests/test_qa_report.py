"""Red-team cases for reports: long lines and byte-identical output on every run."""

from __future__ import annotations

from typer.testing import CliRunner

from jobspec.cli import app

runner = CliRunner()


def test_a_very_long_line_is_shown_as_a_window_around_the_spot(tmp_path):
    job = tmp_path / "job.nomad"
    long = "x" * 5000
    # One argument per line, as Nomad's parser wants; comments make the line long.
    job.write_text(
        f'job "x" {{\n  group "g" {{\n    /* {long} */ count = -1 /* {long} */\n'
        '    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'
    )
    result = runner.invoke(app, ["validate", str(job)], catch_exceptions=False)
    source, caret = result.output.splitlines()[1:3]
    assert len(source) < 140 and source.startswith("   3 | …") and source.endswith("…")
    assert source[caret.index("^") :].startswith("-1 /*")


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


def test_no_empty_source_line_is_shown_for_a_folder_or_an_empty_file(tmp_path):
    (tmp_path / "empty.nomad").write_text("")
    result = runner.invoke(app, ["validate", str(tmp_path / "empty.nomad")], catch_exceptions=False)
    assert result.output.splitlines()[1] == "1 file checked: 1 error, 0 warnings"
    result = runner.invoke(app, ["catalog", "check", str(tmp_path)], catch_exceptions=False)
    assert [line[:4] for line in result.output.splitlines()] == [str(tmp_path)[:4], "  = ", "0 fi"]
