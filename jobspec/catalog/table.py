"""The catalog as a table, for people (``jobspec catalog show`` on a terminal)."""

from __future__ import annotations

import io
import shutil

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jobspec.model.catalog import Catalog, CatalogNode
from jobspec.model.port_ranges import format_port_ranges
from jobspec.visible import visible

_COLUMNS = (
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
    "drivers",
    "free",
    "attributes",
)
# What constraints most often read; the JSON form (--format json) has every attribute.
_SHOWN_ATTRIBUTES = ("kernel.name", "cpu.arch", "os.name", "nomad.version")


def render_table(catalog: Catalog, color: bool = False, width: int | None = None) -> str:
    """A table when it fits in ``width`` columns (default: the terminal's, else
    ``$COLUMNS``, else 80), else one short paragraph per node, wrapped: a table
    squeezed narrower than its longest words would cut names into pieces."""
    buffer = io.StringIO()
    width = width or shutil.get_terminal_size().columns
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    # Names come from the catalog's files: as Text (never markup), control characters visible.
    rows = [tuple(Text(visible(cell)) for cell in _cells(node)) for node in catalog.nodes]
    table = Table(title=title(catalog), box=box.SIMPLE_HEAD, pad_edge=False)
    for column in _COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    # Its narrowest, every cell wrapped at spaces, measured as if the screen were endless.
    if console.measure(table, options=console.options.update_width(1_000_000)).minimum <= width:
        console.print(table)
    else:
        console.print(Text(title(catalog), style="bold"))
        for row in rows:
            console.print()
            console.print(_paragraph(row))
        if catalog.skipped:
            console.print()
    for reason in catalog.skipped:
        console.print(Text(f"not verified: {visible(reason)}", style="dim"))
    return buffer.getvalue()


def _paragraph(row: tuple[Text, ...]) -> Text:
    """One node as a few wrapped lines: its name and placement facts, then its networks."""
    name, count, datacenter, pool, node_class, state, modes, networks, reserved, dynamic, drivers, free, attrs = row
    nodes = "1 node" if count.plain == "1" else f"{count.plain} nodes"
    text = Text.assemble((name.plain, "bold"), f" — {nodes} · datacenter ", datacenter, " · pool ", pool)
    text.append_text(Text.assemble(" · class ", node_class, " · ", state))
    for label, value in (("modes", modes), ("host networks", networks), ("reserved ports", reserved)):
        text.append_text(Text.assemble("\n  ", (f"{label}: ", "dim"), value))
    text.append_text(Text.assemble(" · ", ("dynamic ports: ", "dim"), dynamic))
    text.append_text(Text.assemble("\n  ", ("drivers: ", "dim"), drivers, "\n  ", ("free: ", "dim"), free))
    text.append_text(Text.assemble("\n  ", ("attributes: ", "dim"), attrs))
    return text


def _cells(node: CatalogNode) -> tuple[str, ...]:
    return (
        node.name,
        str(node.count),
        node.datacenter,
        node.node_pool,
        node.node_class or "-",
        _state(node),
        ", ".join(sorted(node.network_modes)) if node.network_modes is not None else "?",
        ", ".join(sorted(node.host_networks)) or "-",
        # A space after each comma lets a narrow column wrap between ranges.
        format_port_ranges(node.reserved_ports).replace(",", ", ") or "-",
        f"{node.min_dynamic_port}-{node.max_dynamic_port}",
        _drivers(node),
        _free(node),
        _attributes(node),
    )


def _drivers(node: CatalogNode) -> str:
    """The drivers a node can run (detected and healthy); ``?`` where the catalog cannot say."""
    if node.drivers is None:
        return "?"
    usable = sorted(d for d, ok in node.drivers.items() if ok)
    return ", ".join([*usable, *([] if node.drivers_complete else ["?"])]) or "-"


def _free(node: CatalogNode) -> str:
    """What allocations may use: capacity less the client's reserved part."""
    res = node.resources
    if res is None:
        return "?"

    def amount(value: int | None, unit: str) -> str:
        return f"{'?' if value is None else value} {unit}"

    text = f"{amount(res.cpu, 'MHz')}, {amount(res.memory, 'MB')} memory, {amount(res.disk, 'MB')} disk"
    return text + (f", {res.cores} cores" if res.cores else "")


def _attributes(node: CatalogNode) -> str:
    shown = [f"{k}={node.attributes[k]}" for k in _SHOWN_ATTRIBUTES if k in node.attributes]
    if not node.attributes_known:
        shown.append("others ?")
    return ", ".join(shown) or "-"


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def title(catalog: Catalog) -> str:
    """``8 nodes: 3 listed singly, 5 in 2 classes of identical nodes``: a row
    with a count above 1 is a node class standing for that many nodes."""
    total = sum(n.count for n in catalog.nodes)
    classes = [n for n in catalog.nodes if n.count > 1]
    if not classes:
        return _count(total, "node")
    singles = len(catalog.nodes) - len(classes)
    in_classes = f"in {_count(len(classes), 'class', 'classes')} of identical nodes"
    if not singles:
        return f"{_count(total, 'node')} {in_classes}"
    return f"{_count(total, 'node')}: {singles} listed singly, {sum(n.count for n in classes)} {in_classes}"


def _state(node: CatalogNode) -> str:
    parts = [node.status]
    if not node.eligible:
        parts.append("ineligible")
    if node.draining:
        parts.append("draining")
    return ", ".join(parts)
