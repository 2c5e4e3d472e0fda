"""cty's types and its convert package, over plain Python values.

Values stay plain Python so every reader can use them: ``str`` (NFC, as
``cty.StringVal`` makes it), numbers (:mod:`jobspec.evaluate.numbers`), ``bool``,
``None`` (null), ``list`` and ``dict``. A plain ``list`` is a cty tuple and a plain
``dict`` an object, as HCL's ``[...]`` and ``{...}`` make them; the collection types
are the subclasses :class:`CtyList`, :class:`CtySet` and :class:`CtyMap`, which
remember their element type. A type is ``"string"``, ``"number"``, ``"bool"``,
``"any"`` (cty's DynamicPseudoType), or a tuple: ``("list", T)``, ``("set", T)``,
``("map", T)``, ``("tuple", (T, ...))``, ``("object", ((name, T, optional,
default), ...))``. Conversion failures raise :class:`ConversionError` with cty's
wording (``convert/conversion*.go``, ``convert/unify.go``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cmp_to_key
from typing import Any

from jobspec.evaluate import numbers
from jobspec.evaluate.numbers import BigNum, is_number
from jobspec.evaluate.values import Unknown

Type = Any

PRIMITIVES = ("string", "number", "bool")


class ConversionError(Exception):
    """A value that does not fit a type; the message is cty's."""


class CtyList(list):
    """A cty list: every element has type ``elem``."""

    def __init__(self, items: Any = (), elem: Type = "any") -> None:
        super().__init__(items)
        self.elem = elem


class CtySet(list):
    """A cty set, kept in cty's iteration order (``cty/set_internals.go:setRules.Less``)."""

    def __init__(self, items: Any = (), elem: Type = "any") -> None:
        super().__init__(items)
        self.elem = elem


class CtyMap(dict):
    """A cty map: every value has type ``elem``."""

    def __init__(self, items: Any = (), elem: Type = "any") -> None:
        super().__init__(items)
        self.elem = elem


def nfc(text: str) -> str:
    """``cty.NormalizeString``: NFC on every string that becomes a value."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def number(value: Any) -> Any:
    """A Python number as cty holds it (kept for callers outside the evaluator)."""
    if isinstance(value, float) and not isinstance(value, BigNum):
        if value != value or value in (float("inf"), float("-inf")):
            return value
        return numbers.parts(value)[0] if value.is_integer() else numbers.make(numbers.parts(value)[0])
    return value


_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?[Ii]nf")


def parse_number(text: str) -> Any:
    """cty's string → number (``ParseNumberVal``, Go's ``big.ParseFloat`` in base 10)."""
    if not _DECIMAL.fullmatch(text):
        raise ConversionError("a number is required")
    if text.lstrip("+-") in ("inf", "Inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    return numbers.parse(text)


# -- types ---------------------------------------------------------------------------------
def type_of(value: Any) -> Type:
    if value is None or isinstance(value, Unknown):
        return "any"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, CtyList):
        return ("list", value.elem)
    if isinstance(value, CtySet):
        return ("set", value.elem)
    if isinstance(value, CtyMap):
        return ("map", value.elem)
    if isinstance(value, list):
        return ("tuple", tuple(type_of(v) for v in value))
    if isinstance(value, dict):
        return ("object", tuple((k, type_of(value[k]), False, None) for k in sorted(value)))
    return "any"


def type_name(value: Any) -> str:
    """The words HCL uses for a value's type in messages."""
    if value is None:
        return "null"
    return friendly(type_of(value))


def friendly(type_: Type) -> str:
    """``cty.Type.FriendlyName``."""
    if type_ == "any":
        return "dynamic"
    if isinstance(type_, str):
        return type_
    kind = type_[0]
    if kind in ("list", "set", "map"):
        return f"{kind} of {friendly(type_[1])}"
    return kind


describe = friendly


def _attrs(type_: Type) -> dict[str, Type]:
    return {name: t for name, t, *_ in type_[1]}


def same_type(a: Type, b: Type) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if a[0] != b[0]:
        return False
    if a[0] in ("list", "set", "map"):
        return same_type(a[1], b[1])
    if a[0] == "tuple":
        return len(a[1]) == len(b[1]) and all(same_type(x, y) for x, y in zip(a[1], b[1], strict=True))
    aa, ba = _attrs(a), _attrs(b)
    return aa.keys() == ba.keys() and all(same_type(aa[k], ba[k]) for k in aa)


def unify(types: list[Type]) -> Type | None:
    """The one type every given type converts to safely (``convert/unify.go:unify``), or None."""
    known = [t for t in types if t != "any"]
    if not known:
        return "any" if types else None
    kinds = {t if isinstance(t, str) else t[0] for t in known}
    dynamic = len(known) != len(types)
    if kinds <= set(PRIMITIVES):
        if len(kinds) == 1:
            return known[0]
        return "string" if "string" in kinds else None
    if len(kinds) == 1 and next(iter(kinds)) in ("list", "set", "map"):
        if dynamic:
            return "any"
        elem = unify([t[1] for t in known])
        return None if elem is None else (known[0][0], elem)
    if kinds == {"map", "object"}:
        elem = unify(
            [t[1] for t in known if t[0] == "map"] + [a for t in known if t[0] == "object" for a in _attrs(t).values()]
        )
        return None if elem is None else ("map", elem)
    if kinds == {"list", "tuple"}:
        elem = unify([t[1] for t in known if t[0] == "list"] + [e for t in known if t[0] == "tuple" for e in t[1]])
        return None if elem is None else ("list", elem)
    if kinds == {"object"}:
        if dynamic:
            return "any"
        first = _attrs(known[0])
        if all(_attrs(t).keys() == first.keys() for t in known):
            merged = {}
            for name in first:
                merged[name] = unify([_attrs(t)[name] for t in known])
                if merged[name] is None:
                    return None
            return ("object", tuple((k, merged[k], False, None) for k in sorted(merged)))
        elem = unify([a for t in known for a in _attrs(t).values()])
        return None if elem is None else ("map", elem)
    if kinds == {"tuple"}:
        if dynamic:
            return "any"
        if all(len(t[1]) == len(known[0][1]) for t in known):
            elems = []
            for i in range(len(known[0][1])):
                e = unify([t[1][i] for t in known])
                if e is None:
                    return _tuples_as_list(known)
                elems.append(e)
            return ("tuple", tuple(elems))
        return _tuples_as_list(known)
    # The first type, in cty's order of preference, that every other one converts to
    # (convert/unify.go, its preference loop).
    for index in _preference(types):
        if all(convertible(t, types[index]) for t in types):
            return types[index]
    return None


def _preference(types: list[Type]) -> list[int]:
    """convert/sort_types.go:sortTypes: a topological order of compareTypes."""
    edges: list[list[int]] = [[] for _ in types]
    for i in range(len(types) - 1):
        for j in range(i + 1, len(types)):
            order = _compare(types[i], types[j])
            if order < 0:
                edges[i].append(j)
            elif order > 0:
                edges[j].append(i)
    degree = [0] * len(types)
    for outs in edges:
        for j in outs:
            degree[j] += 1
    queue = [i for i, d in enumerate(degree) if d == 0]
    result = []
    while queue:
        i = queue.pop(0)
        result.append(i)
        for j in edges[i]:
            degree[j] -= 1
            if degree[j] == 0:
                queue.append(j)
    return result


def _kind(type_: Type) -> str:
    return type_ if isinstance(type_, str) else type_[0]


def _compare(a: Type, b: Type) -> int:
    """convert/compare_types.go:compareTypes: below zero when ``a`` is preferred."""
    if a == "any" or b == "any":
        return 0 if a == b else (-1 if b == "any" else 1)
    if isinstance(a, str) and isinstance(b, str):
        if "string" in (a, b) and a != b:
            return 1 if a != "string" else -1
        return 0
    ka, kb = _kind(a), _kind(b)
    if ka == kb and ka in ("list", "set", "map"):
        return _compare(a[1], b[1])
    swap = 1
    if (ka, kb) in (("tuple", "list"), ("object", "map"), ("set", "tuple"), ("set", "list")):
        a, b, ka, kb, swap = b, a, kb, ka, -1
    if kb == "set" and ka in ("tuple", "list"):
        return -swap
    if (ka, kb) in (("list", "tuple"), ("map", "object")):
        return -swap
    if ka == kb and ka in ("object", "tuple"):
        if ka == "object":
            aa, ba = _attrs(a), _attrs(b)
            if aa.keys() != ba.keys():
                return 0
            pairs = [(aa[k], ba[k]) for k in aa]
        else:
            if len(a[1]) != len(b[1]):
                return 0
            pairs = list(zip(a[1], b[1], strict=True))
        orders = {_compare(x, y) for x, y in pairs}
        a_super, b_super = -1 in orders, 1 in orders
        if a_super and not b_super:
            return -swap
        if b_super and not a_super:
            return swap
    return 0


def _tuples_as_list(types: list[Type]) -> Type | None:
    elem = unify([e for t in types for e in t[1]])
    return None if elem is None else ("list", elem)


# -- conversion ----------------------------------------------------------------------------
def to_string(value: Any) -> str:
    """A primitive as template text; raises for null and collections."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return numbers.text(value)
    if value is None:
        raise ConversionError("a string is required, but the value is null")
    raise ConversionError("string required")


def convert(value: Any, type_: Type) -> Any:
    """``value`` converted to ``type_``, as cty's convert package does (the safe and the
    unsafe conversions both: HCL's arguments and operands use both)."""
    if isinstance(value, Unknown) or type_ == "any":
        return value
    if value is None:
        return None
    if isinstance(type_, str):
        return _primitive(value, type_)
    kind = type_[0]
    if kind in ("list", "set"):
        return _sequence(value, type_)
    if kind == "map":
        return _map(value, type_)
    if kind == "tuple":
        if not isinstance(value, list) or isinstance(value, (CtyList, CtySet)):
            raise ConversionError("tuple required")
        if len(value) != len(type_[1]):
            raise ConversionError(f"tuple required with exactly {len(type_[1])} elements")
        return [_at(i, v, t) for i, (v, t) in enumerate(zip(value, type_[1], strict=True))]
    if kind == "object":
        if not isinstance(value, dict):
            raise ConversionError("object required")
        result = {}
        for name, attr_type, optional, default in type_[1]:
            if name in value and value[name] is not None:
                result[name] = _at(name, value[name], attr_type)
            elif name in value or optional:
                result[name] = convert(default, attr_type) if optional and default is not None else None
            else:
                raise ConversionError(f'attribute "{name}" is required')
        return result
    raise ConversionError(f"{friendly(type_)} required")  # pragma: no cover - every kind is handled above


def _primitive(value: Any, type_: str) -> Any:
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
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        if value.lower() in ("true", "false"):
            raise ConversionError(f'a bool is required; to convert from string, use lowercase "{value.lower()}"')
        raise ConversionError("a bool is required")
    raise ConversionError("bool required")


def _sequence(value: Any, type_: Type) -> Any:
    kind, elem = type_
    cls = CtyList if kind == "list" else CtySet
    if isinstance(value, dict) or not isinstance(value, list):
        raise ConversionError(f"{friendly(type_)} required")
    if isinstance(value, CtySet) and kind == "list" and not isinstance(value, cls):
        pass  # a set converts to a list in its own order
    if elem == "any":
        source = type_of(value)
        if source[0] in ("list", "set"):
            elem = source[1]
        elif not value:
            elem = "any"  # an empty tuple: a collection of the dynamic type
        else:
            elem = unify([type_of(v) for v in value])
            if elem is None:
                what = "list" if kind == "list" else "set"
                raise ConversionError(f"all {what} elements must have the same type")
    if isinstance(value, (CtyList, CtySet)) and not convertible(value.elem, elem):
        raise ConversionError(f"incorrect {kind} element type: {friendly(elem)} required")
    items = [_at(i, v, elem) for i, v in enumerate(value)]
    if kind == "set":
        return make_set(items, elem)
    return cls(items, elem)


def _map(value: Any, type_: Type) -> Any:
    elem = type_[1]
    if not isinstance(value, dict):
        raise ConversionError(f"{friendly(type_)} required")
    if isinstance(value, CtyMap) and not convertible(value.elem, elem):
        raise ConversionError(f"incorrect map element type: {friendly(elem)} required")
    if elem == "any":
        source = type_of(value)
        if source[0] == "map":
            elem = source[1]
        elif not value:
            elem = "any"
        else:
            elem = unify([type_of(v) for v in value.values()])
            if elem is None:
                raise ConversionError("all map elements must have the same type")
    return CtyMap({k: _at(k, value[k], elem) for k in sorted(value)}, elem)


def convertible(source: Type, target: Type) -> bool:
    """Whether cty's convert package has a conversion between the two types (safe or
    unsafe), judged from the types alone, as it is for an empty collection."""
    if source == "any" or target == "any" or source == target:
        return True
    if isinstance(source, str) or isinstance(target, str):
        if isinstance(source, str) and isinstance(target, str):
            return "string" in (source, target)
        return False
    sequences, mappings = ("list", "set", "tuple"), ("map", "object")
    if source[0] in sequences and target[0] in sequences:
        sources = list(source[1]) if source[0] == "tuple" else [source[1]]
        targets = list(target[1]) if target[0] == "tuple" else [target[1]]
        if target[0] == "tuple" and source[0] != "tuple":
            return False  # cty converts no list or set to a tuple
        if source[0] == "tuple" and target[0] == "tuple":
            return len(sources) == len(targets) and all(
                convertible(a, b) for a, b in zip(sources, targets, strict=True)
            )
        return all(convertible(a, targets[0]) for a in sources)
    if source[0] in mappings and target[0] in mappings:
        sources = [t for _, t, *_ in source[1]] if source[0] == "object" else [source[1]]
        if target[0] == "map":
            return all(convertible(a, target[1]) for a in sources)
        if source[0] == "map":
            return all(convertible(source[1], t) for _, t, *_ in target[1])
        attrs = {name: t for name, t, *_ in source[1]}
        return all(name not in attrs or convertible(attrs[name], t) for name, t, *_ in target[1])
    return False


def _at(key: Any, value: Any, type_: Type) -> Any:
    try:
        return convert(value, type_)
    except ConversionError as exc:
        where = f"element {key}" if isinstance(key, int) else f'attribute "{key}"'
        if str(exc).startswith(("element ", "attribute ")):
            raise
        raise ConversionError(f"{where}: {exc}") from None


def make_set(items: list[Any], elem: Type) -> CtySet:
    """A set of ``items`` (already of type ``elem``): duplicates dropped, in cty's order."""
    unique: list[Any] = []
    for item in items:
        if not any(equal(item, u) for u in unique):
            unique.append(item)
    return CtySet(sorted(unique, key=_set_key(elem)), elem)


def _set_key(elem: Type) -> Any:
    # setRules.Less: nulls last; strings by bytes, numbers by value, false before true;
    # any other type by its set hash text.
    if elem == "string":
        return lambda v: (v is None, v.encode() if v is not None else b"")
    if elem == "number":
        return cmp_to_key(lambda a, b: _null_last(a, b) or numbers.compare(a, b))
    if elem == "bool":
        return lambda v: (v is None, bool(v))
    return lambda v: (v is None, _hash_text(v).encode())


def _null_last(a: Any, b: Any) -> int:
    return (a is None) - (b is None) if a is None or b is None else 0


def _hash_text(value: Any) -> str:
    """``cty/set_internals.go:appendSetHashBytes``."""
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "T" if value else "F"
    if is_number(value):
        return f"{float(value):.10g}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, CtyMap):
        return "{" + "".join(f"{json.dumps(k)}:{_hash_text(value[k])};" for k in sorted(value)) + "}"
    if isinstance(value, dict):
        return "<" + "".join(f"{_hash_text(value[k])};" for k in sorted(value)) + ">"
    if isinstance(value, (CtyList, CtySet)):
        return "[" + "".join(f"{_hash_text(v)};" for v in value) + "]"
    return "<" + "".join(f"{_hash_text(v)};" for v in value) + ">"


def equal(a: Any, b: Any) -> bool:
    """cty's ``Value.Equals``: same type and value (``1 == "1"`` and ``[1] == tolist([1])`` are false)."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) or is_number(b):
        return is_number(a) and is_number(b) and numbers.equal(a, b)
    if not same_type(type_of(a), type_of(b)):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return bool(a == b)
