from jobspec.evaluate import Unknown, evaluate
from jobspec.load.hcl import parse


def value(source: str):
    document = parse(f"a = {source}\n", "x.hcl").document
    assert document is not None
    return evaluate(document.body.attributes[0].expr)


def test_parenthesised_literal_key_is_evaluated():
    assert value('{ ("k") = 1, b = 2, "c" = 3 }') == {"k": 1, "b": 2, "c": 3}


def test_parenthesised_variable_key_is_unknown_not_a_crash():
    assert isinstance(value("{ (var.k) = 1 }"), Unknown)
