"""A key in a CNI config has a value of the wrong type.

Checked against ``schemas/cni-conflist.schema.json``: ``name`` and
``cniVersion`` are strings, ``plugins`` is a list of objects, ``type`` and
``ipam.type`` are strings, every ``capabilities`` value is a boolean (a string
``"true"`` is refused by libcni), ``disableCheck``/``disableGC`` are booleans or
the strings true/false. libcni refuses such a file, so Nomad's client does not
start; the message is libcni's.

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "loopback"},
      {"type": "portmap", "capabilities": {"portMappings": "true"}}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "loopback"},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-schema"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_GO_TYPES = {
    "string": "string",
    "boolean": "bool",
    "object": "map[string]interface {}",
    "array": "[]interface {}",
    "number": "float64",
    "integer": "int",
}
_BOOLISH = ("disableCheck", "disableGC", "loadOnlyInlinedPlugins")


@cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    from jobspec.schemas import load_schema

    schema = load_schema("cni-conflist.schema.json")
    conf = {"$ref": "#/$defs/conf", "$defs": schema["$defs"]}
    return {"conflist": Draft202012Validator(schema), "conf": Draft202012Validator(conf)}


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Diagnostic]:
    # imported here: a job-only run never loads the CNI config machinery
    from jobspec.load.jsontree import at_path, plain

    if conf.root is None:
        return
    validator = _validators()[conf.kind]
    errors = sorted(validator.iter_errors(plain(conf.root)), key=lambda e: [str(p) for p in e.absolute_path])
    reported: set[tuple] = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if path in reported:
            continue  # a oneOf failure repeats per branch
        reported.add(path)
        node, _ = at_path(conf.root, path)
        yield Diagnostic(ID, SEVERITY, _message(conf, path, node, error), node.span, _hint(path, error))


def _expected(error: Any) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = schema.get("type")
    if isinstance(kind, str):
        return _GO_TYPES.get(kind, kind)
    return "bool"


def _message(conf: ConflistFile, path: tuple, node: Any, error: Any) -> str:
    from jobspec.model.conflist import go_type, json_kind

    found = go_type(node)
    if conf.kind == "conflist" and len(path) == 1:
        key = path[0]
        if key in ("name", "cniVersion"):
            return f"error parsing configuration list: invalid {key} type {found}"
        if key == "cniVersions":
            return f"error parsing configuration list: invalid type for cniVersions: {found}"
        if key == "plugins":
            return f"error parsing configuration list: invalid 'plugins' type {found}"
        if key in _BOOLISH:
            value = node.value if hasattr(node, "value") else None
            if isinstance(value, str):
                return f'error parsing configuration list: invalid value "{value.lower()}" for {key}'
            return f"error parsing configuration list: invalid type {found} for {key}"
    if conf.kind == "conflist" and len(path) == 2 and path[0] == "cniVersions":
        return f"error parsing configuration list: invalid type for cniVersions index {path[1]}: {found}"
    if conf.kind == "conflist" and len(path) >= 2 and path[0] == "plugins":
        index, rest = path[1], path[2:]
        prefix = f"failed to parse plugin config {index}: error parsing configuration: "
    else:
        rest, prefix = path, "error parsing configuration: "
    kind = json_kind(node)
    if not rest:
        return f"{prefix}json: cannot unmarshal {kind} into Go value of type types.PluginConf"
    field = ".".join(str(p) for p in rest)
    return f"{prefix}json: cannot unmarshal {kind} into Go struct field PluginConf.{field} of type {_expected(error)}"


def _hint(path: tuple, error: Any) -> str:
    if path and path[-1] in _BOOLISH:
        return "use true or false (a JSON boolean)"
    if len(path) >= 2 and path[-2] == "capabilities":
        return 'capability values are JSON booleans: true, not "true"'
    return f"expected {error.schema.get('type', 'another type') if isinstance(error.schema, dict) else 'another type'}"
