"""One CNI configuration file as the conflist rules see it.

A ``.conflist`` holds a list of plugins; Nomad reads ``.conf`` and ``.json``
files as a single plugin's config (top-level ``type``). The positioned JSON
tree rides along so every rule can point at the key or value at fault.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobspec.diagnostics import Span
from jobspec.load.jsontree import JArray, JMember, JNode, JObject, JScalar, JsonError

# Plugins that adjust an interface an earlier plugin made; they refuse to run first.
META_PLUGINS = frozenset({"portmap", "firewall", "tuning", "bandwidth", "sbr", "vrf"})
IPAM_PLUGINS = frozenset({"host-local", "dhcp", "static"})
# Reference plugins that create the container's interface and need an address for it.
INTERFACE_PLUGINS = frozenset({"bridge", "ptp", "macvlan", "ipvlan", "vlan", "host-device"})
CNI_VERSIONS = ("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0")


@dataclass(frozen=True)
class ConflistFile:
    path: str
    """The name reports use."""
    kind: str
    """``conflist`` (a ``.conflist`` file) or ``conf`` (``.conf``/``.json``: one plugin)."""
    root: JObject | None = None
    json_error: JsonError | None = None
    read_error: str | None = None
    """Why the file could not be read (permissions, not UTF-8…); position 1:1."""
    not_object: JNode | None = None
    """A top-level value that is not an object."""

    @property
    def file_span(self) -> Span:
        return Span.point(self.path)

    @property
    def name(self) -> str | None:
        node = self.root.get("name") if self.root else None
        return node.value if isinstance(node, JScalar) and isinstance(node.value, str) else None

    @property
    def name_member(self) -> JMember | None:
        return self.root.member("name") if self.root else None

    @property
    def cni_version(self) -> str | None:
        node = self.root.get("cniVersion") if self.root else None
        return node.value if isinstance(node, JScalar) and isinstance(node.value, str) else None

    @property
    def holds_list(self) -> bool:
        """The content is a plugin list (whatever the extension says)."""
        return self.root is not None and self.root.member("plugins") is not None

    def plugins(self) -> tuple[JObject, ...]:
        """The plugin objects Nomad would run: the list's entries, or the file
        itself for a single-plugin config. Entries that are not objects are left out."""
        if self.root is None:
            return ()
        if self.kind == "conf" and not (self.holds_list and self.root.member_folded("type") is None):
            return (self.root,)
        # A list, even one in a `.json` file (cni-wrong-kind): lint what was meant.
        node = self.root.get("plugins")
        if not isinstance(node, JArray):
            return ()
        return tuple(item for item in node.items if isinstance(item, JObject))


def plugin_type(plugin: JObject) -> str | None:
    """``type``, matched case-insensitively as Go decodes it into a struct."""
    m = plugin.member_folded("type")
    return m.value.value if m and isinstance(m.value, JScalar) and isinstance(m.value.value, str) else None


def port_mappings(plugin: JObject) -> bool:
    caps = plugin.member_folded("capabilities")
    if caps is None or not isinstance(caps.value, JObject):
        return False
    flag = caps.value.get("portMappings")
    return isinstance(flag, JScalar) and flag.value is True


@dataclass(frozen=True)
class ConflistContext:
    """Every config file of one ``cni_config_dir``, in the order Nomad reads them."""

    files: tuple[ConflistFile, ...]


def go_type(node: object) -> str:
    """The Go type encoding/json gives a value decoded into ``interface{}``."""
    if isinstance(node, JObject):
        return "map[string]interface {}"
    if isinstance(node, JArray):
        return "[]interface {}"
    value = node.value if isinstance(node, JScalar) else None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "float64"
    if isinstance(value, str):
        return "string"
    return "<nil>"


def json_kind(node: object) -> str:
    """The word Go's encoding/json uses for a JSON value's kind."""
    if isinstance(node, JObject):
        return "object"
    if isinstance(node, JArray):
        return "array"
    value = node.value if isinstance(node, JScalar) else None
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return "string" if isinstance(value, str) else "null"


def list_prefix(conf: ConflistFile) -> str:
    """libcni's prefix for a problem in the whole file."""
    return "error parsing configuration list: " if conf.kind == "conflist" else "error parsing configuration: "
