"""Catalogs built directly from the model, for the catalog cross-check tests."""

from __future__ import annotations

import textwrap

from jobspec.diagnostics import Diagnostic, Span
from jobspec.engine.file import lint_text
from jobspec.model.catalog import Address, Catalog, CatalogNode, CniNetwork

SOURCE = Span.point("nodes.json")
BRIDGE_PLUGINS = {p: "1.0.0" for p in ("bridge", "firewall", "host-local", "loopback", "portmap")}


def node(name: str = "n1", *, aliases: tuple[str, ...] = ("default",), ip: str | None = None, **fields) -> CatalogNode:
    """A ready node; each alias gets one address (``ip`` or a distinct made-up one)."""
    number = abs(hash(name)) % 250 + 1
    fields.setdefault(
        "host_networks",
        {alias: (Address(alias, ip or f"10.{number}.{i}.1"),) for i, alias in enumerate(aliases)},
    )
    fields.setdefault("network_modes", frozenset({"host", "bridge"}))
    fields.setdefault("cni_plugins", dict(BRIDGE_PLUGINS))
    return CatalogNode(name, SOURCE, id=f"id-{name}", **fields)


def cni(name: str, port_mappings: bool | None = True, file: str = "cni/net.conflist") -> CniNetwork:
    return CniNetwork(name, file, Span.point(file, 2, 3), ("bridge", "portmap"), port_mappings)


def catalog(*nodes: CatalogNode) -> Catalog:
    return Catalog(nodes=tuple(nodes), sources=("test",))


def lint_with(text: str, cat: Catalog) -> list[Diagnostic]:
    outcome = lint_text(textwrap.dedent(text), "job.nomad", catalog=cat)
    return sorted(outcome.diagnostics, key=Diagnostic.sort_key)


def skipped_with(text: str, cat: Catalog) -> list[str]:
    return lint_text(textwrap.dedent(text), "job.nomad", catalog=cat).skipped


def found_with(text: str, cat: Catalog, rule: str) -> list[tuple[int, int]]:
    return [(d.span.line, d.span.column) for d in lint_with(text, cat) if d.rule == rule]


def messages(text: str, cat: Catalog, rule: str) -> list[str]:
    return [d.message for d in lint_with(text, cat) if d.rule == rule]
