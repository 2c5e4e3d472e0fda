"""Diagnostics the catalog loaders raise themselves: a source that cannot be
read at all, or whose content is not a catalog source."""

from __future__ import annotations

from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.rules import catalog_invalid, catalog_unreadable


def unreadable(path: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(catalog_unreadable.ID, catalog_unreadable.SEVERITY, message, Span.point(path), hint)


def invalid(span: Span, message: str, hint: str | None = None, severity: Severity | None = None) -> Diagnostic:
    return Diagnostic(catalog_invalid.ID, severity or catalog_invalid.SEVERITY, message, span, hint)
