"""Diagnostics the catalog loaders raise themselves: a source that cannot be
read at all, or whose content is not a catalog source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from jobspec.diagnostics import Finding, Severity, Span
from jobspec.load.files import read_bytes

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig
    from jobspec.model.conflist import ConflistFile
from jobspec.load.files import decode
from jobspec.load_rules import CATALOG_INVALID, CATALOG_UNREADABLE


def unreadable(path: str, message: str, hint: str | None = None) -> Finding:
    return Finding(message, Span.point(path), hint, rule=CATALOG_UNREADABLE)


def read_text(path: str, display: str) -> str | Finding:
    """A catalog file's text, or the catalog-unreadable diagnostic saying why there is none."""

    data, problem = read_bytes(path)
    if problem is not None:
        return unreadable(display, problem)
    text, diagnostic = decode(data, display)
    if diagnostic is not None or text is None:
        return unreadable(display, diagnostic.message if diagnostic else "cannot be decoded")
    return text


def invalid(span: Span, message: str, hint: str | None = None, severity: Severity | None = None) -> Finding:
    return Finding(message, span, hint, severity=severity, rule=CATALOG_INVALID)


class Lint(Protocol):
    """The checks a loader runs over the CNI configs and agent configs it reads: the
    engine's conflist and agent rules (``jobspec.engine.Linter``), handed down so
    that the catalog never imports the rules above it. Findings come stamped
    (``rule`` and ``severity`` set)."""

    def conflists(self, files: Sequence[ConflistFile]) -> tuple[list[Finding], list[str]]: ...

    def agent(self, agent: AgentConfig) -> list[Finding]: ...
