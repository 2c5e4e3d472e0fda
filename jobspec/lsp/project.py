"""What checking a document takes (its folder's :class:`Settings`, which
:func:`jobspec.commands.lsp.settings_for` reads as ``validate`` does) and the
catalog it names, and the one call that checks a text.

Catalogs load on a thread of their own, once, and again when one of their files
changes; until the first load is done a document is checked without its catalog,
so a slow catalog never holds up diagnostics.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from jobspec.app.lint import open_catalog
from jobspec.diagnostics import Diagnostic, Outcome, Severity, Span
from jobspec.engine.file import lint_file
from jobspec.engine.options import Options
from jobspec.load_rules import CATALOG_UNREADABLE, CONFIG_INVALID
from jobspec.model.catalog import Catalog


@dataclass(frozen=True)
class Settings:
    """What checking a document in one folder takes."""

    options: Options
    catalog: tuple[str, ...] = ()
    problem: str | None = None
    """Why documents here are not checked: the configuration has a mistake (as
    ``validate`` stops with exit code 2)."""


def without_catalog(settings: Settings) -> str:
    """Why a document has no catalog (yet), in words for a hover."""
    if not settings.catalog:
        return "no catalog is configured (`catalog` in .jobspec.toml or `[tool.jobspec]`)"
    missing = [p for p in settings.catalog if not os.path.exists(p)]
    if missing:
        return f"catalog path does not exist: {missing[0]}"
    return "the catalog is still loading"


def lint(data: bytes, name: str, options: Options) -> Outcome:
    """One document's diagnostics: jobspec's per-file check, as ``validate`` runs it."""
    return lint_file(data, name, options, options.ignored_for(name))


def recheck(data: bytes, name: str, options: Options) -> list[Diagnostic]:
    """``data`` checked as the document ``name`` is, for the passes of a fix-all."""
    return lint(data, name, options).diagnostics


@dataclass(frozen=True)
class Found:
    """What to show on one document."""

    own: tuple[Diagnostic, ...] = ()
    """Its own diagnostics, at their places: the ones code actions act on."""
    elsewhere: tuple[Diagnostic, ...] = ()
    """The problems of its setup, and findings in another file (a var file), shown at
    its first line: no edit of the document fixes or silences them."""

    @property
    def shown(self) -> tuple[Diagnostic, ...]:
        return self.elsewhere + self.own


def diagnostics_for(text: str, name: str, settings: Settings, catalog: Catalog | None) -> Found:
    """Everything to show on the document ``name``."""
    top = Span.point(name)
    if settings.problem is not None:
        return Found(elsewhere=(Diagnostic(CONFIG_INVALID, Severity.ERROR, settings.problem, top),))
    elsewhere = [
        Diagnostic(
            CATALOG_UNREADABLE,
            Severity.ERROR,
            f"catalog path does not exist: {path}; the catalog checks are skipped",
            top,
            "fix `catalog` in the configuration",
        )
        for path in settings.catalog
        if not os.path.exists(path)
    ]
    own = []
    outcome = lint(text.encode("utf-8"), name, replace(settings.options, catalog=catalog))
    for d in outcome.diagnostics:
        if d.span.file == name:
            own.append(d)
        else:
            where = f"{d.span.file}:{d.span.line}:{d.span.column}"
            elsewhere.append(replace(d, message=f"{where}: {d.message}", span=top, fix=None, related=()))
    return Found(tuple(own), tuple(elsewhere))


def _fingerprint(paths: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file the catalog paths take."""
    seen: list[tuple[str, int, int]] = []
    for path in paths:
        members = [path]
        if os.path.isdir(path):
            members = sorted(os.path.join(root, n) for root, _, names in os.walk(path) for n in names)
        for member in members:
            try:
                st = os.stat(member)
            except OSError:
                seen.append((member, -1, -1))
            else:
                seen.append((member, st.st_size, st.st_mtime_ns))
    return tuple(seen)


@dataclass
class _Entry:
    options: Options
    """The rule selection the catalog's conflist and agent rules ran with."""
    fingerprint: tuple[tuple[str, int, int], ...] = ()
    catalog: Catalog | None = None
    loading: bool = False


class Catalogs:
    """Catalogs by their paths and rule selection. ``loaded(paths, problems)`` is
    called from the loading thread when a catalog is (re)loaded, with its sources'
    problems."""

    def __init__(self, loaded: Callable[[tuple[str, ...], tuple[Diagnostic, ...]], None]) -> None:
        self._loaded = loaded
        self._entries: dict[tuple[Any, ...], _Entry] = {}
        self._lock = threading.Lock()

    def get(self, settings: Settings) -> Catalog | None:
        """The catalog ``settings`` name as last loaded (None until the first load is
        done, and when a path is missing), starting a load when there is none yet or
        its files changed."""
        paths = settings.catalog
        if not paths or not all(os.path.exists(p) for p in paths):
            return None
        key = (paths, settings.options.select, settings.options.ignore)
        fingerprint = _fingerprint(paths)
        with self._lock:
            entry = self._entries.setdefault(key, _Entry(settings.options))
            start = not entry.loading and (entry.catalog is None or entry.fingerprint != fingerprint)
            if start:
                entry.loading = True
            catalog = entry.catalog
        if start:
            threading.Thread(target=self._load, args=(key, fingerprint), daemon=True, name="jobspec-catalog").start()
        return catalog

    def refresh(self) -> None:
        """Reload every catalog whose files changed since it was loaded."""
        with self._lock:
            known = [(key[0], entry.options) for key, entry in self._entries.items()]
        for paths, options in known:
            self.get(Settings(options, paths))

    def _load(self, key: tuple[Any, ...], fingerprint: tuple[tuple[str, int, int], ...]) -> None:

        paths, options = key[0], self._entries[key].options
        try:
            found = open_catalog(paths, options)
        finally:
            with self._lock:
                self._entries[key].loading = False
        with self._lock:
            self._entries[key] = _Entry(options, fingerprint, found.catalog)
        self._loaded(paths, found.problems)
