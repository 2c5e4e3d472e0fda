"""Types as written in HCL: ``list(string)``, ``object({...})`` (hcl ``ext/typeexpr/get_type.go``).

Nomad reads a ``variable``'s ``type`` with ``typeexpr.Type``, which wants an exact type
(no ``any``, no ``optional``); ``convert()`` reads its second argument with
``typeexpr.TypeConstraint``, which allows ``any`` and one-argument ``optional``.
"""

from __future__ import annotations

from typing import Any

from jobspec.evaluate.types import PRIMITIVES, Type


class TypeExprError(Exception):
    """Not a type constraint; the message says what was expected."""


_COLLECTIONS = ("list", "set", "map")


def parse_type(node: Any, constraint: bool = False) -> Type:
    """The type a rule-tree expression denotes: ``typeexpr.Type``, or with ``constraint``
    ``typeexpr.TypeConstraint``."""
    node = _unwrap(node)
    kind = type(node).__name__
    if kind == "IdentifierRule":
        name = str(node.token.value)
        if name in PRIMITIVES:
            return name
        if name == "any":
            if constraint:
                return name
            raise TypeExprError(
                'The keyword "any" cannot be used in this type specification: an exact type is required.'
            )
        if name in _COLLECTIONS:
            raise TypeExprError(f"The {name} type constructor requires one argument specifying the element type.")
        if name == "object":
            raise TypeExprError(
                "The object type constructor requires one argument specifying the attribute types and values as a map."
            )
        if name == "tuple":
            raise TypeExprError(
                "The tuple type constructor requires one argument specifying the element types as a list."
            )
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
        return (name, parse_type(args[0], constraint))
    if name == "tuple":
        items = _unwrap(args[0]) if len(args) == 1 else None
        if items is None or type(items).__name__ != "TupleRule":
            raise TypeExprError(
                "The tuple type constructor requires one argument specifying the element types as a list."
            )
        return ("tuple", tuple(parse_type(e, constraint) for e in items.elements))
    if name == "object":
        attrs = _unwrap(args[0]) if len(args) == 1 else None
        if attrs is None or type(attrs).__name__ != "ObjectRule":
            raise TypeExprError(
                "The object type constructor requires one argument specifying the attribute types as a map."
            )
        fields = tuple(_attribute(e, constraint) for e in attrs.elements)
        if len({f[0] for f in fields}) != len(fields):
            # hcl 2.18 (ext/typeexpr): a repeated attribute name is refused.
            raise TypeExprError("Object constructor map keys must be unique.")
        return ("object", fields)
    raise TypeExprError(f'Keyword "{name}" is not a valid type constructor.')


def _attribute(elem: Any, constraint: bool) -> tuple[str, Type, bool, Any]:
    key = elem.key
    inner = getattr(key, "value", None) if type(key).__name__ == "ObjectElemKeyRule" else None
    if inner is None or type(inner).__name__ != "IdentifierRule":
        raise TypeExprError("Object constructor map keys must be attribute names.")
    name = str(inner.token.value)
    value = _unwrap(elem.expression)
    if type(value).__name__ == "FunctionCallRule" and str(value.identifiers[0].token.value) == "optional":
        args = list(value.arguments.arguments) if value.arguments is not None else []
        if not args:
            raise TypeExprError("Optional attribute modifier requires the attribute type as its argument.")
        if not constraint:
            raise TypeExprError("Optional attribute modifier is only for type constraints, not for exact types.")
        if len(args) != 1:
            # Only TypeConstraintWithDefaults takes a default; neither Nomad's variables nor convert() use it.
            raise TypeExprError("Optional attribute modifier expects only one argument: the attribute type.")
        return (name, parse_type(args[0], constraint), True, None)
    return (name, parse_type(value, constraint), False, None)


def _unwrap(node: Any) -> Any:
    while type(node).__name__ == "ExprTermRule" and not node.parentheses:
        node = node.expression
    return node
