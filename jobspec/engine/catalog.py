"""A node catalog, read with the enabled conflist and agent rules run over its files."""

from __future__ import annotations

from collections.abc import Collection

from jobspec import catalog as loaders
from jobspec.diagnostics import Diagnostic
from jobspec.engine.run import Linter, stamped
from jobspec.model.catalog import Catalog


def load_catalog(paths: list[str], enabled: Collection[str] | None = None) -> tuple[Catalog, list[Diagnostic]]:
    """The catalog from every path and every problem found reading it."""
    catalog, diagnostics, _ = load_sources(paths, enabled)
    return catalog, diagnostics


def load_sources(
    paths: list[str], enabled: Collection[str] | None = None
) -> tuple[Catalog, list[Diagnostic], list[str]]:
    """The catalog from every path, every problem found reading it, and the name of
    every file read (for reports). Only the rules in ``enabled`` run (all when None)."""
    catalog, findings, files = loaders.load_sources(paths, Linter(enabled))
    return catalog, stamped(findings), files
