"""Read Nomad client agent configs (HCL1) into an :class:`AgentConfig`.

Agent configs are HCL1, which python-hcl2 mostly reads. Two HCL1 forms it
refuses are common in agent configs: quoted keys (``meta { "rack" = "r1" }``)
and dotted keys (``options { driver.allowlist = "docker" }``). Before parsing,
each such key is swapped for a placeholder name of exactly the same length, so
every line and column stays where it was, and swapped back afterwards.
"""

from __future__ import annotations

import re
from typing import Any

from jobspec.catalog.problems import unreadable
from jobspec.diagnostics import Finding
from jobspec.evaluate import evaluate, is_known
from jobspec.load.files import decode, read_bytes
from jobspec.load.hcl import parse
from jobspec.load.syntax import Attribute, Body
from jobspec.model.agent import AgentConfig, HostNetworkConfig, Setting

_CLIENT_SETTINGS = (
    "node_class",
    "node_pool",
    "min_dynamic_port",
    "max_dynamic_port",
    "cni_path",
    "cni_config_dir",
    "bridge_network_name",
    "bridge_network_subnet",
    "network_interface",
    "enabled",
    # Fingerprint overrides the client takes as its capacity.
    "cpu_total_compute",
    "memory_total_mb",
    "disk_total_mb",
)
# client { reserved { ... } }, kept as reserved_<name> (reserved_ports keeps its name).
_RESERVED_SETTINGS = ("cpu", "memory", "disk", "cores")
_HOST_NETWORK_SETTINGS = ("cidr", "interface", "reserved_ports")
_HCL1_KEY = re.compile(r'^([ \t]*)("[^"\\\n]*"|[A-Za-z_][\w-]*(?:\.[\w-]+)+)([ \t]*=)', re.MULTILINE)


def read_agent_files(files: list[tuple[str, str]], folder: str) -> tuple[AgentConfig, list[Finding]]:
    """Merge ``(path, display name)`` files in the given order into one config."""

    diagnostics: list[Finding] = []
    merged = _Merge()
    for path, name in files:
        data, problem = read_bytes(path)
        if problem is not None:
            diagnostics.append(unreadable(name, problem))
            continue
        text, problem_diag = decode(data, name)
        if problem_diag is not None or text is None:
            diagnostics.extend([problem_diag] if problem_diag else [])
            continue
        source, keys = hcl1_keys(text)
        parsed = parse(source, name)
        diagnostics.extend(parsed.diagnostics)
        if parsed.document is not None:
            merged.read(parsed.document.body, keys)
    config = AgentConfig(
        path=folder,
        files=tuple(name for _, name in files),
        has_client=merged.has_client,
        settings=merged.settings,
        meta=merged.meta,
        host_networks=merged.host_networks,
        plugins=merged.plugins,
    )
    return config, diagnostics


def hcl1_keys(text: str) -> tuple[str, dict[str, str]]:
    """Swap HCL1-only keys for same-length placeholders; returns the text and the
    placeholder → key map."""
    keys: dict[str, str] = {}

    def swap(match: re.Match[str]) -> str:
        raw = match.group(2)
        key = raw[1:-1] if raw.startswith('"') else raw
        stem = f"q{len(keys)}_"
        if len(stem) > len(raw):
            return match.group(0)
        placeholder = (stem + "_" * len(raw))[: len(raw)]
        keys[placeholder] = key
        return match.group(1) + placeholder + match.group(3)

    if '"' not in text and "." not in text:
        return text, keys
    return _HCL1_KEY.sub(swap, text), keys


class _Merge:
    def __init__(self) -> None:
        self.has_client = False
        self.settings: dict[str, Setting] = {}
        self.meta: dict[str, Setting] = {}
        self.host_networks: dict[str, HostNetworkConfig] = {}
        self.plugins: dict[str, Setting] = {}

    def read(self, body: Body, keys: dict[str, str]) -> None:
        self._take(body.attribute("datacenter"), "datacenter")
        for block in body.blocks_of("plugin"):
            if block.labels:
                # Only raw_exec reads `config { enabled }` (off by default); None = not said.
                enabled = None
                for config in block.body.blocks_of("config"):
                    setting = _setting(config.body.attribute("enabled"))
                    enabled = setting.value if setting is not None else enabled
                self.plugins[block.labels[0]] = Setting(enabled, block.label_span)
        for client in body.blocks_of("client"):
            self.has_client = True
            inner = client.body
            for name in _CLIENT_SETTINGS:
                self._take(inner.attribute(name), name)
            for reserved in inner.blocks_of("reserved"):
                self._take(reserved.body.attribute("reserved_ports"), "reserved_ports")
                for name in _RESERVED_SETTINGS:
                    self._take(reserved.body.attribute(name), f"reserved_{name}")
            self._meta(inner, keys)
            for block in inner.blocks_of("host_network"):
                if not block.labels:
                    continue
                settings = {}
                for name in _HOST_NETWORK_SETTINGS:
                    setting = _setting(block.body.attribute(name))
                    if setting is not None:
                        settings[name] = setting
                label = keys.get(block.labels[0], block.labels[0])
                self.host_networks[label] = HostNetworkConfig(label, block.label_span, settings)

    def _take(self, attr: Attribute | None, name: str) -> None:
        setting = _setting(attr)
        if setting is not None:
            self.settings[name] = setting

    def _meta(self, body: Body, keys: dict[str, str]) -> None:
        attr = body.attribute("meta")
        if attr is not None:
            value = evaluate(attr.expr)
            if isinstance(value, dict):
                key: str  # an HCL object's keys are strings
                for key, item in value.items():
                    if is_known(item) and not isinstance(item, (dict, list)):
                        self.meta[keys.get(key, key)] = Setting(_text(item), attr.expr.span)
        for block in body.blocks_of("meta"):
            for item in block.body.attributes:
                value = evaluate(item.expr)
                if is_known(value) and not isinstance(value, (dict, list)):
                    self.meta[keys.get(item.name, item.name)] = Setting(_text(value), item.expr.span)


def _setting(attr: Attribute | None) -> Setting | None:
    if attr is None:
        return None
    value = evaluate(attr.expr)
    if not is_known(value):
        return None
    return Setting(value, attr.expr.span)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_int(setting: Setting | None) -> int | None:
    """An integer setting; HCL1 also accepts a numeric string."""
    if setting is None:
        return None
    value = setting.value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return None
