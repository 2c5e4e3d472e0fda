"""Helpers for catalog tests: conflist text in, diagnostics out."""

from __future__ import annotations

import textwrap

from jobspec.catalog import cni
from jobspec.diagnostics import Diagnostic
from jobspec.engine.run import check_conflists


def lint_files(files: dict[str, str]) -> list[Diagnostic]:
    """Lint several config files of one folder (name → text), in Nomad's order."""
    confs = []
    for name in sorted(files):
        kind = "conflist" if name.endswith(".conflist") else "conf"
        confs.append(cni.conflist_from_bytes(textwrap.dedent(files[name]).encode(), name, kind))
    return sorted(check_conflists(confs).diagnostics, key=Diagnostic.sort_key)


def conf_found(text: str, rule: str, name: str = "10-net.conflist") -> list[tuple[int, int]]:
    return [(d.span.line, d.span.column) for d in lint_files({name: text}) if d.rule == rule]


def messages(text: str, rule: str, name: str = "10-net.conflist") -> list[str]:
    return [d.message for d in lint_files({name: text}) if d.rule == rule]
