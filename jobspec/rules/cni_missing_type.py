"""A CNI plugin has no ``type``.

``type`` names the plugin binary libcni runs; every plugin object needs one.
libcni refuses the file ("failed to parse plugin config 1: error parsing
configuration: missing 'type'", the index counting from 0), which stops Nomad's
client. ``"type": null`` and a ``null`` plugin are the same to libcni: Go
decodes them into an empty ``type``. An ``ipam`` object needs a ``type`` too, or the plugin fails with
"no plugin name provided".

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"capabilities": {"portMappings": true}}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.load.jsontree import JArray, JObject, JScalar, blank

if TYPE_CHECKING:
    from jobspec.load.jsontree import JMember, JObject
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-missing-type"
SEVERITY = Severity.ERROR
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    root = conf.root
    if root is None:
        return
    if conf.kind == "conf":
        if root.member("plugins") is None:  # a list in a .conf is cni-wrong-kind's finding
            yield from _plugin(root, "error parsing configuration: missing 'type'")
        return
    plugins = root.get("plugins")
    if not isinstance(plugins, JArray):
        return
    for index, plugin in enumerate(plugins.items):
        message = f"failed to parse plugin config {index}: error parsing configuration: missing 'type'"
        if isinstance(plugin, JObject):
            yield from _plugin(plugin, message)
        elif isinstance(plugin, JScalar) and plugin.value is None:
            # json.Marshal(nil) is "null", which decodes into an empty PluginConf
            yield Finding(message, plugin.span, 'write the plugin object: {"type": "bridge", ...}')


def _empty(member: JMember | None) -> bool:
    """Absent, "" or null: encoding/json leaves a Go string field empty for all three."""

    return blank(member) or (isinstance(member.value, JScalar) and member.value.value is None)  # type: ignore[union-attr]


def _plugin(plugin: JObject, message: str) -> Iterator[Finding]:
    kind = plugin.member_folded("type")
    if _empty(kind):
        span = kind.value.span if kind else plugin.span
        yield Finding(message, span, 'add `"type": "<plugin binary>"`, e.g. "bridge" or "portmap"')
    ipam = plugin.member_folded("ipam")
    if ipam is not None and isinstance(ipam.value, JObject):
        ipam_type = ipam.value.member_folded("type")
        if _empty(ipam_type):
            yield Finding(
                "no plugin name provided: `ipam` has no `type`",
                ipam_type.value.span if ipam_type else ipam.key_span,
                'name the IPAM plugin, e.g. "ipam": {"type": "host-local", ...}',
            )
