"""``catalog check`` and ``catalog show``: a catalog read alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.engine.catalog import load_catalog, load_sources
from jobspec.model.catalog import Catalog
from jobspec.report.model import Report


def check_catalog(paths: Sequence[str], fail_on: Severity = Severity.ERROR) -> Report:
    """Every problem of the catalog sources: agent configs, conflists, node JSON."""

    catalog, diagnostics, files = load_sources(list(paths))
    return Report(
        files=len(files),
        diagnostics=tuple(diagnostics),
        skipped=tuple(sorted(catalog.skipped)),
        sources={name: _read_text(name) for name in sorted({d.span.file for d in diagnostics})},
        paths=tuple(files),
        fail_on=fail_on,
    )


def read_catalog(paths: Sequence[str]) -> tuple[Catalog, list[Diagnostic]]:
    """The catalog to show, with its problems (every rule on)."""

    return load_catalog(list(paths))


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
