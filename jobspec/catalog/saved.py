"""The normalised catalog as JSON (``schemas/catalog.schema.json``): printed by
``jobspec catalog show --format json`` and loaded back as a catalog source.

The output is byte-deterministic: nodes in load order, every map sorted by key.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from jobspec.catalog.problems import invalid
from jobspec.diagnostics import Finding, Span
from jobspec.load.jsontree import at_path, parse
from jobspec.model.catalog import Address, Catalog, CatalogNode, CniNetwork, NodeResources
from jobspec.model.port_ranges import format_port_ranges, parse_port_ranges
from jobspec.schemas import load_schema

CATALOG_KIND = "jobspec-catalog"
CATALOG_VERSION = 1


def catalog_to_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "version": CATALOG_VERSION,
        "kind": CATALOG_KIND,
        "sources": list(catalog.sources),
        "skipped": list(catalog.skipped),
        "nodes": [_node(n) for n in catalog.nodes],
    }


def render(catalog: Catalog) -> str:
    return json.dumps(catalog_to_json(catalog), indent=2, ensure_ascii=False) + "\n"


def _node(node: CatalogNode) -> dict[str, Any]:
    return {
        "name": node.name,
        "id": node.id,
        "source": {
            "file": node.source.file,
            "line": node.source.line,
            "column": node.source.column,
            "end_line": node.source.end_line,
            "end_column": node.source.end_column,
        },
        "datacenter": node.datacenter,
        "node_pool": node.node_pool,
        "node_class": node.node_class,
        "status": node.status,
        "eligible": node.eligible,
        "draining": node.draining,
        "count": node.count,
        "meta": dict(sorted(node.meta.items())),
        "attributes": dict(sorted(node.attributes.items())) if node.attributes_known or node.attributes else None,
        "attributes_known": node.attributes_known,
        "meta_known": node.meta_known,
        "drivers": dict(sorted(node.drivers.items())) if node.drivers is not None else None,
        "drivers_complete": node.drivers_complete,
        "resources": None if node.resources is None else dataclasses.asdict(node.resources),
        "network_modes": sorted(node.network_modes) if node.network_modes is not None else None,
        "host_networks": {
            alias: [{"address": a.address, "reserved_ports": format_port_ranges(a.reserved_ports)} for a in addresses]
            for alias, addresses in sorted(node.host_networks.items())
        },
        "cni_networks": (
            {name: _network(net) for name, net in sorted(node.cni_networks.items())}
            if node.cni_networks is not None
            else None
        ),
        "cni_plugins": dict(sorted(node.cni_plugins.items())) if node.cni_plugins is not None else None,
        "reserved_ports": format_port_ranges(node.reserved_ports),
        "min_dynamic_port": node.min_dynamic_port,
        "max_dynamic_port": node.max_dynamic_port,
        "cni_path": list(node.cni_path) if node.cni_path is not None else None,
        "cni_config_dir": node.cni_config_dir,
        "bridge_network_name": node.bridge_network_name,
        "bridge_network_subnet": node.bridge_network_subnet,
    }


def _network(net: CniNetwork) -> dict[str, Any]:
    return {
        "file": net.file,
        "line": net.span.line,
        "column": net.span.column,
        "end_line": net.span.end_line,
        "end_column": net.span.end_column,
        "plugins": list(net.plugins),
        "port_mappings": net.port_mappings,
        "cni_version": net.cni_version,
    }


def _span(item: dict[str, Any]) -> Span:
    line, column = item.get("line", 1), item.get("column", 1)
    return Span(item["file"], line, column, item.get("end_line", line), item.get("end_column", column + 1))


def is_saved_catalog(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == CATALOG_KIND


def load_saved(text: str, name: str, data: dict[str, Any]) -> tuple[Catalog, list[Finding]]:
    """A catalog from its JSON; schema violations become diagnostics at the value."""
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(load_schema("catalog.schema.json")).iter_errors(data))
    if errors:
        tree, _ = parse(text, name)
        found = []
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])[:20]:
            span = at_path(tree, tuple(error.absolute_path))[0].span if tree else Span.point(name)
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            found.append(invalid(span, f"catalog JSON does not match its schema at {where}: {_schema_words(error)}"))
        return Catalog(sources=(name,)), found
    nodes = tuple(_read_node(item, name) for item in data["nodes"])
    return Catalog(nodes=nodes, sources=(name,), skipped=tuple(data.get("skipped", ()))), []


_KINDS = {"string": "a string", "integer": "a whole number", "number": "a number", "boolean": "true or false"}
_KINDS |= {"array": "an array", "object": "an object", "null": "null"}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a whole number" if isinstance(value, int) else "a number"
    names: dict[type, str] = {str: "a string", list: "an array"}
    return names.get(type(value), "an object")


def _schema_words(error: Any) -> str:
    """A jsonschema error in JSON's words: its own messages show Python reprs."""
    value, kind = error.validator_value, error.validator
    if kind == "type":
        wanted = [value] if isinstance(value, str) else list(value)
        return f"expected {' or '.join(_KINDS.get(w, w) for w in wanted)}, not {_kind(error.instance)}"
    if kind == "required":
        missing = [key for key in value if isinstance(error.instance, dict) and key not in error.instance]
        return f'the key "{missing[0]}" is required' if missing else "a required key is missing"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        extra = sorted(key for key in error.instance if key not in known)
        return f'unknown key "{extra[0]}"' if extra else "unknown key"
    if kind in ("const", "enum"):
        allowed = [value] if kind == "const" else value
        return f"expected {' or '.join(json.dumps(a) for a in allowed)}, not {json.dumps(error.instance)}"
    if kind in ("minimum", "maximum"):
        bound = "below the minimum" if kind == "minimum" else "above the maximum"
        return f"{json.dumps(error.instance)} is {bound} {value}"
    if kind in ("oneOf", "anyOf"):
        return f"{_kind(error.instance)} is not one of the shapes allowed here"
    return error.message


def _read_node(item: dict[str, Any], name: str) -> CatalogNode:
    source = item.get("source") or {"file": name, "line": 1, "column": 1}
    attributes = item.get("attributes")
    cni = item.get("cni_networks")
    modes = item.get("network_modes")
    cni_path = item.get("cni_path")
    return CatalogNode(
        name=item["name"],
        source=_span(source),
        id=item.get("id"),
        datacenter=item.get("datacenter", "dc1"),
        node_pool=item.get("node_pool", "default"),
        node_class=item.get("node_class", ""),
        status=item.get("status", "ready"),
        eligible=item.get("eligible", True),
        draining=item.get("draining", False),
        count=item.get("count", 1),
        meta=dict(item.get("meta", {})),
        attributes=dict(attributes or {}),
        attributes_known=item.get("attributes_known", attributes is not None),
        meta_known=item.get("meta_known", True),
        drivers=item.get("drivers"),
        drivers_complete=item.get("drivers_complete", True),
        resources=None if item.get("resources") is None else NodeResources(**item["resources"]),
        network_modes=frozenset(modes) if modes is not None else None,
        host_networks={
            alias: tuple(
                Address(alias, a.get("address"), parse_port_ranges(a.get("reserved_ports", ""))[0]) for a in addresses
            )
            for alias, addresses in item.get("host_networks", {}).items()
        },
        cni_networks=(
            {
                net_name: CniNetwork(
                    name=net_name,
                    file=net["file"],
                    span=_span(net),
                    plugins=tuple(net.get("plugins", ())),
                    port_mappings=net.get("port_mappings"),
                    cni_version=net.get("cni_version"),
                )
                for net_name, net in cni.items()
            }
            if cni is not None
            else None
        ),
        cni_plugins=item.get("cni_plugins"),
        reserved_ports=parse_port_ranges(item.get("reserved_ports", ""))[0],
        min_dynamic_port=item.get("min_dynamic_port", 20000),
        max_dynamic_port=item.get("max_dynamic_port", 32000),
        cni_path=tuple(cni_path) if cni_path is not None else None,
        cni_config_dir=item.get("cni_config_dir"),
        bridge_network_name=item.get("bridge_network_name"),
        bridge_network_subnet=item.get("bridge_network_subnet"),
    )
