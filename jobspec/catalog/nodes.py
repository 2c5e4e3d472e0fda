"""Nomad node JSON: what ``GET /v1/node/:id`` returns, one object or an array.

Large files are read with the C ``json`` module; positions are found per node
(``raw_decode`` gives each element's offset) and, only when a diagnostic needs
one, for a field inside a node. Keys match case-insensitively, as Go decodes
them into structs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from jobspec.catalog.problems import invalid
from jobspec.diagnostics import Finding, Severity, Span
from jobspec.load.jsontree import JArray, JNode, JObject, at_path, parse, parse_at
from jobspec.model.agent import DEFAULT_MAX_DYNAMIC_PORT, DEFAULT_MIN_DYNAMIC_PORT, Setting
from jobspec.model.catalog import Address, CatalogNode, CniNetwork, NodeResources
from jobspec.model.port_ranges import parse_port_ranges, port_range_findings

_CNI_PLUGIN_ATTR = "plugins.cni.version."
_WS = re.compile(r"[ \t\n\r]*")


@dataclass
class NodeJsonResult:
    nodes: list[CatalogNode] = field(default_factory=list)
    diagnostics: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def strict_loads(text: str) -> Any:
    """``json.loads`` without Python's NaN/Infinity extensions, which Go refuses."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _json_kind(value: Any) -> str:
    """A decoded JSON value's kind in JSON's words (strings and null are handled by callers)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"


def _go_bool(text: str) -> bool | None:
    """``strconv.ParseBool``."""
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def looks_like_node(value: Any) -> bool:
    keys = {k.casefold() for k in value} if isinstance(value, dict) else set()
    return bool(keys & {"noderesources", "schedulingeligibility", "attributes", "nodepool", "drain"}) or (
        "id" in keys and "datacenter" in keys
    )


def load_node_json(text: str, name: str, data: Any = None) -> NodeJsonResult:
    """Nodes from node JSON text (``data`` is the decoded text, if already decoded)."""

    result = NodeJsonResult()
    if data is None:
        try:
            data = strict_loads(text)
        except (ValueError, RecursionError):
            _, error = parse(text, name)
            span = error.span if error else Span.point(name)
            message = error.message if error else "the file is not valid JSON"
            result.diagnostics.append(invalid(span, message, "node JSON is what `nomad node status -json` prints"))
            return result
    locator = _Locator(text, name)
    if isinstance(data, dict):
        items, offsets = [data], [locator.first_value()]
    elif isinstance(data, list):
        items, offsets = data, locator.array_items(len(data))
    else:
        result.diagnostics.append(
            invalid(Span.point(name), "node JSON must be a node object or an array of node objects")
        )
        return result
    cni_nodes = 0
    stubs: list[CatalogNode] = []
    for index, (item, offset) in enumerate(zip(items, offsets, strict=True)):
        reader = _NodeReader(item, locator, offset, index, result)
        node = reader.node()
        if node is not None:
            result.nodes.append(node)
            if node.cni_networks:
                cni_nodes += 1
            if reader.stub:
                stubs.append(node)
    if stubs:
        _stub_warning(stubs, name, result)
    if cni_nodes:
        result.skipped.append(
            f"{name}: node JSON does not hold conflist contents, so whether CNI networks on {cni_nodes} "
            f"node{'' if cni_nodes == 1 else 's'} forward ports (capabilities.portMappings) is not verified"
        )
    return result


def _stub_warning(stubs: list[CatalogNode], name: str, result: NodeJsonResult) -> None:
    """Nodes without ``NodeResources``: what ``GET /v1/nodes`` lists (``Node.Stub``
    in nomad/structs copies resources only when asked with ``resources=true``)."""

    who = f'node "{stubs[0].name}"' if len(stubs) == 1 else f"{len(stubs)} nodes (the first is {stubs[0].name!r})"
    result.diagnostics.append(
        invalid(
            stubs[0].source,
            f"{who} lack{'s' if len(stubs) == 1 else ''} NodeResources: this looks like the node list stub "
            "that /v1/nodes returns, so network modes, host networks, reserved ports, CPU, memory and disk "
            "are not checked on it",
            "save the full node: `curl $NOMAD_ADDR/v1/node/<id>` or `curl '$NOMAD_ADDR/v1/nodes?resources=true'`",
            Severity.WARNING,
        )
    )
    result.skipped.append(
        f"{name}: {len(stubs)} node{'' if len(stubs) == 1 else 's'} without NodeResources: network modes, "
        "host networks, reserved ports and resources are not verified on them"
    )


class _Locator:
    """Line:column of node elements, and of fields inside them on demand.

    Offsets are asked for mostly in increasing order, so lines are counted
    forward from the last answer rather than indexed for the whole text."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.ends: dict[int, int] = {}
        self._at = (0, 1)  # (offset, line) of the last answer

    def span(self, start: int, end: int | None = None) -> Span:
        line, column = self._position(start)
        if end is None:
            return Span(self.name, line, column, line, column + 1)
        end_line, end_column = self._position(end)
        return Span(self.name, line, column, end_line, end_column)

    def _position(self, index: int) -> tuple[int, int]:
        offset, line = self._at
        if index < offset:
            offset, line = 0, 1
        line += self.text.count("\n", offset, index)
        self._at = (index, line)
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def first_value(self) -> int:
        return _WS.match(self.text, 0).end()  # type: ignore[union-attr]

    def array_items(self, count: int) -> list[int]:
        decoder = json.JSONDecoder()
        offsets: list[int] = []
        i = _WS.match(self.text, self.first_value() + 1).end()  # type: ignore[union-attr]
        for _ in range(count):
            offsets.append(i)
            _, end = decoder.raw_decode(self.text, i)
            self.ends[i] = end
            i = _WS.match(self.text, end).end()  # type: ignore[union-attr]
            if i < len(self.text) and self.text[i] == ",":
                i = _WS.match(self.text, i + 1).end()  # type: ignore[union-attr]
        return offsets

    def node_span(self, offset: int) -> Span:
        end = self.ends.get(offset)
        if end is None:
            _, end = json.JSONDecoder().raw_decode(self.text, offset)
        return self.span(offset, end)

    def field_span(self, offset: int, path: list[str | int]) -> Span:
        tree: JNode | None = parse_at(self.text, self.name, offset)
        if tree is None:
            return self.span(offset)
        node, _ = at_path(tree, _case_path(tree, path))
        return node.span


def _case_path(tree: JNode, path: list[str | int]) -> list[str | int]:
    """The path with each key spelt as the document spells it."""

    out: list[str | int] = []
    node: JNode | None = tree
    for step in path:
        if isinstance(node, JObject) and isinstance(step, str):
            member = node.member_folded(step)
            if member is None:
                break
            out.append(member.key)
            node = member.value
        elif isinstance(node, JArray) and isinstance(step, int) and step < len(node.items):
            out.append(step)
            node = node.items[step]
        else:
            break
    return out


def _get(obj: Any, key: str) -> Any:
    if obj.__class__ is not dict:
        return None
    value = obj.get(key)
    if value is not None or key in obj:
        return value
    folded = key.casefold()
    for k, v in obj.items():
        if isinstance(k, str) and k.casefold() == folded:
            return v
    return None


class _NodeReader:
    def __init__(self, item: Any, locator: _Locator, offset: int, index: int, result: NodeJsonResult) -> None:
        self.item = item
        self.locator = locator
        self.offset = offset
        self.index = index
        self.result = result
        self.stub = False

    def problem(self, path: list[str | int], message: str, severity: Severity | None = None) -> None:
        span = self.locator.field_span(self.offset, path)
        self.result.diagnostics.append(invalid(span, message, None, severity))

    def text(self, key: str, default: str | None = None) -> str | None:
        value = _get(self.item, key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problem([key], f"{key} must be a string, not {_json_kind(value)}")
            return default
        return value

    def mapping(self, key: str, parent: Any = None, path: list[str | int] | None = None) -> dict[str, str] | None:
        value = _get(self.item if parent is None else parent, key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem([*(path or []), key], f"{key} must be an object of strings")
            return None
        return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}

    def node(self) -> CatalogNode | None:
        item = self.item
        if not isinstance(item, dict):
            self.problem([], f"element {self.index} is not a node object")
            return None
        name = self.text("Name") or self.text("ID") or f"node[{self.index}]"
        attributes = self.mapping("Attributes")
        resources = _get(item, "NodeResources")
        if resources is not None and not isinstance(resources, dict):
            self.problem(["NodeResources"], "NodeResources must be an object")
            resources = None
        self.stub = resources is None and _get(item, "Resources") is None
        meta = self.mapping("Meta")
        modes, cni = self._modes(resources)
        drain = _get(item, "Drain")
        eligibility = self.text("SchedulingEligibility", "eligible")
        return CatalogNode(
            name=name,
            source=self.locator.node_span(self.offset),
            id=self.text("ID"),
            datacenter=self.text("Datacenter", "dc1") or "dc1",
            node_pool=self.text("NodePool", "default") or "default",
            node_class=self.text("NodeClass", "") or "",
            status=(self.text("Status", "ready") or "ready").lower(),
            eligible=eligibility != "ineligible",
            draining=drain is True or _get(item, "DrainStrategy") is not None,
            meta=meta or {},
            meta_known=meta is not None or not self.stub,
            attributes=attributes or {},
            # The list stub's Attributes hold only "os.name" (with ?os=true).
            attributes_known=attributes is not None and not self.stub,
            network_modes=modes,
            host_networks=self._host_networks(resources),
            cni_networks=cni,
            cni_plugins=self._plugins(attributes),
            reserved_ports=self._reserved(),
            min_dynamic_port=self._port(resources, "MinDynamicPort", DEFAULT_MIN_DYNAMIC_PORT),
            max_dynamic_port=self._port(resources, "MaxDynamicPort", DEFAULT_MAX_DYNAMIC_PORT),
            drivers=self._drivers(attributes),
            resources=self._resources(resources),
        )

    def _drivers(self, attributes: dict[str, str] | None) -> dict[str, bool] | None:
        """``DriverChecker.hasDrivers``: a ``Drivers`` entry must be detected and
        healthy; without one, the ``driver.<name>`` attribute must parse as true."""
        found: dict[str, bool] = {}
        for key, value in (attributes or {}).items():
            if key.startswith("driver.") and "." not in key[7:]:
                found[key[7:]] = _go_bool(value) is True
        drivers = _get(self.item, "Drivers")
        if isinstance(drivers, dict):
            for driver, info in drivers.items():
                found[str(driver)] = (
                    isinstance(info, dict) and _get(info, "Detected") is True and (_get(info, "Healthy") is True)
                )
        elif attributes is None:
            return None
        return dict(sorted(found.items()))

    def _resources(self, resources: dict | None) -> NodeResources | None:
        """``NodeResources`` minus ``ReservedResources``, per dimension of
        ``ComparableResources.Superset``; a dimension the JSON lacks stays unknown."""
        if resources is None:
            return None
        reserved = _get(self.item, "ReservedResources")

        def number(parent: Any, *path: str) -> int | None:
            for key in path:
                parent = _get(parent, key)
            return parent if isinstance(parent, int) and not isinstance(parent, bool) else None

        def less(total: int | None, taken: int | None) -> int | None:
            return None if total is None else total - (taken or 0)

        cpu = _get(resources, "Cpu")
        usable = _get(cpu, "ReservableCpuCores")
        cores = len(usable) if isinstance(usable, list) and usable else number(cpu, "TotalCpuCores")
        taken_cores = _get(_get(reserved, "Cpu"), "ReservedCpuCores")
        return NodeResources(
            cpu=less(number(cpu, "CpuShares"), number(reserved, "Cpu", "CpuShares")),
            memory=less(number(resources, "Memory", "MemoryMB"), number(reserved, "Memory", "MemoryMB")),
            disk=less(number(resources, "Disk", "DiskMB"), number(reserved, "Disk", "DiskMB")),
            cores=less(cores, len(taken_cores) if isinstance(taken_cores, list) else None),
        )

    def _modes(self, resources: dict | None) -> tuple[frozenset[str] | None, dict[str, CniNetwork] | None]:
        networks = _get(resources, "Networks")
        if not isinstance(networks, list):
            return None, None
        modes: set[str] = set()
        cni: dict[str, CniNetwork] = {}
        span = self.locator.span(self.offset)
        for network in networks:
            mode = _get(network, "Mode")
            mode = "host" if mode in (None, "") else mode
            if not isinstance(mode, str):
                continue
            modes.add(mode)
            if mode.startswith("cni/"):
                name = mode[4:]
                cni.setdefault(name, CniNetwork(name=name, file=self.locator.name, span=span, port_mappings=None))
        return frozenset(modes), cni

    def _host_networks(self, resources: dict | None) -> dict[str, tuple[Address, ...]]:
        found: dict[str, list[Address]] = {}
        node_networks = _get(resources, "NodeNetworks")
        if isinstance(node_networks, list):
            for n_index, network in enumerate(node_networks):
                addresses = _get(network, "Addresses")
                for a_index, address in enumerate(addresses if isinstance(addresses, list) else []):
                    alias = _get(address, "Alias")
                    if not isinstance(alias, str) or not alias:
                        continue
                    path: list[str | int] = ["NodeResources", "NodeNetworks", n_index, "Addresses", a_index]
                    ports = self._ports(_get(address, "ReservedPorts"), [*path, "ReservedPorts"], alias)
                    ip = _get(address, "Address")
                    found.setdefault(alias, []).append(Address(alias, ip if isinstance(ip, str) else None, ports))
            return {alias: tuple(items) for alias, items in sorted(found.items())}
        # Nodes older than Nomad 0.12 have no NodeNetworks: their host-mode
        # addresses are the `default` network.
        legacy = _get(resources, "Networks")
        for network in legacy if isinstance(legacy, list) else []:
            if _get(network, "Mode") in (None, "", "host"):
                ip = _get(network, "IP")
                found.setdefault("default", []).append(Address("default", ip if isinstance(ip, str) else None))
        return {alias: tuple(items) for alias, items in found.items()}

    def _ports(self, spec: Any, path: list[str | int], alias: str) -> frozenset[int]:
        if spec in (None, ""):
            return frozenset()
        if not isinstance(spec, str):
            self.problem(path, 'ReservedPorts must be a string such as "22,80"')
            return frozenset()
        ports, error = parse_port_ranges(spec)
        if error is not None:
            self._port_problem(spec, path, f'error parsing reserved_ports for network "{alias}"')
        return ports

    def _port_problem(self, spec: str, path: list[str | int], where: str) -> None:
        span = self.locator.field_span(self.offset, path)
        template = "network: invalid node: {where}: {message} (node is never chosen)"
        for diagnostic in port_range_findings(Setting(spec, span), where, template):
            self.result.diagnostics.append(diagnostic)

    def _reserved(self) -> frozenset[int]:
        reserved = _get(_get(self.item, "ReservedResources"), "Networks")
        spec = _get(reserved, "ReservedHostPorts")
        if spec in (None, ""):
            return frozenset()
        path: list[str | int] = ["ReservedResources", "Networks", "ReservedHostPorts"]
        if not isinstance(spec, str):
            self.problem(path, 'ReservedHostPorts must be a string such as "22,80"')
            return frozenset()
        ports, error = parse_port_ranges(spec)
        if error is not None:
            self._port_problem(spec, path, "error parsing reserved_ports")
        return ports

    def _port(self, resources: dict | None, key: str, default: int) -> int:
        value = _get(resources, key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        return default  # Nomad's NetworkIndex also falls back when the node says 0

    def _plugins(self, attributes: dict[str, str] | None) -> dict[str, str] | None:
        if attributes is None:
            return None
        plugins = {k[len(_CNI_PLUGIN_ATTR) :]: v for k, v in attributes.items() if k.startswith(_CNI_PLUGIN_ATTR)}
        if plugins:
            return dict(sorted(plugins.items()))
        # The plugins_cni fingerprinter exists since Nomad 1.8: on such a node no
        # attribute means no plugin; on older nodes it means "not fingerprinted".
        version = re.match(r"(\d+)\.(\d+)", attributes.get("nomad.version", ""))
        if version and (int(version.group(1)), int(version.group(2))) >= (1, 8):
            return {}
        return None
