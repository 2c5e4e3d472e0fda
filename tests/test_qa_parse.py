"""Red-team cases for the HCL loader: odd input becomes a positioned diagnostic."""

from __future__ import annotations

from tests.conftest import lint


def only(text: str) -> tuple[str, int, int, str]:
    (d,) = lint(text)
    return d.rule, d.span.line, d.span.column, d.message


def test_deeply_nested_blocks_are_a_syntax_error_not_a_traceback():
    text = 'job "x" {' + ' group "g" {' * 500 + "}" * 500 + "}\n"
    rule, line, column, message = only(text)
    assert (rule, line) == ("hcl-syntax", 1)
    assert column == 9 + 12 * 500  # the innermost block's `{`
    assert "nested too deeply" in message and "recursion" not in message


def test_deeply_nested_parentheses_name_the_nesting():
    text = 'job "x" {\n  meta {\n    a = ' + "(" * 2000 + "1" + ")" * 2000 + "\n  }\n}\n"
    rule, line, column, message = only(text)
    assert (rule, line, column) == ("hcl-syntax", 3, 9 + 1999)
    assert "nested too deeply" in message and "recursion" not in message


def test_unterminated_template_directive_points_at_the_string():
    text = 'job "x" {\n  meta {\n    a = "%{ if true }x"\n  }\n}\n'
    assert only(text)[:3] == ("hcl-syntax", 3, 9)
    assert lint(text)[0].hint == "close the directive with %{ endif }"
    text = 'job "x" {\n  meta {\n    a = "%{ for x in [1] }x"\n  }\n}\n'
    assert only(text)[:3] == ("hcl-syntax", 3, 9)
    assert lint(text)[0].hint == "close the directive with %{ endfor }"


def test_stray_closing_directive_is_an_eval_error_without_python_names():
    for directive, word in (("%{ endif }", "endif"), ("x%{ else }y", "else"), ("%{ endfor }", "endfor")):
        rule, line, _, message = only(
            f'job "x" {{\n  meta {{\n    a = "{directive}"\n  }}\n  task "t" {{ driver = "docker" }}\n}}\n'
        )
        assert (rule, line) == ("hcl-eval", 3)
        assert message.startswith(f"Unexpected {word} directive")
        assert "Rule" not in message and "attribute" not in message


def test_number_longer_than_python_converts_is_a_clear_error():
    rule, line, column, message = only(
        'job "x" {\n  meta {\n    a = ' + "9" * 5000 + '\n  }\n  task "t" { driver = "docker" }\n}\n'
    )
    assert (rule, line, column) == ("hcl-eval", 3, 9)
    assert message == "Number too long; This number has 5000 digits, more than jobspec can read."


def test_heredoc_without_newline_names_only_its_marker():
    rule, line, column, message = only('job "x" { meta { a = <<EOT } }\n')
    assert (rule, line, column) == ("hcl-syntax", 2, 1)  # hclsyntax's place: the end of the file
    assert message == "Unterminated template string: the heredoc opened at line 1 has no closing marker `EOT`"


def test_errors_inside_heredocs_point_at_the_interpolation():
    text = """\
    job "x" {
      meta {
        a = <<EOT
    line one
      value ${upper(1, 2)}
    EOT
        b = <<-EOT
          first
            ${ var.nope }
          EOT
      }
      task "t" { driver = "docker" }
    }
    """
    found = [(d.rule, d.span.line, d.span.column, d.span.end_column) for d in lint(text)]
    assert found == [("hcl-eval", 5, 11, 22), ("hcl-eval", 9, 12, 20)]


def test_string_left_open_to_the_end_of_the_file_is_named():
    rule, line, column, message = only('job "x" {\n  group "g" {\n    network {\n      mode = "bridge\n    }\n  }\n}\n')
    assert (rule, line, column) == ("hcl-syntax", 4, 21)  # hclsyntax's place: the newline
    assert message.startswith("Invalid multi-line string")


def test_json_given_as_a_job_file_says_so():
    (d,) = lint('[\n  {"ID": "node-1", "Datacenter": "dc1"}\n]\n', "nodes.json")
    assert (d.rule, d.span.line, d.span.column) == ("hcl-syntax", 1, 1)
    assert d.hint is not None and d.hint.startswith("this file is JSON")
    (d,) = lint('job "x" {\n  group "g" {\n    count = [\n}\n')
    assert d.hint is None or "JSON" not in d.hint


def test_heredoc_with_a_directive_left_open_is_an_error():
    text = (
        'job "x" {\n  meta {\n    a = <<EOT\n%{ if true }\nyes\nEOT\n'
        '    b = <<EOT\n%{ if true }y%{ endif }\nEOT\n  }\n  task "t" { driver = "docker" }\n}\n'
    )
    rule, line, column, message = only(text)
    assert (rule, line, column) == ("hcl-eval", 3, 9)
    assert message.startswith("Unterminated template if directive")
