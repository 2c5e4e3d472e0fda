"""Every expression form: HCL text in, value out; and each error with its position."""

import pytest

from jobspec.evaluate import Unknown
from tests.evaluation import VARIABLES, evaluated, value

VALUES = [
    # literals
    ("1", 1),
    ("1.5", 1.5),
    ("1.0", 1),
    ("1e3", 1000),
    ("true", True),
    ("null", None),
    ('"a\\tb\\n\\"q\\" \\\\ \\u00e9"', 'a\tb\n"q" \\ é'),
    ('[1, "a", true]', [1, "a", True]),
    ('{a = 1, "b c" = 2, 3 = "x"}', {"a": 1, "b c": 2, "3": "x"}),
    ("{(local.svc) = 1}", {"api": 1}),
    # templates
    ('"cni/${var.net}"', "cni/weave"),
    ('"${var.port}"', 8080),
    ('"p${var.port}"', "p8080"),
    ('"${var.on}-${1.5}"', "true-1.5"),
    ('"$${NOMAD_PORT_x} %%{ x }"', "${NOMAD_PORT_x} %{ x }"),
    ('"%{ if var.on }yes%{ else }no%{ endif }"', "yes"),
    ('"%{ if !var.on }yes%{ endif }"', ""),
    ('"%{ for p in var.ports }${p},%{ endfor }"', "80,443,"),
    ('"%{ for i, p in var.ports ~} [${i}:${p}] %{~ endfor }"', "[0:80][1:443]"),
    # runtime references stay text
    ('"${NOMAD_PORT_http}"', "${NOMAD_PORT_http}"),
    ("NOMAD_ALLOC_INDEX", "${NOMAD_ALLOC_INDEX}"),
    ("meta.mytest", "${meta.mytest}"),
    ('"foo-${BAR}"', "foo-${BAR}"),
    ('"${env["BLAH"]}"', '${env["BLAH"]}'),
    ('"${attr.network.dev-us-east1-relay-vpc.external-ip.0}"', "${attr.network.dev-us-east1-relay-vpc.external-ip.0}"),
    ('"with spaces ${   root.  field[  "FOO"].5  }"', 'with spaces ${   root.  field[  "FOO"].5  }'),
    ('"${node.unique.name}-${var.net}"', "${node.unique.name}-weave"),
    ("upper(node.region)", "${NODE.REGION}"),
    # arithmetic, comparison, logic
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("10 - 2 - 3", 5),
    ("7 / 2", 3.5),
    ("8 / 2", 4),
    ("7 % 3", 1),
    ("-7 % 3", -1),
    ('"5" + 1', 6),
    ("-var.port", -8080),
    ("var.port + 1", 8081),
    ("1 < 2", True),
    ("2 >= 3", False),
    ('1 == "1"', False),
    ("[1, 2] == [1, 2]", True),
    ("var.m == {a = 1, b = 2}", True),
    ("true && false", False),
    ("true || false", True),
    ("!var.on", False),
    ('"true" && true', True),
    ("null == null", True),
    # conditionals
    ('var.on ? "a" : "b"', "a"),
    ('var.port > 9000 ? "hi" : "lo"', "lo"),
    ('var.on ? 1 : "a"', "1"),
    ("var.on ? 1 : null", 1),
    # index and attribute access
    ("var.ports[1]", 443),
    ('var.ports["0"]', 80),
    ("var.ports.0", 80),
    ('var.m["a"]', 1),
    ("var.m.b", 2),
    ("local.objs[1].name", "b"),
    ("var", VARIABLES),
    # splats
    ("local.objs[*].name", ["a", "b"]),
    ("local.objs.*.n", [1, 2]),
    ("var.net[*]", ["weave"]),
    ("var.nothing[*]", []),
    # for expressions
    ("[for p in var.ports : p + 1]", [81, 444]),
    ("[for i, p in var.ports : i]", [0, 1]),
    ("[for p in var.ports : p if p > 100]", [443]),
    ("[for k, v in var.m : k]", ["a", "b"]),
    ("{for o in local.objs : o.name => o.n}", {"a": 1, "b": 2}),
    ('{for p in [1, 2, 3] : (p % 2 == 0 ? "even" : "odd") => p...}', {"odd": [1, 3], "even": [2]}),
    ('[for s in ["dc1", "dc2"] : upper(s)]', ["DC1", "DC2"]),
    # heredocs
    ("<<EOT\nport=${var.port}\n$${NOMAD_X}\nEOT", "port=8080\n${NOMAD_X}\n"),
    ("<<-EOT\n    a\n      ${NOMAD_ALLOC_DIR}\n    EOT", "a\n  ${NOMAD_ALLOC_DIR}\n"),
    ("<<EOT\n%{ for p in var.ports }listen ${p}\n%{ endfor ~}\nEOT", "listen 80\nlisten 443\n"),
    ('<<EOT\nsay "hi" \\n ${upper("x")}\nEOT', 'say "hi" \\n X\n'),
    ('<<EOT\n{{ env "NOMAD_PORT_http" }}\nEOT', '{{ env "NOMAD_PORT_http" }}\n'),
    # functions in expressions
    ("length(var.ports)", 2),
    ('format("%s-%d", local.svc, 3)', "api-3"),
    ('try(var.m.zz, "fallback")', "fallback"),
    ("can(var.m.zz)", False),
    ("can(var.m.a)", True),
    ('convert("5", number)', 5),
    ('convert([1, "a"], list(string))', ["1", "a"]),
]


@pytest.mark.parametrize(("text", "expected"), VALUES)
def test_value(text, expected):
    assert value(text) == expected


ERRORS = [
    ("var.nope", "Unsupported attribute", (1, 5)),
    ("local.nope", "Unsupported attribute", (1, 5)),
    ("var.m.zz", "Unsupported attribute", (1, 10)),
    ("var.ports[5]", "Invalid index", (1, 14)),
    ('var.m["zz"]', "Invalid index", (1, 10)),
    ("var.nothing.a", "Attempt to get attribute from null value", (1, 16)),
    ("var.port.a", "Unsupported attribute", (1, 13)),
    ('1 + "a"', "Invalid operand", (1, 9)),
    ('"a" + 1', "Invalid operand", (1, 5)),
    ("!1", "Invalid operand", (1, 6)),
    ("0 / 0", "Operation failed", (1, 5)),
    ('"x" ? 1 : 2', "Incorrect condition type", (1, 5)),
    ("null ? 1 : 2", "Null condition", (1, 5)),
    ("[for x in 5 : x]", "Iteration over non-iterable value", (1, 15)),
    ("{for x in [1, 1] : x => x}", "Duplicate object key", (1, 24)),
    ('"a${var.ports}"', "Invalid template interpolation value", (1, 9)),
    ('"a${null}"', "Invalid template interpolation value", (1, 9)),
    ("uper(1)", "Call to unknown function", (1, 5)),
    ('upper("a", "b")', "Too many function arguments", (1, 5)),
    ("upper()", "Not enough function arguments", (1, 5)),
    ("upper([1])", "Invalid function argument", (1, 11)),
    ('lookup(var.m, "zz")', "Not enough function arguments", (1, 5)),
    ("element([], 0)", "Error in function call", (1, 5)),
    ("try(var.nope, local.nope)", "Error in function call", (1, 5)),
    ('convert("x", number)', "Invalid function argument", (1, 13)),
    ("convert(1, nosuchtype)", "Invalid type specification", (1, 16)),
    ('"%{ if 1 }x%{ endif }"', "Invalid 'if' condition", (1, 6)),
    ("<<EOT\n${uper(1)}\nEOT", "Call to unknown function", (2, 3)),
    ("1" * 5000, "Number too long", (1, 5)),
]


@pytest.mark.parametrize(("text", "summary", "position"), ERRORS)
def test_error_with_position(text, summary, position):
    result, error = evaluated(text)
    assert isinstance(result, Unknown)
    assert error is not None and error.summary == summary, str(error)
    assert (error.span.line, error.span.column) == position


def test_expanding_argument():
    assert value("concat([var.ports, [8080]]...)") == [80, 443, 8080]
    assert value("max(var.ports...)") == 443


def test_unknown_propagates_without_error():
    from jobspec.evaluate.expressions import Scope, evaluate_checked
    from jobspec.load.hcl import parse

    doc = parse('x = "cni/${var.net}-${upper(var.net)}"\n', "e.hcl").document
    scope = Scope(variables={"net": Unknown("unset")}, evaluated=True)
    result, error = evaluate_checked(doc.body.attributes[0].expr, scope)
    assert isinstance(result, Unknown) and error is None


def test_without_evaluation_var_is_unknown_not_an_error():
    from jobspec.evaluate import evaluate
    from jobspec.load.hcl import parse

    doc = parse("x = var.anything\n", "e.hcl").document
    assert isinstance(evaluate(doc.body.attributes[0].expr), Unknown)


def test_runtime_reference_without_source_text_is_rebuilt_from_the_tree():
    from jobspec.evaluate import evaluate
    from jobspec.load.hcl import parse
    from jobspec.load.syntax import Expr

    attr = parse('x = ["a${NOMAD_X}", "${ attr.a["b"].0 }", meta.y]\n', "e.hcl").document.body.attributes[0]
    elements = attr.expr.node.expression.elements
    assert [evaluate(Expr(attr.expr.span, "", e)) for e in elements] == ["a${NOMAD_X}", '${attr.a["b"].0}', "${meta.y}"]
