"""``dynamic`` blocks expanded into ordinary blocks, as hcl's dynblock does for jobspec2.

``dynamic "port" { for_each = ..., iterator = p, labels = [...], content { ... } }``
becomes one ``port`` block per element. The new blocks are plain
:class:`~jobspec.load.syntax.Block` values, so the normaliser needs no change:
their spans point into the template (the ``"port"`` label, the ``labels``
element, the content's attributes), and each content expression carries its
iterator's value in a :class:`~jobspec.evaluate.expressions.Bound` node.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from jobspec.diagnostics import Finding, Span
from jobspec.evaluate.expressions import Bound, Scope, evaluate_checked
from jobspec.evaluate.types import ConversionError, CtySet, convert, type_name
from jobspec.evaluate.values import Unknown, is_known
from jobspec.load.syntax import Attribute, Block, Body, Expr
from jobspec.load_rules import HCL_EVAL

_IDENTIFIER = re.compile(r"^[A-Za-z_][\w-]*$")


def has_dynamic(body: Body) -> bool:
    return any(block.type == "dynamic" for block in body.walk())


class Expander:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.diagnostics: list[Finding] = []

    def error(self, span: Span, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Finding(message, span, hint, rule=HCL_EVAL))

    def body(self, body: Body, bindings: dict[str, Any]) -> Body:
        attributes = tuple(self.rebind(a, bindings) for a in body.attributes) if bindings else body.attributes
        blocks: list[Block] = []
        for block in body.blocks:
            if block.type == "dynamic":
                blocks.extend(self.dynamic(block, bindings))
            else:
                blocks.append(replace(block, body=self.body(block.body, bindings)))
        return Body(attributes, tuple(blocks), body.span)

    @staticmethod
    def rebind(attr: Attribute, bindings: dict[str, Any]) -> Attribute:
        return replace(attr, expr=_bound(attr.expr, bindings))

    def evaluate(self, expr: Expr, bindings: dict[str, Any]) -> Any:
        value, error = evaluate_checked(_bound(expr, bindings), self.scope)
        if error is not None:
            self.diagnostics.append(Finding(str(error), error.span, error.hint, rule=error.rule))
        return value

    def dynamic(self, block: Block, bindings: dict[str, Any]) -> list[Block]:
        if len(block.labels) != 1:
            self.error(
                block.header_span,
                "Invalid dynamic block; a dynamic block needs one label: the type of block to generate.",
                'write `dynamic "port" { ... }`',
            )
            return []
        kind = block.labels[0]
        body = block.body
        for_each = body.attribute("for_each")
        contents = body.blocks_of("content")
        if for_each is None:
            self.error(
                block.header_span,
                'Missing required argument; The argument "for_each" is required, but no definition was found.',
                "add `for_each = [...]`",
            )
            return []
        if len(contents) != 1:
            what = (
                'Missing content block; A dynamic block must have a nested block of type "content" to describe '
                "the body of each generated block."
                if not contents
                else "Duplicate content block; Only one content block is allowed in a dynamic block."
            )
            self.error(block.header_span if not contents else contents[1].type_span, what)
            return []
        iterator = kind
        iterator_attr = body.attribute("iterator")
        if iterator_attr is not None:
            name = iterator_attr.expr.source.strip()
            if not _IDENTIFIER.match(name):
                self.error(
                    iterator_attr.expr.span,
                    "Invalid dynamic iterator name; Dynamic iterator must be a single variable name.",
                    "write `iterator = name`",
                )
                return []
            iterator = name
        collection = self.evaluate(for_each.expr, bindings)
        if isinstance(collection, Unknown):
            return [self.unexpanded(block, bindings, iterator)]
        if collection is None or not isinstance(collection, (list, dict)):
            what = "a null value" if collection is None else f"a {type_name(collection)} value"
            self.error(
                for_each.expr.span,
                f"Invalid dynamic for_each value; Cannot use {what} in for_each. An iterable collection is required.",
                "for_each takes a list, set or map",
            )
            return []
        pairs = (
            # hcl ext/dynblock: a set's elements are their own keys, in cty's set order.
            [(item, item) for item in collection]
            if isinstance(collection, CtySet)
            else list(enumerate(collection))
            if isinstance(collection, list)
            else [(k, collection[k]) for k in sorted(collection)]
        )
        labels_attr = body.attribute("labels")
        result = []
        for key, value in pairs:
            inner = {**bindings, iterator: {"key": key, "value": value}}
            labels, label_spans = self.labels(labels_attr, inner)
            if isinstance(labels, Unknown):
                return [self.unexpanded(block, bindings, iterator)]
            if labels is None:
                continue
            result.append(
                Block(
                    type=kind,
                    type_span=block.label_span,
                    labels=labels,
                    label_spans=label_spans,
                    body=self.body(contents[0].body, inner),
                    span=block.span,
                )
            )
        return result

    def unexpanded(self, block: Block, bindings: dict[str, Any], iterator: str) -> Block:
        """A dynamic block whose blocks are not known offline stays as written, so the
        checks that need every block of its type see it and skip (DESIGN.md: unknown is
        not wrong); dropping it would make them report the blocks it generates as missing.
        Its iterator is unknown too, so the content's values are not judged either."""
        unknown = Unknown(f"{iterator}.key and {iterator}.value are not known offline")
        return replace(block, body=self.body(block.body, {**bindings, iterator: unknown}))

    def labels(
        self, attr: Attribute | None, bindings: dict[str, Any]
    ) -> tuple[tuple[str, ...] | Unknown | None, tuple[Span, ...]]:
        """The generated block's labels; Unknown when not known offline, None after an error."""
        if attr is None:
            return (), ()
        elements = _tuple_elements(attr.expr)
        if elements is None:
            # hcl ext/dynblock expand_spec.go decodeSpec reads labels with hcl.ExprList.
            self.error(
                attr.expr.span,
                "Invalid expression; A static list expression is required.",
                "write the labels as a list: `labels = [port.value]`",
            )
            return None, ()
        value = self.evaluate(attr.expr, bindings)
        if not is_known(value):
            # One unknown element (``[uuidv4()]``) hides the labels as much as an unknown list.
            return Unknown("the labels of a dynamic block are not known offline"), ()
        try:
            labels = tuple(convert(value, ("list", "string")))
        except ConversionError as exc:
            self.error(attr.expr.span, f"Invalid dynamic block labels; {exc}.", "labels takes a list of strings")
            return None, ()
        if any(label is None for label in labels):
            self.error(attr.expr.span, "Invalid dynamic block label; Cannot use a null value as a dynamic block label.")
            return None, ()
        spans = tuple(elements[i] if i < len(elements) else attr.expr.span for i in range(len(labels)))
        return labels, spans


def _bound(expr: Expr, bindings: dict[str, Any]) -> Expr:
    if not bindings:
        return expr
    node = expr.node
    if isinstance(node, Bound):
        node, bindings = node.node, {**node.bindings, **bindings}
    return Expr(expr.span, expr.source, Bound(node, bindings))


def _tuple_elements(expr: Expr) -> list[Span] | None:
    """The spans of a tuple constructor's elements; None when ``expr`` is no tuple constructor."""
    node = expr.node.node if isinstance(expr.node, Bound) else expr.node
    while type(node).__name__ == "ExprTermRule":
        node = node.expression
    if type(node).__name__ != "TupleRule":
        return None
    spans = []
    for element in node.elements:
        m = element._meta
        spans.append(Span(expr.span.file, m.line, m.column, m.end_line, m.end_column))
    return spans
