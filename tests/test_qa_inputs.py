"""Red-team cases for variables, var files and odd values in numeric and list fields."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.engine.file import lint_text
from jobspec.inputs import Inputs
from tests.conftest import lint

runner = CliRunner()

JOB = """\
variable "n" {
  type    = number
  default = 1
}
job "x" {
  group "g" {
    count = var.n
    task "t" { driver = "docker" }
  }
}
"""


def validate(tmp_path, var_file: bytes, name: str = "vars.json"):
    (tmp_path / "job.nomad").write_text(JOB)
    (tmp_path / name).write_bytes(var_file)
    result = runner.invoke(app, ["validate", "-f", "concise", "job.nomad", "--var-file", name], catch_exceptions=False)
    return result.exit_code, result.output


def test_json_var_file_may_start_with_a_blank_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert validate(tmp_path, b'\n{"n": 2}\n') == (0, "")


def test_json_var_file_errors_use_go_words_and_positions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = validate(tmp_path, b'{"n": ')
    assert (code, out) == (
        1,
        "vars.json:1:7: error[hcl-variable-invalid]: unable to parse var file: unexpected end of JSON input\n",
    )
    code, out = validate(tmp_path, b'{"n": NaN}')
    assert out.startswith("vars.json:1:7: error[hcl-variable-invalid]: unable to parse var file: invalid character 'N'")
    code, out = validate(tmp_path, b"[1, 2]")
    assert out.startswith("vars.json:1:1: error[hcl-variable-invalid]: unable to parse var file: the top level must be")


def test_json_var_file_type_error_points_at_the_value(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = validate(tmp_path, b'{\n  "n": "many"\n}\n')
    assert code == 1 and out.startswith("vars.json:2:8: error[hcl-variable-invalid]: Invalid value for variable")


def test_var_file_with_bom_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert validate(tmp_path, b"\xef\xbb\xbfn = 2\n", "vars.hcl")[0] == 0


def test_var_file_not_utf8_is_a_usage_error_in_plain_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "job.nomad").write_text(JOB)
    (tmp_path / "vars.hcl").write_bytes(b"n = \xff\n")
    result = runner.invoke(app, ["validate", "job.nomad", "--var-file", "vars.hcl"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "unable to read var file vars.hcl: Invalid character encoding: byte 0xff is not UTF-8" in result.output
    assert "codec" not in result.output
    result = runner.invoke(app, ["validate", "job.nomad", "--var-file", "."], catch_exceptions=False)
    assert result.exit_code == 2 and "unable to read var file .: is a folder, not a file" in result.output


def test_integer_beyond_float_range_is_a_schema_error_not_a_crash():
    big = "1" + "0" * 400
    found = [
        (d.rule, d.span.line, d.span.column)
        for d in lint(
            f'job "x" {{\n  group "g" {{\n    count = {big}\n    task "t" {{ driver = "docker" }}\n  }}\n}}\n'
        )
    ]
    assert found == [("schema-type", 3, 13)]
    text = (
        f'job "x" {{\n  group "g" {{\n    network {{\n      port "a" {{ static = {big} }}\n    }}\n    '
        f'task "t" {{ driver = "docker" }}\n  }}\n}}\n'
    )
    (d,) = lint(text)  # port-static-range leaves a number Go's int cannot hold to the schema
    assert (d.rule, d.span.line, d.span.column) == ("schema-type", 4, 27)
    assert d.message == (
        'Inappropriate value for attribute "static": '
        "a whole number between -9223372036854775808 and 9223372036854775807 is required."
    )


def test_numbers_beyond_int64_are_refused_like_go():
    (d,) = lint(
        'job "x" {\n  group "g" {\n    count = 99999999999999999999\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    assert (d.rule, d.span.line, d.span.column) == ("schema-type", 3, 13)
    assert (
        lint('job "x" {\n  group "g" {\n    count = 9223372036854775807\n    task "t" { driver = "docker" }\n  }\n}\n')
        == []
    )


def test_huge_number_in_a_string_field_is_its_digits():
    big = "1" + "0" * 400
    assert lint(f'job "x" {{\n  meta {{\n    a = {big}\n  }}\n  task "t" {{ driver = "docker" }}\n}}\n') == []


def test_config_ports_entries_that_are_not_strings_say_no_python_words():
    text = """\
    job "x" {
      group "g" {
        network {
          mode = "bridge"
          port "a" {}
        }
        task "t" {
          driver = "docker"
          config {
            image = "x"
            ports = [null, ["a"], "b"]
          }
        }
      }
    }
    """
    messages = [d.message for d in lint(text) if d.rule == "driver-config-ports"]
    assert messages == ['Port "b" not found, check network block']


VAR_JOB = """\
variable "n" {
  type = number
}
variable "l" {
  type = list(string)
}
variable "s" {
}
job "x" {
  group "g" {
    count = var.n
    meta {
      s = var.s
      l = join(",", var.l)
    }
  }
}
"""

_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ['["a"', "[1, [2]]", "{a=1}", "1e400", "-1", "null", "${x}", '"', "%{ if }", "<<EOT", "(((", "a.b"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=_VALUES, items=_VALUES, s=_VALUES, var_file=st.text(max_size=60))
def test_any_var_and_var_file_text_gives_diagnostics_not_exceptions(n, items, s, var_file):
    for name in ("vars.hcl", "vars.json"):
        inputs = Inputs((f"n={n}", f"l={items}", f"s={s}"), ((name, var_file),), {}, True, False)
        outcome = lint_text(VAR_JOB, "job.nomad", inputs=inputs)
        for d in outcome.diagnostics:
            assert d.span.line >= 1 and d.span.column >= 1
