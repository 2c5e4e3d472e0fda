"""The catalog as a table, for people (``jobspec catalog show`` on a terminal)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from jobspec.catalog.ports import format_port_ranges
from jobspec.model.catalog import Catalog, CatalogNode


def render_table(catalog: Catalog, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=160, highlight=False)
    table = Table(title=f"{len(catalog.nodes)} node(s) / class(es), {sum(n.count for n in catalog.nodes)} node(s)")
    for column in (
        "node",
        "count",
        "datacenter",
        "pool",
        "class",
        "state",
        "modes",
        "host networks",
        "reserved",
        "dynamic",
    ):
        table.add_column(column)
    for node in catalog.nodes:
        table.add_row(
            node.name,
            str(node.count),
            node.datacenter,
            node.node_pool,
            node.node_class or "-",
            _state(node),
            ", ".join(sorted(node.network_modes)) if node.network_modes is not None else "?",
            ", ".join(sorted(node.host_networks)) or "-",
            format_port_ranges(node.reserved_ports) or "-",
            f"{node.min_dynamic_port}-{node.max_dynamic_port}",
        )
    console.print(table)
    # What constraints, drivers and resources are judged on (left after reserved).
    facts = Table(title="drivers, resources free for allocations, attributes (? = not stated)")
    for column in ("node", "drivers", "cpu MHz", "memory MB", "disk MB", "cores", "attributes"):
        facts.add_column(column)
    for node in catalog.nodes:
        res = node.resources
        facts.add_row(
            node.name,
            _drivers(node),
            *(_number(getattr(res, k) if res is not None else None) for k in ("cpu", "memory", "disk", "cores")),
            _attributes(node),
        )
    console.print(facts)
    for reason in catalog.skipped:
        console.print(f"not verified: {reason}", style="dim")
    return buffer.getvalue()


# What constraints most often read; the JSON form (--format json) has every attribute.
_SHOWN_ATTRIBUTES = ("kernel.name", "cpu.arch", "os.name", "nomad.version")


def _drivers(node: CatalogNode) -> str:
    if node.drivers is None:
        return "?"
    usable = sorted(d for d, ok in node.drivers.items() if ok)
    return (
        ", ".join(usable) + ("" if node.drivers_complete else ", ?")
        if usable
        else ("-" if node.drivers_complete else "?")
    )


def _number(value: int | None) -> str:
    return "?" if value is None else str(value)


def _attributes(node: CatalogNode) -> str:
    shown = [f"{k}={node.attributes[k]}" for k in _SHOWN_ATTRIBUTES if k in node.attributes]
    if not node.attributes_known:
        shown.append("others ?")
    return ", ".join(shown) or "-"


def _state(node: CatalogNode) -> str:
    parts = [node.status]
    if not node.eligible:
        parts.append("ineligible")
    if node.draining:
        parts.append("draining")
    return ", ".join(parts)
