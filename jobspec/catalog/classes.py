"""Node-class folders: what an admin deploys to a class of client nodes.

A class folder holds the client agent config (``*.hcl``, merged in file-name
order as Nomad merges a config folder), optionally a ``cni/`` subfolder with
the conflists deployed to the class's ``cni_config_dir``, and optionally a
``class.json`` saying what the files cannot::

    {"count": 3, "bridge": true, "cni_plugins": {"bridge": "1.6.2", "portmap": "1.6.2"}}

``count`` is how many nodes run the class (default 1); ``bridge`` whether they
offer ``mode = "bridge"`` (default true: Nomad advertises it wherever the
bridge kernel module is present); ``cni_plugins`` the CNI plugin binaries and
versions (default unknown, so bridge plugin checks are skipped). Optional too:
``drivers`` (the task drivers every node has, e.g. ``["docker", "exec"]``; by
default a ``plugin`` block's driver counts as present, ``raw_exec`` as absent
unless enabled, any other as unknown; an external plugin block is named after its
binary, e.g. ``plugin "nomad-driver-podman"`` is the ``podman`` driver, and an
unknown binary's driver stays unknown), ``attributes`` (node attributes such as
``{"kernel.name": "linux"}``; others stay unknown) and ``resources``
(``{"cpu": 4000, "memory": 8192, "disk": 50000, "cores": 4}``, MHz and MB, before
the agent's ``reserved`` block is taken off; default the agent's
``cpu_total_compute``/``memory_total_mb``/``disk_total_mb``, else unknown). A class with
no ``cni/`` folder has no CNI networks. Each declared ``host_network`` counts
as present on every node of the class, plus ``default``; addresses are
unknown (one slot per node and network).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from jobspec.catalog import cni
from jobspec.catalog.agent import as_int, read_agent_files
from jobspec.catalog.problems import Lint, invalid, read_text, unreadable
from jobspec.diagnostics import Finding, Severity, Span
from jobspec.load.files import special_file
from jobspec.load.jsontree import JArray, JObject, JScalar, parse
from jobspec.load_rules import CATALOG_INVALID
from jobspec.model.agent import DEFAULT_MAX_DYNAMIC_PORT, DEFAULT_MIN_DYNAMIC_PORT, AgentConfig
from jobspec.model.catalog import Address, CatalogNode, NodeResources
from jobspec.model.port_ranges import parse_port_ranges

CLASS_FILE = "class.json"
CNI_FOLDER = "cni"


@dataclass
class Loaded:
    nodes: list[CatalogNode] = field(default_factory=list)
    diagnostics: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file read, by the name reports use."""
    pulled: list[tuple[str, tuple[CatalogNode, ...]]] = field(default_factory=list)
    """(address, nodes) of each catalog pulled from a cluster (jobspec.catalog.merge)."""

    def add(self, other: Loaded) -> None:
        self.files.extend(other.files)
        self.pulled.extend(other.pulled)
        self.nodes.extend(other.nodes)
        self.diagnostics.extend(other.diagnostics)
        self.skipped.extend(other.skipped)


def is_class_folder(path: str) -> bool:
    try:
        names = os.listdir(path)
    except OSError:
        return False
    return (
        any(n.endswith(".hcl") for n in names) or CLASS_FILE in names or os.path.isdir(os.path.join(path, CNI_FOLDER))
    )


def load_class(path: str, display: str, lint: Lint) -> Loaded:
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        loaded = Loaded()
        loaded.diagnostics.append(unreadable(display, f"folder cannot be listed: {exc.strerror or exc}"))
        return loaded
    hcl = [
        (os.path.join(path, n), os.path.join(display, n))
        for n in names
        if n.endswith(".hcl") and not special_file(os.path.join(path, n))
    ]
    loaded = Loaded()
    facts = _Facts()
    if CLASS_FILE in names:
        loaded.files.append(os.path.join(display, CLASS_FILE))
        facts = _class_file(path, display, loaded)
    networks: dict = {}
    cni_dir = os.path.join(path, CNI_FOLDER)
    if os.path.isdir(cni_dir):
        files, problems = cni.read_cni_dir(cni_dir, os.path.join(display, CNI_FOLDER))
        loaded.diagnostics.extend(problems)
        loaded.files.extend(f.path for f in files)
        found, skipped = lint.conflists(files)
        loaded.diagnostics.extend(found)
        loaded.skipped.extend(skipped)
        networks = cni.networks(files, found)
    name = os.path.basename(os.path.normpath(display)) or display
    loaded.add(class_from_agent_files(hcl, display, lint, name, facts, networks))
    return loaded


def class_from_agent_files(
    hcl: list[tuple[str, str]],
    display: str,
    lint: Lint,
    name: str | None = None,
    facts: _Facts | None = None,
    networks: dict | None = None,
) -> Loaded:
    """A class from agent config files (plus what class.json and cni/ said)."""
    loaded = Loaded()
    facts = facts or _Facts()
    name = name or os.path.splitext(os.path.basename(display))[0]
    agent, diagnostics = read_agent_files(hcl, display)
    loaded.files.extend(shown for _, shown in hcl)
    loaded.diagnostics.extend(diagnostics)
    loaded.diagnostics.extend(lint.agent(agent))
    if hcl and not agent.has_client and not diagnostics:
        loaded.diagnostics.append(
            Finding(
                "no `client` block in this class's agent config: Nomad's defaults are assumed",
                Span.point(hcl[0][1]),
                "a class folder holds the config of its client nodes",
                severity=Severity.WARNING,
                rule=CATALOG_INVALID,
            )
        )
    if facts.cni_plugins is None and facts.bridge:
        loaded.skipped.append(
            f"{display}: class {name!r} does not state its CNI plugin versions (class.json cni_plugins), "
            "so bridge-mode plugin checks are skipped"
        )
    loaded.nodes.append(_node(agent, name, display, hcl, facts, networks or {}))
    return loaded


@dataclass
class _Facts:
    count: int = 1
    bridge: bool = True
    cni_plugins: dict[str, str] | None = None
    span: Span | None = None
    drivers: tuple[str, ...] | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=dict)


def _class_file(path: str, display: str, loaded: Loaded) -> _Facts:
    name = os.path.join(display, CLASS_FILE)
    facts = _Facts()
    text = read_text(os.path.join(path, CLASS_FILE), name)
    if isinstance(text, Finding):
        loaded.diagnostics.append(text)
        return facts
    root, error = parse(text, name)
    if error is not None:
        loaded.diagnostics.append(invalid(error.span, error.message, "class.json is plain JSON"))
        return facts
    if not isinstance(root, JObject):
        loaded.diagnostics.append(invalid(root.span, "class.json must hold an object"))  # type: ignore[union-attr]
        return facts
    facts.span = root.span
    for member in root.members:
        value = member.value
        if member.key == "count":
            if isinstance(value, JScalar) and type(value.value) is int and value.value >= 0:
                facts.count = value.value
            else:
                loaded.diagnostics.append(invalid(value.span, "count must be a whole number of nodes, 0 or more"))
        elif member.key == "bridge":
            if isinstance(value, JScalar) and isinstance(value.value, bool):
                facts.bridge = value.value
            else:
                loaded.diagnostics.append(invalid(value.span, "bridge must be true or false"))
        elif member.key == "cni_plugins":
            plugins = {}
            if isinstance(value, JObject):
                for item in value.members:
                    if isinstance(item.value, JScalar) and isinstance(item.value.value, str):
                        plugins[item.key] = item.value.value
                    else:
                        loaded.diagnostics.append(invalid(item.value.span, "a plugin version must be a string"))
                facts.cni_plugins = dict(sorted(plugins.items()))
            else:
                loaded.diagnostics.append(invalid(value.span, 'cni_plugins must be an object: {"bridge": "1.6.2"}'))
        elif member.key == "drivers":
            if isinstance(value, JArray) and len(
                names := [i.value for i in value.items if isinstance(i, JScalar) and isinstance(i.value, str)]
            ) == len(value.items):
                facts.drivers = tuple(sorted(set(names)))
            else:
                loaded.diagnostics.append(invalid(value.span, 'drivers must be an array of names: ["docker"]'))
        elif member.key == "attributes":
            if isinstance(value, JObject) and len(
                pairs := [
                    (i.key, i.value.value)
                    for i in value.members
                    if isinstance(i.value, JScalar) and isinstance(i.value.value, str)
                ]
            ) == len(value.members):
                facts.attributes = dict(pairs)
            else:
                loaded.diagnostics.append(
                    invalid(value.span, 'attributes must be an object of strings: {"kernel.name": "linux"}')
                )
        elif member.key == "resources":
            facts.resources = _class_resources(value, loaded)
        else:
            loaded.diagnostics.append(
                invalid(
                    member.key_span,
                    f"unknown key {member.key!r} in class.json",
                    "class.json knows count, bridge, cni_plugins, drivers, attributes and resources",
                    Severity.WARNING,
                )
            )
    return facts


_RESOURCE_KEYS = ("cpu", "memory", "disk", "cores")


def _class_resources(value: object, loaded: Loaded) -> dict[str, int]:
    found: dict[str, int] = {}
    if not isinstance(value, JObject):
        loaded.diagnostics.append(invalid(value.span, 'resources must be an object: {"cpu": 4000, "memory": 8192}'))  # type: ignore[attr-defined]
        return found
    for item in value.members:
        number = item.value.value if isinstance(item.value, JScalar) else None
        if item.key not in _RESOURCE_KEYS:
            loaded.diagnostics.append(
                invalid(
                    item.key_span,
                    f"unknown resource {item.key!r}: class.json knows cpu (MHz), memory and disk (MB), cores",
                )
            )
        elif type(number) is int and number >= 0:
            found[item.key] = number
        else:
            loaded.diagnostics.append(invalid(item.value.span, f"{item.key} must be a whole number, 0 or more"))
    return found


# A `plugin "X"` block names a built-in driver or the binary X in plugin_dir; Nomad
# registers an external binary under the name its PluginInfo reports, not under X
# (helper/pluginutils/loader/init.go fingerprintPlugins; built-ins are configured by
# their own name: helper/pluginutils/catalog/register*.go).
_BUILTIN_DRIVERS = frozenset({"docker", "exec", "java", "qemu", "raw_exec"})
_EXTERNAL_DRIVERS = {
    "nomad-driver-podman": "podman",  # hashicorp/nomad-driver-podman driver.go pluginName
    "nomad-driver-containerd": "containerd-driver",  # Roblox/nomad-driver-containerd containerd/driver.go PluginName
    "nomad-driver-lxc": "lxc",  # hashicorp/nomad-driver-lxc lxc/driver.go pluginName
    "nomad-driver-exec2": "exec2",  # hashicorp/nomad-driver-exec2 plugin/about.go name
    "nomad-driver-virt": "virt",  # hashicorp/nomad-driver-virt plugin/driver.go pluginName
}


def _drivers(agent: AgentConfig, facts: _Facts) -> tuple[dict[str, bool], bool]:
    """(driver → usable, complete). class.json's list is the whole truth; else a
    ``plugin`` block's driver is taken as present (raw_exec only when enabled: its
    ``enabled`` defaults to false) and raw_exec without one as absent."""
    if facts.drivers is not None:
        return dict.fromkeys(facts.drivers, True), True
    found = {"raw_exec": False}
    for block, setting in agent.plugins.items():
        # Another binary's driver name is unknown: its jobs are skipped, not judged.
        name = block if block in _BUILTIN_DRIVERS else _EXTERNAL_DRIVERS.get(block)
        if name is None:
            continue
        enabled = setting.value
        found[name] = enabled is True if name == "raw_exec" else enabled is not False
    return dict(sorted(found.items())), False


def _resources(agent: AgentConfig, facts: _Facts) -> NodeResources | None:
    totals = {
        "cpu": as_int(agent.settings.get("cpu_total_compute")),
        "memory": as_int(agent.settings.get("memory_total_mb")),
        "disk": as_int(agent.settings.get("disk_total_mb")),
        "cores": None,
    }
    totals.update(facts.resources)
    if all(v is None for v in totals.values()):
        return None
    values = {}
    for key, total in totals.items():
        reserved = as_int(agent.settings.get(f"reserved_{key}")) or 0
        values[key] = None if total is None else total - reserved
    return NodeResources(**values)


def _ports(spec: object) -> frozenset[int]:
    if isinstance(spec, int) and not isinstance(spec, bool):
        spec = str(spec)
    if not isinstance(spec, str):
        return frozenset()
    ports, error = parse_port_ranges(spec)
    return frozenset() if error else ports


def _node(
    agent: AgentConfig,
    name: str,
    display: str,
    hcl: list[tuple[str, str]],
    facts: _Facts,
    networks: dict,
) -> CatalogNode:
    def text(key: str, default: str | None) -> str | None:
        value = agent.value(key)
        return value if isinstance(value, str) and value else default

    host_networks = {"default": (Address("default"),)}
    for alias, config in agent.host_networks.items():
        reserved = config.settings.get("reserved_ports")
        host_networks[alias] = (Address(alias, None, _ports(reserved.value if reserved else None)),)
    modes = {"host", *(f"cni/{n}" for n in networks)}
    if facts.bridge:
        modes.add("bridge")
    drivers, complete = _drivers(agent, facts)
    low = as_int(agent.settings.get("min_dynamic_port"))
    high = as_int(agent.settings.get("max_dynamic_port"))
    cni_path = text("cni_path", None)
    source = Span.point(hcl[0][1]) if hcl else (facts.span or Span.point(display))
    return CatalogNode(
        name=name,
        source=source,
        datacenter=text("datacenter", "dc1") or "dc1",
        node_pool=text("node_pool", "default") or "default",
        node_class=text("node_class", "") or "",
        count=facts.count,
        meta={k: v.value for k, v in sorted(agent.meta.items())},
        attributes=dict(sorted(facts.attributes.items())),
        attributes_known=False,
        network_modes=frozenset(modes),
        host_networks=dict(sorted(host_networks.items())),
        cni_networks=dict(sorted(networks.items())),
        cni_plugins=facts.cni_plugins,
        reserved_ports=_ports(agent.value("reserved_ports")),
        min_dynamic_port=low if low is not None and 0 < low <= 65536 else DEFAULT_MIN_DYNAMIC_PORT,
        max_dynamic_port=high if high is not None and 0 < high <= 65536 else DEFAULT_MAX_DYNAMIC_PORT,
        cni_path=tuple(p for p in cni_path.split(":") if p) if cni_path else None,
        cni_config_dir=text("cni_config_dir", None),
        bridge_network_name=text("bridge_network_name", "nomad"),
        bridge_network_subnet=text("bridge_network_subnet", "172.26.64.0/20"),
        drivers=drivers,
        drivers_complete=complete,
        resources=_resources(agent, facts),
    )
