"""Code actions, hover and completion, as functions of a document's text, its last
check and the catalog: the server hands them what the client sent and sends back
what they return."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from lsprotocol import types as lsp

from jobspec.diagnostics import Diagnostic, Edit, Span
from jobspec.docs import rule_markdown
from jobspec.edits import line_starts
from jobspec.engine import suppress
from jobspec.fix import applies, fix_file, syntax_error
from jobspec.lsp import convert, nodes
from jobspec.lsp.context import StringAt, port_labels, string_at
from jobspec.lsp.ignore import ignore_edit
from jobspec.model.catalog import Catalog
from jobspec.rules import rule_by_id


@dataclass(frozen=True)
class Checked:
    """A document's text and the diagnostics of its last check (none yet: empty)."""

    version: int | None
    text: str
    name: str
    diagnostics: tuple[Diagnostic, ...] = ()


def code_actions(
    checked: Checked,
    place: convert.Place,
    where: lsp.Range,
    only: Sequence[str] | None,
    versioned: bool,
    related: bool,
    fixed: Edit | None = None,
) -> list[lsp.CodeAction]:
    """The quick fixes for the diagnostics in ``where`` (each fix, then "ignore RULE
    on this line"), and ``source.fixAll.jobspec`` making ``fixed`` (what
    :func:`fix_all` gave), as far as ``only`` asks for them."""
    actions: list[lsp.CodeAction] = []
    if convert.wants(only, lsp.CodeActionKind.QuickFix):
        actions += _quick_fixes(checked, place, where, versioned, related)
    if fixed is not None and convert.wants(only, convert.FIX_ALL):
        actions.append(
            lsp.CodeAction(
                title="jobspec: fix all safe problems",
                kind=convert.FIX_ALL,
                edit=convert.workspace_edit([fixed], place, checked.version, versioned),
            )
        )
    return actions


def has_safe_fix(checked: Checked) -> bool:
    return any(applies(d.fix, unsafe=False) for d in checked.diagnostics)


def fix_all(checked: Checked, recheck: Callable[[bytes], list[Diagnostic]]) -> Edit | None:
    """Every safe fix made as ``validate --fix`` makes them (:func:`jobspec.fix.fix_file`:
    passes until nothing changes, an edit overlapping another left to the next pass,
    nothing at all when the result would not parse), as one edit of the part of the
    text that changed; None when nothing does. ``recheck`` checks new content as the
    document was checked."""
    result = fix_file(
        checked.text.encode("utf-8"),
        checked.name,
        list(checked.diagnostics),
        recheck,
        False,
        partial(syntax_error, name=checked.name),
    )
    if not result.changed:
        return None
    return changed_part(checked.text, result.after.decode("utf-8"), checked.name)


def changed_part(before: str, after: str, name: str) -> Edit:
    """One edit that turns ``before`` into ``after``: what lies between their common
    start and their common end, so an editor keeps the rest (and its cursor) as it is."""
    start = _common_start(before, after)
    tail = _common_start(before[start:][::-1], after[start:][::-1])
    return Edit(
        Span(name, *_position(before, start), *_position(before, len(before) - tail)),
        after[start : len(after) - tail],
    )


def _common_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start."""
    i, n = 0, min(len(a), len(b))
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _position(text: str, at: int) -> tuple[int, int]:
    starts = line_starts(text)
    row = bisect_right(starts, at) - 1
    return row + 1, at - starts[row] + 1


def _quick_fixes(
    checked: Checked, place: convert.Place, where: lsp.Range, versioned: bool, related: bool
) -> list[lsp.CodeAction]:

    start, end = place.jobspec_position(where.start), place.jobspec_position(where.end)
    hit = [
        d
        for d in checked.diagnostics
        if d.span.file == checked.name
        and (d.span.line, d.span.column) <= end
        and start <= (max(d.span.end_line, d.span.line), d.span.end_column)
    ]
    fixes, ignores = [], []
    seen: set[tuple[int, str]] = set()
    for d in hit:
        shown = [convert.diagnostic(d, place, related)]
        if d.fix is not None and d.fix.edits:
            fixes.append(convert.quick_fix(d.fix, shown, place, checked.version, versioned))
        if (d.span.line, d.rule) in seen:
            continue
        seen.add((d.span.line, d.rule))
        edit = ignore_edit(checked.text, checked.name, d.span.line, d.rule)
        if edit is not None:
            ignores.append(
                lsp.CodeAction(
                    title=f"Ignore {d.rule} on this line",
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=shown,
                    edit=convert.workspace_edit([edit], place, checked.version, versioned),
                )
            )
    return fixes + ignores


def hover(
    text: str, name: str, line: int, column: int, catalog: Catalog | None, no_catalog: str = ""
) -> tuple[str, Span] | None:
    """Markdown for the cursor at (``line``, ``column``) and the span it is about: a
    rule's documentation on its id in a ``# jobspec:ignore`` comment; which catalog
    nodes offer a host network, ``cni/`` network, datacenter or node pool (or, with no
    ``catalog``, why not: ``no_catalog``)."""
    found = _rule_hover(text, name, line, column)
    if found is not None:
        return found
    at = string_at(text, line, column)
    if at is None:
        return None
    kind = value_kind(at)
    value = at.value
    if kind == nodes.CNI:
        if not value.startswith("cni/") or len(value) == 4:
            return None
        value = value[4:]
    if kind is None or "${" in value:
        return None
    said = no_catalog if catalog is None else nodes.coverage(catalog, kind, value)
    return f"{kind} `{at.value}`: {said}", Span(name, at.line, at.column, at.line, at.end_column)


def _rule_hover(text: str, name: str, line: int, column: int) -> tuple[str, Span] | None:
    directives, _ = suppress.parse(text, name)
    for d in directives:
        for rule_id, start in d.rules:
            rule = rule_by_id(rule_id)
            if d.line == line and start <= column <= start + len(rule_id) and rule is not None:
                return rule_markdown(rule, heading="###"), Span(name, line, start, line, start + len(rule_id))
    return None


def value_kind(at: StringAt) -> str | None:
    """Which catalog name a string is, by the attribute it is the value of."""
    if at.attribute == "host_network":
        return nodes.HOST_NETWORK
    if at.attribute == "mode" and at.blocks[-1:] == ("network",):
        return nodes.CNI
    if at.attribute == "datacenters":
        return nodes.DATACENTER
    if at.attribute == "node_pool" and at.blocks[-1:] == ("job",):
        return nodes.NODE_POOL
    return None


def completions(
    text: str, line: int, column: int, catalog: Catalog | None
) -> tuple[StringAt, list[tuple[str, str]]] | None:
    """The string the cursor is in and the (value, detail) pairs to offer in it: the
    catalog's names for ``host_network``, a network's ``mode`` (with ``host``,
    ``bridge`` and ``none``), ``datacenters`` and ``node_pool``; the group's port
    labels in a service's ``port`` and in a ``ports`` list. None where nothing fits."""
    at = string_at(text, line, column)
    if at is None:
        return None
    if (at.attribute == "ports" and at.in_list) or (at.attribute == "port" and "service" in at.blocks):
        if at.group_start is None:
            return None
        return at, [(label, "port label") for label in port_labels(text, at.group_start)]
    kind = value_kind(at)
    if kind is None:
        return None
    offered: list[tuple[str, str]] = []
    if kind == nodes.CNI:
        offered = [(mode, "network mode") for mode in nodes.BUILT_IN_MODES]
    if catalog is not None:
        for value in nodes.names(catalog, kind):
            shown = f"cni/{value}" if kind == nodes.CNI else value
            offered.append((shown, nodes.coverage(catalog, kind, value)))
    return at, offered
