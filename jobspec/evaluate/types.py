"""HCL type constraints and value conversion, in the manner of go-cty.

Values are plain Python: ``str``, ``int``/``float`` (a whole number is always an
``int``), ``bool``, ``None`` (null), ``list`` (lists, tuples and sets) and
``dict`` (maps and objects). A type is one of the strings ``"string"``,
``"number"``, ``"bool"``, ``"any"``, or a tuple: ``("list", T)``, ``("set", T)``,
``("map", T)``, ``("tuple", (T, ...))``, ``("object", ((name, T, optional,
default), ...))``. Conversion failures raise :class:`ConversionError` with
cty's wording ("a number is required", "attribute \"x\" is required").
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from jobspec.evaluate.values import Unknown

Type = Any

PRIMITIVES = ("string", "number", "bool")


class ConversionError(Exception):
    """A value that does not fit a type; the message is cty's."""


def number(value: float | int) -> int | float:
    """cty has one number type; whole values are kept as ``int`` so they print without ``.0``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return format(Decimal(repr(value)).normalize(), "f")


def parse_number(text: str) -> int | float:
    """cty's string → number: a decimal literal, nothing around it."""
    if not text or text != text.strip() or text.lower() in ("inf", "+inf", "-inf", "nan", "infinity", "-infinity"):
        raise ConversionError("a number is required")
    if "_" in text or text.startswith("0x"):
        raise ConversionError("a number is required")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return number(float(text))
    except ValueError:
        raise ConversionError("a number is required") from None


def type_name(value: Any) -> str:
    """The words HCL uses for a value's type in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "tuple"
    if isinstance(value, dict):
        return "object"
    return "dynamic"


def describe(type_: Type) -> str:
    if isinstance(type_, str):
        return type_
    kind = type_[0]
    if kind in ("list", "set", "map"):
        return f"{kind} of {describe(type_[1])}"
    return kind


def to_string(value: Any) -> str:
    """A primitive as template text; raises for null and collections."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    if value is None:
        raise ConversionError("a string is required, but the value is null")
    raise ConversionError("string required")


def convert(value: Any, type_: Type) -> Any:
    """``value`` converted to ``type_``, as cty's convert package does."""
    if isinstance(value, Unknown) or value is None or type_ == "any":
        return value
    if type_ == "string":
        if isinstance(value, (list, dict)):
            raise ConversionError("string required")
        return to_string(value)
    if type_ == "number":
        if is_number(value):
            return value
        if isinstance(value, str):
            return parse_number(value)
        raise ConversionError("number required" if isinstance(value, (list, dict, bool)) else "a number is required")
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value in ("true", "false", "1", "0"):
            return value in ("true", "1")
        raise ConversionError("bool required" if not isinstance(value, str) else "a bool is required")
    kind = type_[0]
    if kind in ("list", "set"):
        if not isinstance(value, list):
            raise ConversionError(f"{describe(type_)} required")
        items = [_at(i, convert, v, type_[1]) for i, v in enumerate(value)]
        if kind == "set":
            unique: list[Any] = []
            for item in items:
                if not any(equal(item, u) for u in unique):
                    unique.append(item)
            return sorted(unique, key=_set_order) if all(not isinstance(u, (list, dict)) for u in unique) else unique
        return items
    if kind == "map":
        if not isinstance(value, dict):
            raise ConversionError(f"{describe(type_)} required")
        return {k: _at(k, convert, v, type_[1]) for k, v in value.items()}
    if kind == "tuple":
        if not isinstance(value, list):
            raise ConversionError("tuple required")
        if len(value) != len(type_[1]):
            raise ConversionError(f"tuple required with exactly {len(type_[1])} elements")
        return [_at(i, convert, v, t) for i, (v, t) in enumerate(zip(value, type_[1], strict=True))]
    if kind == "object":
        if not isinstance(value, dict):
            raise ConversionError("object required")
        result = {}
        for name, attr_type, optional, default in type_[1]:
            if name in value and value[name] is not None:
                result[name] = _at(name, convert, value[name], attr_type)
            elif name in value or optional:
                result[name] = convert(default, attr_type) if optional and default is not None else None
            else:
                raise ConversionError(f'attribute "{name}" is required')
        return result
    raise ConversionError(f"{describe(type_)} required")  # pragma: no cover - every kind is handled above


def _at(key: Any, fn: Any, value: Any, type_: Type) -> Any:
    try:
        return fn(value, type_)
    except ConversionError as exc:
        where = f"element {key}" if isinstance(key, int) else f'attribute "{key}"'
        if str(exc).startswith(("element ", "attribute ")):
            raise
        raise ConversionError(f"{where}: {exc}") from None


def _set_order(value: Any) -> tuple:
    return (type_name(value), value if not isinstance(value, bool) else int(value)) if value is not None else ("", 0)


def equal(a: Any, b: Any) -> bool:
    """HCL's ``==``: same type and value; ``1 == "1"`` is false, ``true == 1`` too."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return bool(a == b)
