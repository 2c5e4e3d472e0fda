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
    for reason in catalog.skipped:
        console.print(f"not verified: {reason}", style="dim")
    return buffer.getvalue()


def _state(node: CatalogNode) -> str:
    parts = [node.status]
    if not node.eligible:
        parts.append("ineligible")
    if node.draining:
        parts.append("draining")
    return ", ".join(parts)
