"""Variables, their sources and precedence, locals, and every message with its position."""

import textwrap

import pytest

from jobspec.diagnostics import Severity
from jobspec.evaluate import Unknown
from jobspec.evaluate.document import prepare
from jobspec.inputs import Inputs
from jobspec.load.hcl import parse
from tests.evaluation import lint_with, where

JOB = """
job "api" {
  group "web" {
    task "app" { driver = "docker" }
  }
}
"""


def values(text: str, **inputs):
    for key in ("vars", "var_files"):
        if key in inputs:
            inputs[key] = tuple(inputs[key])
    doc = parse(textwrap.dedent(text) + JOB, "job.nomad").document
    prepared = prepare(doc, Inputs(**inputs))
    return prepared.scope.variables, prepared.scope.locals, prepared.diagnostics


PORT = """\
variable "port" {
  type    = number
  default = 1
}
"""


def test_default_is_used():
    assert values(PORT)[0] == {"port": 1}


def test_precedence_default_env_varfiles_var():
    files = [("a.hcl", "port = 3\n"), ("b.json", '{"port": 4}')]
    env = {"NOMAD_VAR_port": "2"}
    assert values(PORT, env=env)[0]["port"] == 2
    assert values(PORT, env=env, var_files=files[:1])[0]["port"] == 3
    assert values(PORT, env=env, var_files=files)[0]["port"] == 4
    assert values(PORT, env=env, var_files=files, vars=["port=5"])[0]["port"] == 5
    assert values(PORT, vars=["port=5", "port=6"])[0]["port"] == 6


def test_raw_text_is_a_string_for_untyped_and_parsed_for_collections():
    text = 'variable "a" {}\nvariable "l" { type = list(number) }\nvariable "b" { type = bool }\n'
    got = values(text, vars=["a=[1]", "l=[80, 443]", "b=true"])[0]
    assert got == {"a": "[1]", "l": [80, 443], "b": True}


def test_value_without_equals_is_ignored_and_split_on_first_equals():
    got, _, diags = values('variable "a" { default = "d" }', vars=["a", "a=x=y"])
    assert got["a"] == "x=y" and diags == []


def test_undeclared_env_is_ignored():
    assert values(PORT, env={"NOMAD_VAR_other": "1", "NOMAD_VAR_": "x"})[2] == []


def test_variables_block_declares_with_defaults_and_type_from_default():
    got, _, diags = values('variables {\n  region = "eu"\n  n = 2\n}\n', vars=["n=7"])
    assert got == {"region": "eu", "n": 7} and diags == []


def test_exact_types_convert_defaults():
    # Nomad reads a variable's type with typeexpr.Type: exact types; optional() is refused
    # (tests/test_eval_cty_rows.py has that case).
    text = """\
    variable "svc" {
      type = object({ name = string, port = number, tags = set(string) })
      default = { name = "api", port = "80", tags = ["b", "a", "b"] }
    }
    variable "m" {
      type    = map(string)
      default = { a = 1 }
    }
    """
    got = values(text)[0]
    assert got["svc"] == {"name": "api", "port": 80, "tags": ["a", "b"]}
    assert got["m"] == {"a": "1"}


def test_unset_variable_is_reported_at_its_block():
    diags = lint_with('variable "net" {}\nvariable "ok" { default = 1 }\n' + JOB)
    assert where(diags, "hcl-variable-unset") == [(1, 1)]
    assert diags[0].message.startswith('Unset variable "net"; A used variable must be set or have a default value')


def test_undefined_var_flag_is_an_error_when_strict_and_a_warning_otherwise():
    strict = lint_with(JOB, vars=["nope=1"])
    assert where(strict, "hcl-variable-undefined") == [(2, 1)]
    assert strict[0].message.startswith("Undefined -var variable;")
    assert strict[0].severity is Severity.ERROR
    relaxed = lint_with(JOB, vars=["nope=1"], strict=False)
    assert [d.severity for d in relaxed] == [Severity.WARNING]


def test_undefined_var_file_key_points_into_the_var_file():
    diags = lint_with(PORT + JOB, var_files=[("vars.hcl", "port = 2\n\nprot = 3\n")])
    [d] = diags
    assert (d.rule, d.span.file, d.span.line, d.span.column) == ("hcl-variable-undefined", "vars.hcl", 3, 1)
    assert d.message.startswith("Undefined variable;")


def test_undefined_key_in_json_var_file():
    [d] = lint_with(PORT + JOB, var_files=[("v.json", '{\n  "prot": 3\n}')])
    assert (d.rule, d.span.file, d.span.line, d.span.column) == ("hcl-variable-undefined", "v.json", 2, 3)


def test_invalid_cli_value_for_number():
    [d] = lint_with(PORT + JOB, vars=["port=http"])
    assert d.rule == "hcl-variable-invalid" and (d.span.line, d.span.column) == (1, 1)
    assert d.message == (
        "Invalid argument value for -var variable; The received arg value for port is not compatible with the "
        "variable's "
        "type constraint: a number is required."
    )


def test_invalid_env_value_and_var_file_value():
    [env] = lint_with(PORT + JOB, env={"NOMAD_VAR_port": "x"})
    assert env.message.startswith("Invalid value for variable;")
    assert (env.rule, env.span.line, env.span.column) == ("hcl-variable-invalid", 1, 1)
    [file] = lint_with(PORT + JOB, var_files=[("v.hcl", 'port = "x"\n')])
    assert (file.rule, file.span.file, file.span.line, file.span.column) == ("hcl-variable-invalid", "v.hcl", 1, 8)


def test_invalid_hcl_in_a_list_value():
    [d] = lint_with('variable "l" { type = list(string) }\n' + JOB, vars=["l=[a,"])
    assert d.rule == "hcl-variable-invalid" and "not hold a valid HCL value" in d.message


def test_invalid_default_value():
    [d] = lint_with('variable "p" {\n  type    = number\n  default = "http"\n}\n' + JOB)
    assert (d.rule, d.span.line, d.span.column) == ("hcl-variable-invalid", 3, 13)
    assert d.message.startswith("Invalid default value for variable;")


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        (
            'variable "a" { default = 1 }\nvariable "a" { default = 2 }\n',
            "Duplicate variable; Duplicate a variable definition found.",
            (2, 1),
        ),
        ('variable "1x" { default = 1 }\n', "Invalid variable name; A name must start", (1, 10)),
        ('variable "a" { type = strin }\n', "Invalid type specification;", (1, 23)),
        ('variable "a" { defualt = 1 }\n', 'Unsupported argument; An argument named "defualt"', (1, 16)),
    ],
)
def test_declaration_errors(text, message, position):
    diags = [d for d in lint_with(text + JOB) if d.rule == "hcl-variable-invalid"]
    assert diags and diags[0].message.startswith(message)
    assert (diags[0].span.line, diags[0].span.column) == position


def test_variable_block_in_a_var_file():
    [d] = [d for d in lint_with(PORT + JOB, var_files=[("v.hcl", 'variable "port" {}\n')])]
    assert (d.rule, d.span.file, d.span.line, d.span.column) == ("hcl-variable-invalid", "v.hcl", 1, 1)
    assert d.message.startswith("Variable declaration in a .var file;")


def test_var_file_syntax_error_points_into_it():
    [d] = lint_with(PORT + JOB, var_files=[("v.hcl", "port = \n")])
    assert d.rule == "hcl-syntax" and d.span.file == "v.hcl"


VALIDATED = """\
variable "port" {
  type    = number
  default = 80
  validation {
    condition     = var.port > 1024
    error_message = "Use an unprivileged port."
  }
}
"""


def test_validation_failure_of_default_points_at_the_default():
    [d] = lint_with(VALIDATED + JOB)
    assert (d.rule, d.span.line, d.span.column) == ("hcl-variable-validation", 3, 13)
    assert d.message == "Invalid value for default variable; Use an unprivileged port."
    assert "line 4" in (d.hint or "")


def test_validation_of_the_winning_value():
    assert lint_with(VALIDATED + JOB, vars=["port=8080"]) == []
    [d] = lint_with(VALIDATED + JOB, var_files=[("v.hcl", "port = 22\n")])
    assert d.message.startswith("Invalid value for varfile variable;") and d.span.file == "v.hcl"
    [d] = lint_with(VALIDATED + JOB, vars=["port=22"])
    assert d.message.startswith("Invalid value for cmd variable;")


@pytest.mark.parametrize(
    ("validation", "message", "line"),
    [
        ('condition = var.port > 1\n    error_message = "  "', "Invalid validation error message;", 5),
        ('condition = var.other > 1\n    error_message = "x"', "Invalid reference in variable validation;", 4),
        ('condition = true\n    error_message = "x"', "Invalid variable validation condition;", 4),
        ('condition = var.port\n    error_message = "x"', "Invalid variable validation result;", 4),
    ],
)
def test_validation_block_errors(validation, message, line):
    text = f'variable "port" {{\n  default = 80\n  validation {{\n    {validation}\n  }}\n}}\n'
    diags = [d for d in lint_with(text + JOB) if d.rule == "hcl-variable-validation"]
    assert diags and diags[0].message.startswith(message), [d.message for d in diags]
    assert diags[0].span.line == line


def test_locals_in_any_order_with_variables_and_functions():
    text = """\
    variable "region" { default = "eu" }
    locals {
      name = "${local.prefix}-${upper(var.region)}"
      prefix = "svc"
    }
    locals {
      count = strlen(local.name)
    }
    """
    _, got, diags = values(text)
    assert got == {"name": "svc-EU", "prefix": "svc", "count": 6} and diags == []


def test_local_cycle_is_reported_at_each_member():
    text = 'locals {\n  a = local.b\n  b = "${local.a}x"\n  c = local.a\n  d = 1\n}\n'
    diags = lint_with(text + JOB)
    assert where(diags, "hcl-local-cycle") == [(2, 3), (3, 3)]
    assert diags[0].message == "Cycle in locals: local.a → local.b → local.a"
    _, got, _ = values(text)
    assert isinstance(got["c"], Unknown) and got["d"] == 1


def test_duplicate_local():
    diags = lint_with("locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n" + JOB)
    assert where(diags, "hcl-eval") == [(5, 3)]


def test_undeclared_variable_reference_in_the_job():
    diags = lint_with('job "api" {\n  region = var.regoin\n  group "g" {}\n}\n')
    assert where(diags, "hcl-eval") == [(2, 12)]
    assert diags[0].message.startswith("Unsupported attribute;")


def test_unset_variable_makes_its_uses_unknown_not_errors():
    diags = lint_with(
        'variable "n" { type = number }\njob "api" {\n  group "g" {\n    count = var.n * 2\n    '
        'task "t" { driver = "docker" }\n  }\n}\n'
    )
    assert [d.rule for d in diags] == ["hcl-variable-unset"]


@pytest.mark.parametrize(
    ("default", "summary"),
    [
        ("var.other", "Variables not allowed"),
        ('upper("x")', "Function calls not allowed"),
        ("NOMAD_X", "Variables not allowed"),
    ],
)
def test_defaults_are_constants_as_in_nomad(default, summary):
    diags = lint_with(f'variable "other" {{ default = 1 }}\nvariable "a" {{ default = {default} }}\n' + JOB)
    assert where(diags, "hcl-eval") == [(2, 26)]
    assert diags[0].message.startswith(summary)


def test_for_expression_in_a_default_is_allowed():
    assert values('variable "a" { default = [for s in ["x", "y"] : s] }')[0] == {"a": ["x", "y"]}
