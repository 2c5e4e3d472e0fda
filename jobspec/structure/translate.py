"""jsonschema's errors translated into findings in hclsyntax's and Nomad's words."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Span
from jobspec.schemas import load_schema
from jobspec.structure.instance import Instance, InstancePath
from jobspec.structure.lenient import INT64, SCHEMA, as_number, whole

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# What each finding kind is; rules select theirs.
UNKNOWN_ARGUMENT = "unknown-argument"
UNKNOWN_BLOCK = "unknown-block"
TYPE = "type"
MISSING_LABEL = "missing-label"
EXTRA_LABEL = "extra-label"
REQUIRED = "required"
DUPLICATE_BLOCK = "duplicate-block"

# Nomad checks these after decoding, with words of its own (structs.go:Task.Validate).
_REQUIRED_WORDING = {("task", "driver"): "Missing task driver"}

# network-duplicate-block reports these, with the network rules' own hints.
_DUPLICATES_REPORTED_ELSEWHERE = {("network", "dns"), ("network", "cni")}


@dataclass(frozen=True)
class SchemaError:
    kind: str
    message: str
    span: Span
    hint: str | None = None
    job: str | None = None
    group: str | None = None


def _body_schema(path: InstancePath) -> dict[str, Any] | None:
    """The schema of the body at ``path`` (a path that ends at a body)."""
    schema = load_schema(SCHEMA)
    body = schema
    steps = list(path)
    while steps:
        if steps[0] != "blocks" or len(steps) < 4:
            return None
        _, type_, _, _, *steps = steps
        item = body["properties"]["blocks"]["properties"].get(type_, {}).get("items", {})
        block = schema["$defs"][item["$ref"].rsplit("/", 1)[1]] if "$ref" in item else {}
        body = block.get("properties", {}).get("body")
        if body is None:
            return None
    return body


def _names(body_schema: dict[str, Any] | None, namespace: str) -> list[str]:
    if body_schema is None:
        return []
    return sorted(body_schema["properties"][namespace].get("properties", {}))


def _block_type(path: InstancePath) -> str:
    """The type of the block whose body holds ``path``; ``path`` ends inside a body."""
    for i in range(len(path) - 1, 1, -1):
        if path[i - 2] == "blocks" and isinstance(path[i], int):
            return str(path[i - 1])
    return "file"


class Translator:
    def __init__(self, where: Instance) -> None:
        self.where = where
        # jsonschema reports each missing property apart; we report them all at the first.
        self.required_done: set[InstancePath] = set()

    def finding(self, kind: str, message: str, span: Span, hint: str | None, path: InstancePath) -> SchemaError:
        job, group = self.where.owner(path)
        return SchemaError(kind, message, span, hint, job, group)

    def translate(self, error: ValidationError) -> Iterator[SchemaError]:
        path = tuple(error.absolute_path)
        keyword = error.validator
        if keyword == "additionalProperties" and path and path[-1] in ("attributes", "blocks"):
            yield from self.unknown_names(error, path)
        elif keyword == "required" and path and path[-1] == "attributes":
            yield from self.required(error, path)
        elif keyword in ("minItems", "maxItems") and path and path[-1] == "labels":
            yield self.labels(error, path)
        elif keyword == "maxItems" and len(path) >= 2 and path[-2] == "blocks":
            if (_block_type(path), path[-1]) not in _DUPLICATES_REPORTED_ELSEWHERE:
                yield self.duplicate(error, path)
        else:
            yield self.wrong_type(error, path)

    def unknown_names(self, error: ValidationError, path: InstancePath) -> Iterator[SchemaError]:
        namespace = path[-1]
        known = set(error.schema.get("properties", {}))
        body_path = path[:-1]
        where = _block_type(path)
        body_schema = _body_schema(body_path)
        for name in error.instance:
            if name in known:
                continue
            if namespace == "attributes":
                yield self.unknown_argument(name, body_path, body_schema, where)
            else:
                for i in range(len(error.instance[name])):
                    yield self.unknown_block(name, (*path, name, i), body_schema, where)

    def unknown_argument(self, name: str, body_path: InstancePath, body_schema: Any, where: str) -> SchemaError:
        path = (*body_path, "attributes", name)
        message = f'Unsupported argument; An argument named "{name}" is not expected here.'
        if name in _names(body_schema, "blocks"):
            message += f' Did you mean to define a block of type "{name}"?'
            hint = f"write it as a block: `{name} {{ ... }}`"
        else:
            hint = _suggest(name, body_schema, "attributes", f"a {where} block")
        return self.finding(UNKNOWN_ARGUMENT, message, self.where.span(path, names=True), hint, path)

    def unknown_block(self, name: str, path: InstancePath, body_schema: Any, where: str) -> SchemaError:
        message = f'Unsupported block type; Blocks of type "{name}" are not expected here.'
        if name in _names(body_schema, "attributes"):
            message += f' Did you mean to define argument "{name}"?'
            hint = f"use the equals sign to assign it a value: `{name} = ...`"
        else:
            hint = _suggest(name, body_schema, "blocks", "a job file" if where == "file" else f"a {where} block")
        return self.finding(UNKNOWN_BLOCK, message, self.where.span(path, names=True), hint, path)

    def required(self, error: ValidationError, path: InstancePath) -> Iterator[SchemaError]:
        if path in self.required_done:
            return
        self.required_done.add(path)
        block_path = path[:-2]
        type_ = _block_type(path)
        for name in error.validator_value:
            if name in error.instance:
                continue
            message = _REQUIRED_WORDING.get(
                (type_, name),
                f'Missing required argument; The argument "{name}" is required, but no definition was found.',
            )
            hint = f"set `{name} = ...` in this {type_} block"
            yield self.finding(REQUIRED, message, self.where.span(block_path), hint, block_path)

    def labels(self, error: ValidationError, path: InstancePath) -> SchemaError:
        block_path = path[:-1]
        type_ = str(block_path[-2])
        names = [item.get("title", "label") for item in error.schema.get("prefixItems", [])]
        wanted = f"{len(names)} labels ({', '.join(names)})"
        if error.validator == "minItems":
            missing = names[len(error.instance)]
            message = f"Missing {missing} for {type_}; All {type_} blocks must have {wanted}."
            hint = f'give it a {missing}: `{type_} "..." {{ ... }}`'
            return self.finding(MISSING_LABEL, message, self.where.span(block_path, names=True), hint, block_path)
        if names:
            message = f"Extraneous label for {type_}; Only {wanted} are expected for {type_} blocks."
        else:
            message = f"Extraneous label for {type_}; No labels are expected for {type_} blocks."
        first_extra = (*path, len(names))
        hint = "remove the extra label" if len(error.instance) == len(names) + 1 else "remove the extra labels"
        return self.finding(EXTRA_LABEL, message, self.where.span(first_extra), hint, block_path)

    def duplicate(self, error: ValidationError, path: InstancePath) -> SchemaError:
        type_ = str(path[-1])
        first = self.where.span((*path, 0), names=True)
        second = (*path, 1)
        message = (
            f"Duplicate {type_} block; Only one {type_} block is allowed. Another was defined at line {first.line}."
        )
        hint = f"merge the two {type_} blocks into one"
        return self.finding(DUPLICATE_BLOCK, message, self.where.span(second, names=True), hint, second)

    def wrong_type(self, error: ValidationError, path: InstancePath) -> SchemaError:
        attribute = self.where.attribute_of(path)
        if attribute is None:
            return self.finding(TYPE, error.message, self.where.span(path), None, path)
        inner = path[len(attribute) :]
        elements = "".join(f"element {p}: " if isinstance(p, int) else f'element "{p}": ' for p in inner)
        message = f'Inappropriate value for attribute "{attribute[-1]}": {elements}{_wanted(error)}.'
        return self.finding(TYPE, message, self.where.span(path), _type_hint(error), path)


_WANTED = {
    "string": "a string is required",
    "number": "a number is required",
    "integer": "a number is required",
    "boolean": "a bool is required",
    "array": "a list is required",
    "object": "a map is required",
}


def _wanted(error: ValidationError) -> str:
    if error.validator != "type":
        return error.message
    expected = error.validator_value
    number = as_number(error.instance)
    if expected == "integer" and number is not None:
        if whole(number):
            return f"a whole number between {INT64.start} and {INT64.stop - 1} is required"
        return "a whole number is required"
    if expected == "boolean" and isinstance(error.instance, str) and error.instance.lower() in ("true", "false"):
        return f'a bool is required; to convert from string, use lowercase "{error.instance.lower()}"'
    return _WANTED.get(expected, f"{expected} is required")


def _type_hint(error: ValidationError) -> str | None:
    if error.validator != "type":
        return None
    value = error.instance
    if isinstance(value, str) and value.startswith("${") and error.validator_value in ("integer", "number"):
        return "runtime interpolation is only text; Nomad cannot convert it to a number when it reads the job"
    return {
        "string": "quote the value",
        "integer": 'write a whole number, such as `3` or `"3"`',
        "number": 'write a number, such as `3` or `"3"`',
        "boolean": "write true or false",
        "array": 'write a list in brackets, such as `["a", "b"]`',
        "object": 'write a map in braces, such as `{ key = "value" }`',
    }.get(error.validator_value)


def _suggest(name: str, body_schema: Any, namespace: str, where: str) -> str:
    """A hint for an unknown ``name``: a near spelling in the same block, the
    other kind of name, the blocks where it belongs, or what the block takes."""
    other = "blocks" if namespace == "attributes" else "attributes"
    what = "arguments" if namespace == "attributes" else "blocks"
    candidates = _names(body_schema, namespace)
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    close = difflib.get_close_matches(name, _names(body_schema, other), n=1, cutoff=0.6)
    if close:
        kind = "block" if other == "blocks" else "argument"
        return f'did you mean the {kind} "{close[0]}"?'
    parents = sorted(_places()[namespace].get(name, ()))
    if parents:
        noun = f'"{name}" is an argument' if namespace == "attributes" else f'a "{name}" block belongs'
        return f"{noun} in a {' or '.join(parents[:3])} block, not in {where}"
    if not candidates:
        return f"{where} takes no {what}"
    if len(candidates) <= 12:
        return f"{where} takes these {what}: {', '.join(candidates)}"
    return f"check the spelling; {where} takes {len(candidates)} {what}, and this is none of them"


@cache
def _places() -> dict[str, dict[str, set[str]]]:
    """For each argument and block name, the types of the blocks that take it."""
    schema = load_schema(SCHEMA)
    places: dict[str, dict[str, set[str]]] = {"attributes": {}, "blocks": {}}

    def walk(body: dict[str, Any], parent: str) -> None:
        for name in body["properties"]["attributes"].get("properties", {}):
            places["attributes"].setdefault(name, set()).add(parent)
        for name, blocks in body["properties"]["blocks"].get("properties", {}).items():
            places["blocks"].setdefault(name, set()).add(parent)
            inner = schema["$defs"][blocks["items"]["$ref"].rsplit("/", 1)[1]].get("properties", {}).get("body")
            if inner is not None:
                walk(inner, name)

    walk(schema, "file")
    return places
