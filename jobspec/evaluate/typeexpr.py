"""Type constraints as written in a ``variable`` block: ``list(string)``, ``object({...})``."""

from __future__ import annotations

from typing import Any

from jobspec.evaluate.types import PRIMITIVES, Type


class TypeExprError(Exception):
    """Not a type constraint; the message says what was expected."""


_COLLECTIONS = ("list", "set", "map")


def parse_type(node: Any) -> Type:
    """The type a rule-tree expression denotes, as typeexpr.TypeConstraint reads it."""
    node = _unwrap(node)
    kind = type(node).__name__
    if kind == "IdentifierRule":
        name = str(node.token.value)
        if name in PRIMITIVES or name == "any":
            return name
        if name in _COLLECTIONS:
            return (name, "any")
        raise TypeExprError(f'The keyword "{name}" is not a valid type specification.')
    if kind != "FunctionCallRule":
        raise TypeExprError(
            "A type specification is either a primitive type keyword (bool, number, string) or a complex "
            "type constructor call, like list(string)."
        )
    name = str(node.identifiers[0].token.value)
    args = list(node.arguments.arguments) if node.arguments is not None else []
    if name in _COLLECTIONS:
        if len(args) != 1:
            raise TypeExprError(f"The {name} type constructor requires one argument specifying the element type.")
        return (name, parse_type(args[0]))
    if name == "tuple":
        items = _unwrap(args[0]) if len(args) == 1 else None
        if type(items).__name__ != "TupleRule":
            raise TypeExprError(
                "The tuple type constructor requires one argument specifying the element types as a list."
            )
        return ("tuple", tuple(parse_type(e) for e in items.elements))
    if name == "object":
        attrs = _unwrap(args[0]) if len(args) == 1 else None
        if type(attrs).__name__ != "ObjectRule":
            raise TypeExprError(
                "The object type constructor requires one argument specifying the attribute types as a map."
            )
        return ("object", tuple(_attribute(e) for e in attrs.elements))
    raise TypeExprError(f'Keyword "{name}" is not a valid type constructor.')


def _attribute(elem: Any) -> tuple[str, Type, bool, Any]:
    key = elem.key
    inner = getattr(key, "value", None) if type(key).__name__ == "ObjectElemKeyRule" else None
    if inner is None or type(inner).__name__ != "IdentifierRule":
        raise TypeExprError("Object constructor map keys must be attribute names.")
    name = str(inner.token.value)
    value = _unwrap(elem.expression)
    if type(value).__name__ == "FunctionCallRule" and str(value.identifiers[0].token.value) == "optional":
        args = list(value.arguments.arguments) if value.arguments is not None else []
        if not 1 <= len(args) <= 2:
            raise TypeExprError(
                "Optional attribute modifier requires the attribute type as its argument, and an optional default."
            )
        default = None
        if len(args) == 2:
            from jobspec.diagnostics import Span
            from jobspec.evaluate.expressions import Scope, evaluate_checked
            from jobspec.load.syntax import Expr

            default, error = evaluate_checked(Expr(Span.point(""), "", args[1]), Scope(constant=True))
            if error is not None:
                raise TypeExprError(f"The default of an optional attribute must be a constant value: {error.detail}")
        return (name, parse_type(args[0]), True, default)
    return (name, parse_type(value), False, None)


def _unwrap(node: Any) -> Any:
    while type(node).__name__ == "ExprTermRule" and not node.parentheses:
        node = node.expression
    return node
