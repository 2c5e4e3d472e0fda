"""Inline suppressions: line, line above, file-level, unused, malformed."""

from __future__ import annotations

import textwrap

from jobspec.engine.file import lint_file
from jobspec.engine.options import Options
from jobspec.engine.suppress import comments
from tests.conftest import in_network


def run(text: str, **options) -> list[tuple[str, int, int]]:
    source = textwrap.dedent(text)
    outcome = lint_file(source.encode(), "job.nomad", Options(**options))
    return [(d.rule, d.span.line, d.span.column) for d in outcome.diagnostics]


FIRST = 'port "http" { to = 8080 }'
SECOND = 'port "http" { static = 80 }'


def test_unsuppressed_duplicate_is_reported():
    assert run(in_network(FIRST, SECOND)) == [("port-duplicate-label", 5, 12)]


def test_suppression_on_the_same_line():
    assert run(in_network(FIRST, SECOND + " # jobspec:ignore port-duplicate-label — legacy")) == []


def test_suppression_with_slash_comment():
    assert run(in_network(FIRST, SECOND + " // jobspec:ignore port-duplicate-label")) == []


def test_suppression_on_the_line_above_and_stacked_comments():
    text = in_network(FIRST, "# jobspec:ignore port-duplicate-label -- old clients", "# another comment", SECOND)
    assert run(text) == []


def test_trailing_suppression_does_not_reach_the_next_line():
    text = in_network(FIRST + " # jobspec:ignore port-duplicate-label", SECOND)
    assert run(text) == [("suppression-unused", 4, 50), ("port-duplicate-label", 5, 12)]


def test_several_rules_in_one_comment():
    text = in_network(FIRST, SECOND + " # jobspec:ignore hcl-syntax, port-duplicate-label")
    # hcl-syntax ran and found nothing on that line: unused, at its own column.
    assert run(text) == [("suppression-unused", 5, 52)]


def test_file_level_suppression():
    text = in_network(FIRST, SECOND, SECOND.replace("80", "81"), head="# jobspec:ignore-file port-duplicate-label\n")
    assert run(text) == []


def test_unused_suppression_is_reported_at_the_rule_id():
    text = in_network("# jobspec:ignore port-duplicate-label", FIRST)
    assert run(text) == [("suppression-unused", 4, 24)]


def test_unused_file_level_suppression():
    text = in_network(FIRST, head="// jobspec:ignore-file port-duplicate-label\n")
    assert run(text) == [("suppression-unused", 1, 24)]


def test_suppression_without_rule_id():
    assert run(in_network(FIRST, SECOND + "  # jobspec:ignore — trust me")) == [
        ("port-duplicate-label", 5, 12),
        ("suppression-invalid", 5, 36),
    ]


def test_unknown_rule_id_is_reported_with_a_suggestion():
    outcome = lint_file(
        in_network(FIRST, "# jobspec:ignore port-duplicate-lable", SECOND).encode(), "job.nomad", Options()
    )
    rules = [(d.rule, d.span.line, d.span.column) for d in outcome.diagnostics]
    assert rules == [("suppression-invalid", 5, 24), ("port-duplicate-label", 6, 12)]
    assert "did you mean `port-duplicate-label`?" in outcome.diagnostics[0].hint


def test_meta_rules_cannot_be_suppressed_inline():
    assert run(in_network(FIRST, "# jobspec:ignore suppression-unused")) == [("suppression-invalid", 5, 24)]


def test_unused_not_reported_for_rules_that_did_not_run():
    text = in_network(FIRST, "# jobspec:ignore port-duplicate-label", 'port "x" { to = 1 }')
    assert run(text, ignore=("port-duplicate-label",)) == []
    broken = '# jobspec:ignore port-duplicate-label\njob "api" {\n'
    assert [r for r, _, _ in run(broken)] == ["hcl-syntax"]


def test_suppression_diagnostics_can_be_ignored_by_config():
    text = in_network("# jobspec:ignore port-duplicate-label", FIRST, "# jobspec:ignore nope")
    assert run(text, ignore=("suppression",)) == []


def test_directive_text_inside_strings_and_heredocs_is_not_a_comment():
    text = textwrap.dedent(
        """\
        job "api" {
          meta { a = "# jobspec:ignore port-duplicate-label" }
          meta { b = "${join("#", ["x"])} // jobspec:ignore nope" }
          group "web" {
            task "t" {
              template {
                data = <<EOT
        # jobspec:ignore nope
        EOT
              }
            }
          }
        }
        """
    )
    assert [r for r, _, _ in run(text) if r.startswith("suppression")] == []


def test_comment_scanner_positions():
    text = 'a = "x # not" # one\nb = "${f("}")}" // two\n/* # no */ c = <<E\n# no\nE\n# three'
    assert [text[i : i + 5] for i in comments(text)] == ["# one", "// tw", "# thr"]


def test_escaped_interpolation_is_plain_text():
    text = 'a = "$${ # still a string"\n# yes'
    assert [text[i:] for i in comments(text)] == ["# yes"]


def test_suppression_through_the_cli_json(tmp_path, monkeypatch):
    from tests.cli_helpers import jobspec, write

    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "api.nomad", in_network(FIRST, SECOND + " # jobspec:ignore port-duplicate-label"))
    assert jobspec("validate", "api.nomad", cwd=tmp_path).code == 0
