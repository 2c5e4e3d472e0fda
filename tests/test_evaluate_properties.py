"""Property: whatever the expression, evaluation gives a value or a diagnostic, never an exception."""

import textwrap

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jobspec.engine.file import lint_text
from jobspec.evaluate.functions import function_names
from jobspec.inputs import Inputs
from jobspec.load.hcl import parse
from tests.evaluation import evaluated

ATOMS = st.sampled_from(
    [
        "1",
        "0",
        "-2",
        "1.5",
        "true",
        "false",
        "null",
        '""',
        '"a"',
        '"8080"',
        '"${var.port}"',
        '"x${NOMAD_X}y"',
        "var.port",
        "var.ports",
        "var.m",
        "var.nothing",
        "var.nope",
        "local.svc",
        "local.objs",
        "NOMAD_ALLOC_INDEX",
        "meta.x",
        "[]",
        "{}",
        "[1, 2]",
        "{a = 1}",
        '"%{ if true }a%{ endif }"',
        "<<EOT\n${var.net}\nEOT\n",
    ]
)
NAMES = st.sampled_from([*function_names(), "nosuch"])
OPS = st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, o, b: f"{a} {o} {b}", inner, OPS, inner),
        st.builds(lambda c, a, b: f"({c} ? {a} : {b})", inner, inner, inner),
        st.builds(lambda n, args: f"{n}({', '.join(args)})", NAMES, st.lists(inner, max_size=3)),
        st.builds(lambda a: f"[{a}]", inner),
        st.builds(lambda a, b: f"{{k = {a}, j = {b}}}", inner, inner),
        st.builds(lambda a, i: f"({a})[{i}]", inner, inner),
        st.builds(lambda a: f"({a}).name", inner),
        st.builds(lambda a: f"({a})[*]", inner),
        st.builds(lambda a, b: f"[for x in {a} : {b}]", inner, inner),
        st.builds(lambda a: f'"pre-${{{a}}}-post"', inner),
        st.builds(lambda a: f"!{a}", inner),
    )


EXPRESSIONS = st.recursive(ATOMS, _extend, max_leaves=8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS)
def test_evaluation_never_raises(text):
    assume(parse(f"x = {text}\n", "expr.hcl").document is not None)
    value, error = evaluated(text)
    assert error is None or (error.summary and error.span.line >= 1)
    del value


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=20), st.sampled_from(["string", "number", "bool", "list(number)", "map(string)", "any"]))
def test_any_cli_value_gives_diagnostics_not_exceptions(raw, type_):
    text = f'variable "v" {{ type = {type_} }}\njob "a" {{\n  group "g" {{ count = 1 }}\n}}\n'
    outcome = lint_text(text, "job.nomad", inputs=Inputs(vars=(f"v={raw}",), env={"NOMAD_VAR_v": raw}))
    assert all(d.span.line >= 1 for d in outcome.diagnostics)


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=40))
def test_any_var_file_gives_diagnostics_not_exceptions(var_file):
    text = textwrap.dedent('variable "v" { default = 1 }\njob "a" {\n  group "g" { count = var.v }\n}\n')
    outcome = lint_text(text, "job.nomad", inputs=Inputs(var_files=(("v.hcl", var_file),)))
    assert all(d.span.line >= 1 for d in outcome.diagnostics)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS, EXPRESSIONS)
def test_any_dynamic_block_gives_diagnostics_not_exceptions(for_each, label):
    text = (
        'variable "port" { default = 80 }\nvariable "ports" { default = [80, 443] }\n'
        'variable "m" { default = { a = 1 } }\nvariable "net" { default = "n" }\nvariable "on" { default = true }\n'
        'variable "nothing" { default = null }\nlocals {\n  svc = "api"\n  objs = [{ name = "a" }]\n}\n'
        'job "a" {\n  group "g" {\n    network {\n      dynamic "port" {\n'
        f"        for_each = {for_each}\n        labels = [{label}]\n"
        "        content { static = port.value }\n      }\n    }\n  }\n}\n"
    )
    assume(parse(text, "job.nomad").document is not None)
    outcome = lint_text(text, "job.nomad")
    assert all(d.span.line >= 1 for d in outcome.diagnostics)
