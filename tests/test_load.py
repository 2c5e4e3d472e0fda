"""The loader: syntax errors in words at the right spot, and what python-hcl2 lets through."""

from __future__ import annotations

import os

import pytest

from jobspec.load.files import decode
from jobspec.load.hcl import parse
from tests.conftest import lint
from tests.lint_helpers import lint_path


def one(text: str):
    diagnostics = lint(text)
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


def test_missing_brace_points_at_the_open_block():
    d = one('job "a" {\n  group "g" {\n    count = 1\n  }\n')
    assert (d.rule, d.span.line, d.span.column) == ("hcl-syntax", 1, 9)
    assert d.message == "Unclosed configuration block: missing `}` to close the block opened at line 1"
    assert "RBRACE" not in d.message


def test_missing_brace_of_inner_block():
    d = one('job "a" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n  }\n}\n')
    assert (d.span.line, d.span.column) == (3, 14)
    assert d.message == "Unclosed configuration block: missing `}` to close the block opened at line 3"


def test_missing_equals_says_so():
    d = one('job "a" {\n  group "g" {\n    count 3\n  }\n}\n')
    assert d.rule == "hcl-syntax"
    assert d.span.line == 3
    assert "`=`" in d.message


def test_unterminated_string_points_at_its_quote():
    d = one('job "a" {\n  datacenters = ["dc1]\n  group "g" {}\n}\n')
    # hclsyntax: "Invalid multi-line string" at the newline that ends the line
    assert (d.span.line, d.span.column) == (2, 23)
    assert d.message.startswith("Invalid multi-line string")


def test_unterminated_heredoc_names_its_marker():
    d = one('job "a" {\n  group "g" {\n    task "t" {\n      template {\n        data = <<EOH\nhello\n')
    assert d.rule == "hcl-syntax"
    assert "EOH" in d.message and "line 5" in d.message
    assert d.span.line == 7  # hclsyntax's place: the end of the file


def test_bad_character():
    d = one('job "a" {\n  group "g" {\n    count = 1 @ 2\n  }\n}\n')
    assert d.rule == "hcl-syntax"
    assert d.span.line == 3


def test_duplicate_attribute_is_attribute_redefined():
    d = one('job "a" {\n  group "g" {\n    count = 1\n    count = 2\n    task "t" { driver = "docker" }\n  }\n}\n')
    assert (d.rule, d.span.line, d.span.column) == ("hcl-duplicate-attribute", 4, 5)
    assert d.message.startswith("Attribute redefined")


@pytest.mark.parametrize(
    "body, line",
    [
        ('    meta = { a = "1" }\n    meta { b = "2" }\n', 4),
        ('    meta { b = "2" }\n    meta = { a = "1" }\n', 4),
    ],
)
def test_block_and_attribute_with_one_name(body, line):
    d = one('job "a" {\n  group "g" {\n' + body + '    task "t" { driver = "docker" }\n  }\n}\n')
    assert (d.rule, d.span.line) == ("hcl-block-attribute-clash", line)


def test_second_job_block():
    d = one('job "a" {\n  task "t" { driver = "docker" }\n}\njob "b" {}\n')
    assert (d.rule, d.span.line, d.span.column) == ("duplicate-block", 4, 1)


def test_no_job_block():
    d = one('variable "x" {\n  default = 1\n}\n')
    assert d.rule == "file-not-job"
    assert "Missing job block" in d.message


def test_empty_file():
    d = one("  \n\n")
    assert d.rule == "file-unreadable"
    assert "empty" in d.message


def test_heredoc_marker_followed_by_space_parses_like_go():
    text = (
        'job "a" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n      template {\n'
        "        data = <<EOH\nx\nEOH \n      }\n    }\n  }\n}\n"
    )
    assert lint(text) == []


def test_positions_of_blocks_labels_and_values():
    doc = parse('job "api" {\n  group "g" {\n    network {\n      mode = "bridge"\n    }\n  }\n}\n', "f").document
    job = doc.body.blocks[0]
    assert (job.type_span.line, job.type_span.column) == (1, 1)
    assert (job.label_spans[0].column, job.label_spans[0].end_column) == (5, 10)
    network = job.body.blocks[0].body.blocks[0]
    mode = network.body.attribute("mode")
    assert (mode.expr.span.line, mode.expr.span.column, mode.expr.span.end_column) == (4, 14, 22)


def test_binary_bytes_are_refused():
    text, d = decode(b"job \x00\x01", "f")
    assert text is None and d.rule == "hcl-syntax" and "binary" in d.message


def test_non_utf8_is_refused_at_its_position():
    text, d = decode(b'job "a" {\n  x = "\xff"\n}\n', "f")
    assert text is None
    assert (d.span.line, d.span.column) == (2, 8)
    assert "UTF-8" in d.message


def test_bom_is_accepted():
    text, d = decode('\ufeffjob "a" {}\n'.encode(), "f")
    assert d is None and text.startswith("job")


def test_missing_file(tmp_path):
    outcome = lint_path(str(tmp_path / "nope.nomad"))
    assert [(d.rule, d.message) for d in outcome.diagnostics] == [("file-unreadable", "file not found")]


def test_folder_given_as_file(tmp_path):
    outcome = lint_path(str(tmp_path))
    assert outcome.diagnostics[0].message == "is a folder, not a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path):
    path = tmp_path / "secret.nomad"
    path.write_text('job "a" {}\n')
    path.chmod(0)
    outcome = lint_path(str(path))
    assert "permission denied" in outcome.diagnostics[0].message
