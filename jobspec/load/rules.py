"""python-hcl2's ``parses()``, with a cheaper walk from lark's tree to its rule tree.

``hcl2.parses`` runs python-hcl2's ``RuleTransformer`` through lark's generic
``Transformer``, which wraps every ``v_args`` callback anew for each node it
visits (``functools.update_wrapper`` per node). That machinery, not the rule
objects, is most of the transform's cost, which is most of ``parses()``'s cost
after lark's own parse. Here the same callbacks are looked up once per rule
name and called directly, so the result is the very rule tree ``parses()``
gives (tests/test_load_rules.py compares them over every corpus file).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from hcl2.rules.base import StartRule
from hcl2.transformer import RuleTransformer
from lark import Discard, Token, Tree
from lark.exceptions import GrammarError, VisitError

from jobspec.load.grammar import hcl_parser

_TRANSFORMER = RuleTransformer()
_DEFAULT_TOKEN = _TRANSFORMER.__default_token__
_RuleCall = Callable[[list[Any], Any], Any]
_rule_calls: dict[str, _RuleCall | None] = {}
_token_calls: dict[str, Callable[[Token], Any]] = {}


def parses(text: str) -> StartRule:
    """The rule tree of ``text``; raises what ``hcl2.parses`` raises."""
    # The "\n" is python-hcl2's workaround for lark's missing end-of-file token.
    return transform(hcl_parser().parse(text + "\n"))


def transform(tree: Tree) -> StartRule:
    """``hcl2.transform(tree)``: errors in a callback arrive wrapped in lark's
    ``VisitError`` with the node, as lark's ``Transformer`` reports them."""
    return _node(tree)


def _node(node: Tree) -> Any:
    children = []
    for child in node.children:
        if isinstance(child, Tree):
            result = _node(child)
        elif isinstance(child, Token):
            result = _token(child)
        else:
            result = child
        if result is not Discard:
            children.append(result)
    name = node.data
    if name in _rule_calls:
        call = _rule_calls[name]
    else:
        call = _rule_calls[name] = _rule_call(name)
    if call is None:
        return Tree(name, children, node.meta)
    try:
        return call(children, node.meta)
    except GrammarError:
        raise
    except Exception as exc:
        raise VisitError(name, node, exc) from exc


def _token(token: Token) -> Any:
    call = _token_calls.get(token.type)
    if call is None:
        call = _token_calls[token.type] = getattr(_TRANSFORMER, token.type, _DEFAULT_TOKEN)
    if call is _DEFAULT_TOKEN:
        return call(token)  # as lark: its default is called bare, a callback of the token's own is wrapped
    try:
        return call(token)
    except GrammarError:
        raise
    except Exception as exc:
        raise VisitError(token.type, token, exc) from exc


def _rule_call(name: str) -> _RuleCall | None:
    """The transformer's callback for rule ``name`` as ``call(children, meta)``;
    None where it has none (lark then keeps the node as a plain ``Tree``)."""
    try:
        bound = getattr(_TRANSFORMER, name)
    except AttributeError:
        return None
    wrapper = getattr(bound, "visit_wrapper", None)
    if wrapper is None:
        return lambda children, _meta: bound(children)
    return partial(wrapper, bound, name)
