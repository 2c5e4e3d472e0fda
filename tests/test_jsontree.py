import pytest

from jobspec.load.jsontree import JObject, at_path, parse, parse_at, plain


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ('{"a": 1,}', "invalid character '}' looking for beginning of object key string", 1, 9),
        ('{"a" 1}', "invalid character '1' after object key", 1, 6),
        ("[1,]", "invalid character ']' looking for beginning of value", 1, 4),
        ('{\n  // comment\n  "a": 1\n}', "invalid character '/' looking for beginning of object key string", 2, 3),
        ("", "unexpected end of JSON input", 1, 1),
        ('{"a": [1, 2', "unexpected end of JSON input", 1, 12),
        ('{"a": tru}', "invalid character '}' in literal true (expecting 'e')", 1, 10),
        ('{"a": "x\ny"}', "invalid character '\\n' in string literal", 1, 9),
        ('{"a": 01}', "invalid character '1' after object key:value pair", 1, 8),
        ("[1.]", "invalid character ']' after decimal point in numeric literal", 1, 4),
        ("[1e]", "invalid character ']' in exponent of numeric literal", 1, 4),
        ('{"a":1}}', "invalid character '}' after top-level value", 1, 8),
        ('"\\q"', "invalid character 'q' in string escape code", 1, 3),
        ("[-x]", "invalid character 'x' in numeric literal", 1, 3),
        ("{'a': 1}", "invalid character '\\'' looking for beginning of object key string", 1, 2),
    ],
)
def test_syntax_errors_use_go_words_and_positions(text, message, line, column):
    node, error = parse(text, "f.json")
    assert node is None
    assert error is not None
    assert (error.message, error.span.line, error.span.column) == (message, line, column)


def test_values_and_spans():
    node, error = parse('{\n  "name": "mynet",\n  "n": [1, 2.5, true, null, "\\u00e9"]\n}', "f")
    assert error is None
    assert isinstance(node, JObject)
    assert plain(node) == {"name": "mynet", "n": [1, 2.5, True, None, "é"]}
    member = node.member("name")
    assert (member.key_span.line, member.key_span.column) == (2, 3)
    assert (member.value.span.line, member.value.span.column, member.value.span.end_column) == (2, 11, 18)
    item, _ = at_path(node, ("n", 2))
    assert (item.span.line, item.span.column) == (3, 17)


def test_duplicate_keys_last_wins_like_go():
    node, _ = parse('{"a": 1, "a": 2}', "f")
    assert plain(node) == {"a": 2}
    assert node.get("a").value == 2


def test_case_insensitive_member_last_match_wins_like_go_structs():
    node, _ = parse('{"Type": "x", "type": "y"}', "f")
    assert node.member_folded("TYPE").value.value == "y"
    assert node.member_folded("Type").value.value == "y"
    assert node.member("Type").value.value == "x"


def test_deep_nesting_is_an_error_not_a_crash():
    node, error = parse("[" * 5000 + "]" * 5000, "f")
    assert node is None
    assert error.message == "exceeded max depth"


def test_parse_at_keeps_whole_text_coordinates():
    text = '[\n  {"a": 1},\n  {"b": [2]}\n]'
    node = parse_at(text, "f", text.index('{"b"'))
    assert plain(node) == {"b": [2]}
    assert (node.span.line, node.span.column) == (3, 3)
