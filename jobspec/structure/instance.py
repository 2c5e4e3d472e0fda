"""The instance the schema checks, built from the syntax tree, with a span for every path.

A body (the file, or the inside of a block) becomes::

    {"attributes": {name: value, ...}, "blocks": {type: [block, ...], ...}}

and a block ``{"labels": [label, ...], "body": body}``. Attribute values are
what :func:`jobspec.evaluate.evaluate` makes of them. Keeping arguments and
blocks apart is what lets ``meta`` be both a map argument and a block, and lets
a block written where an argument belongs (``count { }``) be told from a wrong
value. ``dynamic "port" { content { } }`` inside a job counts as a ``port``
block whose labels are unknown. Every instance path maps to a :class:`Span`, so
each finding lands on the argument's value, the argument or block name, a
label, or a block header.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Span
from jobspec.evaluate import Scope, Unknown, evaluate
from jobspec.load.syntax import Body, Document, Expr

InstancePath = tuple[Any, ...]
Owner = tuple[str | None, str | None]


@dataclass
class Instance:
    """The JSON instance and, for each path in it, where it came from."""

    value_spans: dict[InstancePath, Span] = field(default_factory=dict)
    name_spans: dict[InstancePath, Span] = field(default_factory=dict)
    owners: dict[InstancePath, Owner] = field(default_factory=dict)
    attributes: set[InstancePath] = field(default_factory=set)
    scope: Scope | None = None
    """The evaluated variables and locals, so a wrong-typed ``var.*`` is caught at its use."""

    def body(self, body: Body, path: InstancePath, owner: Owner | None) -> dict[str, Any]:
        """``owner`` is the job and group around ``body``; None outside any job."""
        attributes: dict[str, Any] = {}
        for attr in body.attributes:
            attributes[attr.name] = _value(attr.expr, self.scope)
            where = (*path, "attributes", attr.name)
            self.value_spans[where] = attr.expr.span
            self.name_spans[where] = attr.name_span
            self.attributes.add(where)
        blocks: dict[str, list[Any]] = {}
        for block in body.blocks:
            type_, type_span, inner = block.type, block.type_span, block.body
            labels: list[str] | Unknown = list(block.labels)
            if owner is not None and block.type == "dynamic" and block.labels:
                # jobspec2 expands dynamic blocks inside a job; their labels come from an expression.
                contents = block.body.blocks_of("content")
                if not contents:
                    continue
                type_, type_span, inner = block.labels[0], block.label_spans[0], contents[0].body
                labels = Unknown("the labels of a dynamic block are set by its `labels` argument")
            entries = blocks.setdefault(type_, [])
            at = (*path, "blocks", type_, len(entries))
            self.value_spans[at] = block.header_span
            self.name_spans[at] = type_span
            if isinstance(labels, list):
                for i, span in enumerate(block.label_spans):
                    label_at = (*at, "labels", i)
                    self.value_spans[label_at] = span
            inner_owner = _owner(owner, type_, block.label)
            if inner_owner is not None:
                self.owners[at] = inner_owner
            entries.append({"labels": labels, "body": self.body(inner, (*at, "body"), inner_owner)})
        return {"attributes": attributes, "blocks": blocks}

    def span(self, path: InstancePath, names: bool = False) -> Span:
        table = self.name_spans if names else self.value_spans
        for end in range(len(path), 0, -1):
            span = table.get(path[:end]) or self.value_spans.get(path[:end])
            if span is not None:
                return span
        return self.value_spans[()]

    def attribute_of(self, path: InstancePath) -> InstancePath | None:
        """The path of the argument whose value holds ``path``."""
        for end in range(len(path), 1, -1):
            if path[:end] in self.attributes:
                return path[:end]
        return None

    def owner(self, path: InstancePath) -> Owner:
        for end in range(len(path), 0, -1):
            if path[:end] in self.owners:
                return self.owners[path[:end]]
        return (None, None)


def _value(expr: Expr, scope: Scope | None) -> Any:
    try:
        return evaluate(expr, scope)
    except Exception:  # an HCL form the evaluator cannot read yet must not stop the check: unknown is never wrong
        return Unknown(f"`{expr.source}` cannot be evaluated offline")


def _owner(outer: Owner | None, type_: str, label: str | None) -> Owner | None:
    """The job and group a block of ``type_`` belongs to, or makes."""
    if outer is None:
        return (label or "", None) if type_ == "job" else None
    job, group = outer
    if type_ == "group" and label is not None:
        return (job, label)
    # jobspec2 makes a job-level task a group of its own, named after the task.
    if type_ == "task" and group is None and label is not None:
        return (job, label)
    return outer


def build(document: Document, scope: Scope | None = None) -> tuple[dict[str, Any], Instance]:
    where = Instance(scope=scope)
    where.value_spans[()] = document.body.span
    return where.body(document.body, (), None), where
