"""Check a job file's structure against ``schemas/job.schema.json``.

The schema describes the syntax tree, so the instance is built from it, not
from Nomad's API JSON. A body (the file, or the inside of a block) becomes::

    {"attributes": {name: value, ...}, "blocks": {type: [block, ...], ...}}

and a block ``{"labels": [label, ...], "body": body}``. Attribute values are
what :func:`jobspec.evaluate.evaluate` makes of them; an :class:`Unknown` passes
every check. Keeping arguments and blocks apart is what lets ``meta`` be both
a map argument and a block, and lets a block written where an argument belongs
(``count { }``) be told from a wrong value. ``dynamic "port" { content { } }``
inside a job counts as a ``port`` block whose labels are unknown.

Types follow HCL's conversions (``"8080"`` is a fine number, ``8080`` a fine
string, ``"true"`` a fine bool), which the validator's TypeChecker encodes.
Every instance path maps to a :class:`Span`, so each finding lands on the
argument's value, the argument or block name, a label, or a block header.

The schema is compiled once into a conformance check that decides a valid file
with one walk; only a file that fails it (or reaches a keyword the check does not
read) pays for jsonschema's import and a pass of ``iter_errors``, which makes
every finding. Rules ask :func:`findings` for their kind; the result of the
last document is memoised, so the schema rules together validate a file once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.evaluate import Scope, Unknown, evaluate
from jobspec.evaluate.types import ConversionError, parse_number
from jobspec.load.syntax import Body, Document, Expr
from jobspec.schemas import load_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from jobspec.check import Context
    from jobspec.model.job import Job

SCHEMA = "job.schema.json"

InstancePath = tuple[Any, ...]
Owner = tuple[str | None, str | None]

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
class Finding:
    kind: str
    message: str
    span: Span
    hint: str | None = None
    job: str | None = None
    group: str | None = None


# -- the validator -------------------------------------------------------------


def _lenient(check: Callable[[Any], bool]) -> Callable[[Any, Any], bool]:
    """A type check that also lets through null (an unset argument) and Unknown."""

    def is_type(_checker: Any, instance: Any) -> bool:
        return instance is None or isinstance(instance, Unknown) or check(instance)

    return is_type


def _as_number(value: Any) -> float | None:
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
_INT64 = range(-(2**63), 2**63)


def _whole(number: float) -> bool:
    return isinstance(number, int) or number.is_integer()  # inf and nan are not


def _is_integer(value: Any) -> bool:
    number = _as_number(value)
    return number is not None and _whole(number) and int(number) in _INT64


_HCL_TYPES = {
    "string": lambda v: isinstance(v, (str, int, float, bool)),
    "number": lambda v: _as_number(v) is not None,
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
        {name: _lenient(check) for name, check in _HCL_TYPES.items()}
    )
    keywords = {k: _skip_unknown(v) for k, v in Draft202012Validator.VALIDATORS.items() if k != "type"}
    cls = validators.extend(Draft202012Validator, validators=keywords, type_checker=checker)
    return cls(schema)


# -- the fast check -------------------------------------------------------------
#
# Nearly every file conforms, and jsonschema spends most of a file's schema time
# proving it. This walk answers only "does it conform?", for the few keywords
# the job schema uses, with the validator's semantics (the lenient types above;
# null and Unknown pass every keyword). jsonschema still makes every finding:
# it runs when this says no, or is not sure.

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
    if not isinstance(names, list) or not all(isinstance(n, str) and n in _HCL_TYPES for n in names):
        return None
    checks = tuple(_HCL_TYPES[n] for n in names)
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
        if name not in self.defs:
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


# -- the instance ----------------------------------------------------------------


@dataclass
class _Instance:
    """The JSON instance and, for each path in it, where it came from."""

    value_spans: dict[InstancePath, Span] = field(default_factory=dict)
    name_spans: dict[InstancePath, Span] = field(default_factory=dict)
    owners: dict[InstancePath, Owner] = field(default_factory=dict)
    attributes: set[InstancePath] = field(default_factory=set)
    scope: Scope | None = None
    """The evaluated variables and locals, so a wrong-typed ``var.*`` is caught at its use."""

    def body(self, body: Body, path: InstancePath, owner: Owner | None) -> dict[str, Any]:
        """``owner`` is the job and group around ``body``; None outside any job."""
        attributes: dict[str, Any] = {}
        for attr in body.attributes:
            attributes[attr.name] = _value(attr.expr, self.scope)
            self.value_spans[(*path, "attributes", attr.name)] = attr.expr.span
            self.name_spans[(*path, "attributes", attr.name)] = attr.name_span
            self.attributes.add((*path, "attributes", attr.name))
        blocks: dict[str, list[Any]] = {}
        for block in body.blocks:
            type_, type_span, inner = block.type, block.type_span, block.body
            labels: list[str] | Unknown = list(block.labels)
            if owner is not None and block.type == "dynamic" and block.labels:
                # jobspec2 expands dynamic blocks inside a job; their labels come from an expression.
                contents = block.body.blocks_of("content")
                if not contents:
                    continue
                type_, type_span, inner = block.labels[0], block.label_spans[0], contents[0].body
                labels = Unknown("the labels of a dynamic block are set by its `labels` argument")
            entries = blocks.setdefault(type_, [])
            at = (*path, "blocks", type_, len(entries))
            self.value_spans[at] = block.header_span
            self.name_spans[at] = type_span
            if isinstance(labels, list):
                for i, span in enumerate(block.label_spans):
                    self.value_spans[(*at, "labels", i)] = span
            inner_owner = _owner(owner, type_, block.label)
            if inner_owner is not None:
                self.owners[at] = inner_owner
            entries.append({"labels": labels, "body": self.body(inner, (*at, "body"), inner_owner)})
        return {"attributes": attributes, "blocks": blocks}

    def span(self, path: InstancePath, names: bool = False) -> Span:
        table = self.name_spans if names else self.value_spans
        for end in range(len(path), 0, -1):
            span = table.get(path[:end]) or self.value_spans.get(path[:end])
            if span is not None:
                return span
        return self.value_spans[()]

    def attribute_of(self, path: InstancePath) -> InstancePath | None:
        """The path of the argument whose value holds ``path``."""
        for end in range(len(path), 1, -1):
            if path[:end] in self.attributes:
                return path[:end]
        return None

    def owner(self, path: InstancePath) -> Owner:
        for end in range(len(path), 0, -1):
            if path[:end] in self.owners:
                return self.owners[path[:end]]
        return (None, None)


def _value(expr: Expr, scope: Scope | None) -> Any:
    try:
        return evaluate(expr, scope)
    except Exception:  # an HCL form the evaluator cannot read yet must not stop the check: unknown is never wrong
        return Unknown(f"`{expr.source}` cannot be evaluated offline")


def _owner(outer: Owner | None, type_: str, label: str | None) -> Owner | None:
    """The job and group a block of ``type_`` belongs to, or makes."""
    if outer is None:
        return (label or "", None) if type_ == "job" else None
    job, group = outer
    if type_ == "group" and label is not None:
        return (job, label)
    # jobspec2 makes a job-level task a group of its own, named after the task.
    if type_ == "task" and group is None and label is not None:
        return (job, label)
    return outer


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


# -- errors → findings -------------------------------------------------------------


class _Translator:
    def __init__(self, where: _Instance) -> None:
        self.where = where
        # jsonschema reports each missing property apart; we report them all at the first.
        self.required_done: set[InstancePath] = set()

    def finding(self, kind: str, message: str, span: Span, hint: str | None, path: InstancePath) -> Finding:
        job, group = self.where.owner(path)
        return Finding(kind, message, span, hint, job, group)

    def translate(self, error: ValidationError) -> Iterator[Finding]:
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

    def unknown_names(self, error: ValidationError, path: InstancePath) -> Iterator[Finding]:
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

    def unknown_argument(self, name: str, body_path: InstancePath, body_schema: Any, where: str) -> Finding:
        path = (*body_path, "attributes", name)
        message = f'Unsupported argument; An argument named "{name}" is not expected here.'
        if name in _names(body_schema, "blocks"):
            message += f' Did you mean to define a block of type "{name}"?'
            hint = f"write it as a block: `{name} {{ ... }}`"
        else:
            hint = _suggest(name, body_schema, "attributes", f"a {where} block")
        return self.finding(UNKNOWN_ARGUMENT, message, self.where.span(path, names=True), hint, path)

    def unknown_block(self, name: str, path: InstancePath, body_schema: Any, where: str) -> Finding:
        message = f'Unsupported block type; Blocks of type "{name}" are not expected here.'
        if name in _names(body_schema, "attributes"):
            message += f' Did you mean to define argument "{name}"?'
            hint = f"use the equals sign to assign it a value: `{name} = ...`"
        else:
            hint = _suggest(name, body_schema, "blocks", "a job file" if where == "file" else f"a {where} block")
        return self.finding(UNKNOWN_BLOCK, message, self.where.span(path, names=True), hint, path)

    def required(self, error: ValidationError, path: InstancePath) -> Iterator[Finding]:
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

    def labels(self, error: ValidationError, path: InstancePath) -> Finding:
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

    def duplicate(self, error: ValidationError, path: InstancePath) -> Finding:
        type_ = str(path[-1])
        first = self.where.span((*path, 0), names=True)
        second = (*path, 1)
        message = (
            f"Duplicate {type_} block; Only one {type_} block is allowed. Another was defined at line {first.line}."
        )
        hint = f"merge the two {type_} blocks into one"
        return self.finding(DUPLICATE_BLOCK, message, self.where.span(second, names=True), hint, second)

    def wrong_type(self, error: ValidationError, path: InstancePath) -> Finding:
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
    number = _as_number(error.instance)
    if expected == "integer" and number is not None:
        if _whole(number):
            return f"a whole number between {_INT64.start} and {_INT64.stop - 1} is required"
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


# -- entry point ---------------------------------------------------------------------


def build(document: Document, scope: Scope | None = None) -> tuple[dict[str, Any], _Instance]:
    where = _Instance(scope=scope)
    where.value_spans[()] = document.body.span
    return where.body(document.body, (), None), where


def check_document(document: Document, scope: Scope | None = None) -> tuple[Finding, ...]:
    instance, where = build(document, scope)
    if fast_conforms(instance):
        return ()
    translator = _Translator(where)
    found = [f for error in validator().iter_errors(instance) for f in translator.translate(error)]
    return tuple(sorted(found, key=lambda f: (f.span.line, f.span.column, f.kind)))


def findings(ctx: Context, kind: str) -> tuple[Finding, ...]:
    """The findings of ``kind`` in the context's document: the schema rules share
    one validation of the file, kept in the context's memo."""
    if "schema" not in ctx.memo:
        ctx.memo["schema"] = check_document(ctx.document, ctx.scope)
    return tuple(f for f in ctx.memo["schema"] if f.kind == kind)


def diagnostics(job: Job, ctx: Context, kind: str, rule: str, severity: Severity) -> Iterator[Diagnostic]:
    """The findings of ``kind`` as diagnostics of ``rule``: the shared body of every schema rule.

    The schema covers the whole file, top-level blocks too, so it reports
    along with the file's first job only."""
    first = ctx.document.body.blocks_of("job")[:1]
    if first and job.block is not first[0]:
        return
    for f in findings(ctx, kind):
        yield Diagnostic(rule, severity, f.message, f.span, f.hint, job=f.job, group=f.group)
