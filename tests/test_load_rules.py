"""jobspec.load.rules.parses must give exactly the rule tree python-hcl2's own transform
gives over a lark parser of jobspec's grammar (python-hcl2's, patched: jobspec.load.grammar)."""

from __future__ import annotations

from typing import Any

import hcl2
import pytest
from lark.exceptions import LarkError, VisitError

from jobspec.load import grammar, rules
from tests.conftest import CORPUS, needs_shared, parse_error_facts


def shape(node: Any) -> Any:
    """Everything the loader and evaluator read: class, position, token value, children."""
    if node is None:
        return None
    if hasattr(node, "children"):
        meta = getattr(node, "_meta", None)
        where = tuple(getattr(meta, k, None) for k in ("line", "column", "end_line", "end_column", "start_pos"))
        return (type(node).__name__, where, tuple(shape(c) for c in node.children))
    return (type(node).__name__, getattr(node, "value", node))


def outcome(parse: Any, text: str) -> Any:
    try:
        return shape(parse(text))
    except VisitError as exc:
        meta = exc.obj.meta
        return ("VisitError", type(exc.orig_exc).__name__, str(exc.orig_exc), meta.line, meta.column)
    except LarkError as exc:
        return parse_error_facts(exc)


SNIPPETS = [
    'job "a" {\n  group "g" {\n    network {\n      port "http" { to = 8080 }\n    }\n  }\n}\n',
    'a = 1\nb = "x${var.y}z"\nc = [1, 2.5, true, null]\nd = { k = "v", "q" = 1, (e) = 2 }\n',
    "a = x ? y : z\nb = -1 + 2 * 3 >= 4 && !f\nc = f(1, [2]...)\nd = l[0].m[*].n\ne = l.*.k\n",
    'a = [for k, v in m : "${k}=${v}" if v != ""]\nb = {for x in l : x => x...}\n',
    'a = "%{ if x }yes%{ else }no%{ endif }"\nb = "%{ for i in l }${i},%{ endfor }"\n',
    "a = <<EOF\nline ${x}\nEOF\nb = <<-EOT\n    trimmed\n    EOT\n",
    'in = 1\nblock "in" "for" {\n  if = true\n}\nm = { in = "header", true = 1 }\nx = a.true\n',
    "a = 1 +\n  2\nb = c\n  ? d\n  : e\n",
    "# comment\n// other\n/* block */ a = 1 # trailing\n",
    'a = "%{ if x }open"\n',  # an unterminated directive: python-hcl2's transformer raises
    'a = "%{ endif }"\n',
    "a = {\n",  # a syntax error from lark itself
    "",
]


@pytest.fixture(scope="module")
def reference() -> Any:
    """python-hcl2's parses() over a parser of its own, built without any cache."""
    from lark import Lark

    from jobspec.load.tokens import HclTokens

    parser = Lark(grammar.grammar_text(), parser="lalr", propagate_positions=True, postlex=HclTokens())
    return lambda text: hcl2.transform(parser.parse(text + "\n"))


@pytest.mark.parametrize("text", SNIPPETS)
def test_same_tree_as_hcl2(text: str, reference: Any) -> None:
    assert outcome(rules.parses, text) == outcome(reference, text)


def test_error_in_callback_names_the_node() -> None:
    with pytest.raises(VisitError) as caught:
        rules.parses('a = "%{ if x }open"\n')
    assert str(caught.value.orig_exc) == "Unterminated template if directive"
    assert caught.value.obj.meta.line == 1


@needs_shared
def test_same_tree_over_the_corpus(reference: Any) -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".nomad", ".hcl"))
    assert len(files) > 200
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert outcome(rules.parses, text) == outcome(reference, text), path
