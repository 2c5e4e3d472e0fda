"""The HCL-typed jsonschema validator of the job schema.

Types follow HCL's conversions (``"8080"`` is a fine number, ``8080`` a fine
string, ``"true"`` a fine bool), which the validator's TypeChecker encodes; null
(an unset argument) and an :class:`Unknown` pass every keyword. jsonschema costs
~0.1 s to import, so it is imported only when a validator is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.evaluate import Unknown
from jobspec.evaluate.types import ConversionError, parse_number
from jobspec.schemas import load_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA = "job.schema.json"


def _lenient(check: Callable[[Any], bool]) -> Callable[[Any, Any], bool]:
    """A type check that also lets through null (an unset argument) and Unknown."""

    def is_type(_checker: Any, instance: Any) -> bool:
        return instance is None or isinstance(instance, Unknown) or check(instance)

    return is_type


def as_number(value: Any) -> float | None:
    """The number HCL would make of ``value``, or None when it makes none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ConversionError:
            return None
    return None


# Nomad decodes whole-number arguments into Go's int, which is 64 bits wide.
INT64 = range(-(2**63), 2**63)


def whole(number: float) -> bool:
    return isinstance(number, int) or number.is_integer()  # inf and nan are not


def _is_integer(value: Any) -> bool:
    number = as_number(value)
    return number is not None and whole(number) and int(number) in INT64


HCL_TYPES = {
    "string": lambda v: isinstance(v, (str, int, float, bool)),
    "number": lambda v: as_number(v) is not None,
    "integer": _is_integer,
    "boolean": lambda v: isinstance(v, bool) or v in ("true", "false", "1", "0"),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _skip_unknown(keyword: Callable[..., Any]) -> Callable[..., Iterator[ValidationError]]:
    """Keywords other than ``type`` would look inside a value; an Unknown or null
    has nothing inside to look at."""

    def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if instance is None or isinstance(instance, Unknown):
            return
        yield from keyword(validator, value, instance, schema) or ()

    return validate


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its target. The job
    schema is a tree without cycles, and resolving references is most of what
    jsonschema spends on a file, so compiling them away saves a third."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and len(node) == 1:
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@cache
def validator() -> Any:
    source = load_schema(SCHEMA)
    return lenient_validator(_inline(source, source["$defs"]))


def lenient_validator(schema: Any) -> Any:
    """A Draft 2020-12 validator of ``schema`` with HCL's types, on which null and Unknown pass every keyword."""
    # Imported here: jsonschema costs ~0.1 s to import, which a valid file, `jobspec rules` and the docs need not pay.
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine_many(
        {name: _lenient(check) for name, check in HCL_TYPES.items()}
    )
    keywords = {k: _skip_unknown(v) for k, v in Draft202012Validator.VALIDATORS.items() if k != "type"}
    cls = validators.extend(Draft202012Validator, validators=keywords, type_checker=checker)
    return cls(schema)
