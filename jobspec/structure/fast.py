"""The fast conformance check.

Nearly every file conforms, and jsonschema spends most of a file's schema time
proving it. This walk answers only "does it conform?", for the few keywords
the job schema uses, with the validator's semantics (the lenient types of
:mod:`jobspec.structure.lenient`; null and Unknown pass every keyword).
jsonschema still makes every finding: it runs when this says no, or is not sure.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jobspec.evaluate import Unknown
from jobspec.schemas import load_schema
from jobspec.structure.lenient import HCL_TYPES, SCHEMA

Conforms = Callable[[Any], bool]


# jsonschema validates none of these; they only describe.
_ANNOTATIONS = frozenset(
    {"title", "description", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly"}
)
# Meaningful only at the root, where references resolve; in a subschema they could change that.
_ROOT_ONLY = frozenset({"$schema", "$id", "$defs"})
_ARRAY = frozenset({"items", "prefixItems", "minItems", "maxItems"})
_OBJECT = frozenset({"properties", "additionalProperties", "required"})
_KEYWORDS = frozenset({"type"}) | _ARRAY | _OBJECT | _ANNOTATIONS


class _NotSure(Exception):
    """The instance reached a schema with a keyword (or a keyword value) the fast check does not read."""


def _not_sure(_instance: Any) -> bool:
    raise _NotSure


def _always(_instance: Any) -> bool:
    return True


def _never(_instance: Any) -> bool:
    return False


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _type_check(types: Any) -> Conforms | None:
    """The ``type`` keyword as one function; None when it names a type the validator has not."""
    names = [types] if isinstance(types, str) else types
    if not isinstance(names, list) or not all(isinstance(n, str) and n in HCL_TYPES for n in names):
        return None
    checks = tuple(HCL_TYPES[n] for n in names)
    if len(checks) == 1:
        return checks[0]
    return lambda value: any(check(value) for check in checks)


class _Definitions:
    """The root schema's ``$defs``, each compiled once however many places refer
    to it (the job schema names `string` 159 times). A definition with
    properties (a block) is compiled when an instance first reaches it: a small
    file meets a few of the schema's 60 blocks, and a start-up pays for those."""

    def __init__(self, defs: Any) -> None:
        self.defs = defs if isinstance(defs, dict) else {}
        self.compiled: dict[str, Conforms] = {}

    def resolve(self, ref: Any) -> Conforms:
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) and ref.startswith("#/$defs/") else None
        if name is None or name not in self.defs:
            return _not_sure
        definition = self.defs[name]
        if isinstance(definition, dict) and "properties" in definition:
            return lambda instance: self.compiled_now(name)(instance)
        return self.compiled_now(name)

    def compiled_now(self, name: str) -> Conforms:
        check = self.compiled.get(name)
        if check is None:
            # A definition that refers back to itself finds this entry when it runs.
            self.compiled[name] = lambda instance: self.compiled[name](instance)
            check = self.compiled[name] = _conform(self.defs[name], self)
        return check


def _subschema(schema: Any, defs: _Definitions) -> Conforms | None:
    """``schema`` compiled, or None for ``true`` (anything goes), which a caller can skip."""
    if schema is True:
        return None
    return _conform(schema, defs)


def _conform(schema: Any, defs: _Definitions, root: bool = False) -> Conforms:
    """``schema`` compiled into a function that tells whether an instance conforms,
    or raises _NotSure when it meets what it cannot judge."""
    if schema is True:
        return _always
    if schema is False:
        return _never
    if isinstance(schema, dict) and schema.keys() == {"$ref"}:
        return defs.resolve(schema["$ref"])
    if not isinstance(schema, dict) or not schema.keys() <= (_KEYWORDS | _ROOT_ONLY if root else _KEYWORDS):
        return _not_sure
    if not schema.keys() & (_KEYWORDS - _ANNOTATIONS):
        return _always
    is_type = _type_check(schema["type"]) if "type" in schema else _always
    if is_type is None:
        return _not_sure
    for_objects, for_arrays = bool(schema.keys() & _OBJECT), bool(schema.keys() & _ARRAY)
    # The job schema's nodes are nearly all one of three shapes; each gets a single
    # function, which halves the calls (and the time) of the walk.
    if not for_objects and not for_arrays:
        return _typed(is_type)
    if schema.get("type") == "object" and not for_arrays:
        return _object_check(schema, defs, typed=True)
    if schema.get("type") == "array" and not for_objects:
        return _array_check(schema, defs, typed=True)
    objects = _object_check(schema, defs, typed=False) if for_objects else _always
    arrays = _array_check(schema, defs, typed=False) if for_arrays else _always

    def conforms(instance: Any) -> bool:
        if instance is None or isinstance(instance, Unknown):
            return True
        if not is_type(instance):
            return False
        if isinstance(instance, dict):
            return objects(instance)
        if isinstance(instance, list):
            return arrays(instance)
        return True

    return conforms


def _typed(is_type: Conforms) -> Conforms:
    def conforms(instance: Any) -> bool:
        return instance is None or isinstance(instance, Unknown) or is_type(instance)

    return conforms


def _object_check(schema: dict[str, Any], defs: _Definitions, typed: bool) -> Conforms:
    """The object keywords of ``schema``; ``typed`` when its type is "object", so that
    anything but a map (or null or Unknown) fails."""
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    additional = schema.get("additionalProperties", True)
    if (
        not isinstance(properties, dict)
        or not isinstance(required, list)
        or not all(isinstance(name, str) for name in required)
        or not isinstance(additional, (bool, dict))
    ):
        return _not_sure
    known = {name: _subschema(sub, defs) for name, sub in properties.items()}
    named = {name: check for name, check in known.items() if check is not None}
    other: Conforms | None = _never if additional is False else _subschema(additional, defs)
    needed = tuple(required)

    def conforms(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return not typed or instance is None or isinstance(instance, Unknown)
        for name in needed:
            if name not in instance:
                return False
        for name, value in instance.items():
            check = named.get(name)
            if check is None:
                if name in known or other is None:
                    continue
                check = other
            if not check(value):
                return False
        return True

    return conforms


def _array_check(schema: dict[str, Any], defs: _Definitions, typed: bool) -> Conforms:
    """The array keywords of ``schema``; ``typed`` as for :func:`_object_check`."""
    prefix = schema.get("prefixItems", [])
    items = schema.get("items", True)
    low, high = schema.get("minItems", 0), schema.get("maxItems")
    if (
        not isinstance(prefix, list)
        or not isinstance(items, (bool, dict))
        or not _is_count(low)
        or not (high is None or _is_count(high))
    ):
        return _not_sure
    leading = tuple(_subschema(sub, defs) or _always for sub in prefix)
    # `items: false` forbids anything after the prefix, as a maximum would.
    rest = None if items is False else _subschema(items, defs)
    bounds = [bound for bound in (high, len(leading) if items is False else None) if bound is not None]
    most = min(bounds, default=None)

    def conforms(instance: Any) -> bool:
        if not isinstance(instance, list):
            return not typed or instance is None or isinstance(instance, Unknown)
        if len(instance) < low or (most is not None and len(instance) > most):
            return False
        for check, value in zip(leading, instance, strict=False):  # either may be the longer
            if not check(value):
                return False
        if rest is not None:
            for value in instance[len(leading) :]:
                if not rest(value):
                    return False
        return True

    return conforms


def conformance(schema: Any) -> Callable[[Any], bool | None]:
    """A check of instances against ``schema``: True when one conforms, False when
    it does not, None when the schema says something the check does not read."""
    root = schema if isinstance(schema, dict) else {}
    conforms = _conform(schema, _Definitions(root.get("$defs")), root=True)

    def check(instance: Any) -> bool | None:
        try:
            return conforms(instance)
        except _NotSure:
            return None

    return check


@cache
def _job_conformance() -> Callable[[Any], bool | None]:
    return conformance(load_schema(SCHEMA))


def fast_conforms(instance: Any) -> bool | None:
    """Whether ``instance`` conforms to the job schema; None when only jsonschema can tell."""
    return _job_conformance()(instance)
