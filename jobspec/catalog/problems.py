"""Diagnostics the catalog loaders raise themselves: a source that cannot be
read at all, or whose content is not a catalog source."""

from __future__ import annotations

from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.load.files import read_bytes
from jobspec.rules import catalog_invalid, catalog_unreadable


def unreadable(path: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(catalog_unreadable.ID, catalog_unreadable.SEVERITY, message, Span.point(path), hint)


def read_text(path: str, display: str) -> str | Diagnostic:
    """A catalog file's text, or the catalog-unreadable diagnostic saying why there is none."""
    from jobspec.load.files import decode

    data, problem = read_bytes(path)
    if problem is not None:
        return unreadable(display, problem)
    text, diagnostic = decode(data, display)
    if diagnostic is not None or text is None:
        return unreadable(display, diagnostic.message if diagnostic else "cannot be decoded")
    return text


def invalid(span: Span, message: str, hint: str | None = None, severity: Severity | None = None) -> Diagnostic:
    return Diagnostic(catalog_invalid.ID, severity or catalog_invalid.SEVERITY, message, span, hint)
