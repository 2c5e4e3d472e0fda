"""A key in a CNI config has a value of a type libcni refuses when it loads it.

Only what libcni refuses when it loads the file (``NetworkConfFromBytes`` and
``NetworkPluginConfFromBytes`` in ``libcni/conf.go``), checked against
``schemas/cni-conflist.schema.json``. The list's ``name`` and ``cniVersion``
are strings, ``cniVersions`` a list of strings, ``plugins`` a list,
``disableCheck``/``disableGC``/``loadOnlyInlinedPlugins`` booleans or the
strings true/false (``null`` is a wrong type for all of these). Each plugin is
decoded into libcni's ``PluginConf`` (``pkg/types/types.go``) with Go's
encoding/json: ``type``, ``name`` and ``cniVersion`` are strings,
``capabilities`` maps to booleans (a string ``"true"`` is refused), ``ipam``
and ``dns`` are objects; keys match case-insensitively. There ``null`` is
always accepted, and keys ``PluginConf`` does not declare (``ipMasq``,
``bridge``, ...) are left to the plugin, which reads them when an allocation
starts (``cni-plugin-config``). libcni refuses a file that breaks these, so
Nomad's client does not start; the message is libcni's, with encoding/json's
wording as Go 1.19 prints it.

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "loopback"},
      {"type": "portmap", "capabilities": {"portMappings": "true"}}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "loopback"},
      {"type": "portmap", "capabilities": {"portMappings": true}, "dns": null}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Finding, Severity
from jobspec.load.jsontree import at_path, plain
from jobspec.model.conflist import go_type, json_kind
from jobspec.schemas import load_schema

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-schema"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_BOOLISH = ("disableCheck", "disableGC", "loadOnlyInlinedPlugins")

# types.PluginConf as encoding/json sees it: a field's JSON name -> (its Go type,
# what is inside). Inside a struct: (its Go name, its fields); inside a slice or
# map: the element, described the same way. Go names a failure by the innermost
# struct and the path of field names, leaving out slice indexes and map keys.
_Field = tuple[str, Any]
_STRING: _Field = ("string", None)
_STRINGS: _Field = ("[]string", _STRING)
_PLUGIN_CONF: dict[str, _Field] = {
    "cniVersion": _STRING,
    "name": _STRING,
    "type": _STRING,
    "capabilities": ("map[string]bool", ("bool", None)),
    "ipam": ("types.IPAM", ("IPAM", {"type": _STRING})),
    "dns": (
        "types.DNS",
        ("DNS", {"nameservers": _STRINGS, "domain": _STRING, "search": _STRINGS, "options": _STRINGS}),
    ),
    "prevResult": ("map[string]interface {}", ("interface {}", None)),
    "cni.dev/valid-attachments": (
        "[]types.GCAttachment",
        ("types.GCAttachment", ("GCAttachment", {"containerID": _STRING, "ifname": _STRING})),
    ),
}


@cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    schema = load_schema("cni-conflist.schema.json")
    conf = {"$ref": "#/$defs/conf", "$defs": schema["$defs"]}
    return {"conflist": Draft202012Validator(schema), "conf": Draft202012Validator(conf)}


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
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
        yield Finding(_message(conf, path, node), node.span, _hint(path, error))


def _message(conf: ConflistFile, path: tuple, node: Any) -> str:
    found = go_type(node)
    if conf.kind == "conflist" and len(path) == 1:
        key = path[0]
        if key in ("name", "cniVersion"):
            return f"error parsing configuration list: invalid {key} type {found}"
        if key == "cniVersions":
            # libcni prints %T of the failed assertion's result, not of the value
            return "error parsing configuration list: invalid type for cniVersions: []interface {}"
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
    struct, field, go_type_name = _go_target(rest)
    return f"{prefix}json: cannot unmarshal {kind} into Go struct field {struct}.{field} of type {go_type_name}"


def _go_target(rest: tuple) -> tuple[str, str, str]:
    """(struct, field path, Go type) as encoding/json names a value at ``rest``
    inside a plugin object."""
    struct, fields = "PluginConf", []
    go_type, inner = "types.PluginConf", ("PluginConf", _PLUGIN_CONF)
    for part in rest:
        if isinstance(inner, tuple) and isinstance(inner[1], dict):
            struct, members = inner
            name = next((k for k in members if k.casefold() == str(part).casefold()), str(part))
            fields.append(name)
            go_type, inner = members[name]
        elif isinstance(inner, tuple):
            go_type, inner = inner  # a slice element or a map value: same field path
    return struct, ".".join(fields), go_type


def _hint(path: tuple, error: Any) -> str:
    if path and path[-1] in _BOOLISH:
        return "use true or false (a JSON boolean)"
    if len(path) >= 2 and str(path[-2]).casefold() == "capabilities":
        return 'capability values are JSON booleans: true, not "true"'
    kinds = error.schema.get("type") if isinstance(error.schema, dict) else None
    if isinstance(kinds, list):
        kinds = " or ".join(k for k in kinds if k != "null")
    return f"expected {kinds or 'another type'} (or null)" if kinds else "expected another type"
