"""A ``cni { args = {...} }`` entry that Nomad rejects.

The client joins every CNI arg of the group into one ``CNI_ARGS`` string of
``key=value`` pairs separated by ``;``. So Nomad rejects a key set by two
``network`` blocks of the group ("duplicate CNI arg "static"") and a ``;``
in a key or value ("invalid ';' character in CNI arg key "a;b"", "invalid
';' character in CNI arg value "x;y"").

FAIL:

    network {
      mode = "cni/mynet"
      cni {
        args = { "IgnoreUnknown" = "true;1" }
      }
    }

PASS:

    network {
      mode = "cni/mynet"
      cni {
        args = { "IgnoreUnknown" = "true" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jobspec.diagnostics import Finding, Severity, Skipped, Span
from jobspec.evaluate import Unknown, evaluate
from jobspec.load.syntax import Expr
from jobspec.model.context import Context
from jobspec.model.job import Group, Job
from jobspec.rules._network import go_quote, syntax_blocks

ID = "network-cni-args"
SEVERITY = Severity.ERROR
SCOPE = "job"

_SEMICOLON_HINT = "CNI_ARGS separates its key=value pairs with ';', so this one would be split in two; remove the ';'"


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        first_seen: dict[str, int] = {}
        for network in group.networks:
            args = network.cni_args
            if args is None:
                continue
            if isinstance(args, Unknown):
                yield Skipped(f"group {group.name!r}: CNI args are not known offline ({args.reason})")
                continue
            whole = network.cni_args_span or network.span
            spans = _item_spans(group, whole)

            for key, value in args.items():
                key_span, value_span = spans.get(key, (whole, whole))
                if key in first_seen:
                    yield _diagnostic(
                        job,
                        group,
                        f"duplicate CNI arg {go_quote(key)}",
                        key_span,
                        f"the network block at line {first_seen[key]} sets it already; Nomad merges the CNI args "
                        "of every network block, so give each key once",
                    )
                else:
                    first_seen[key] = network.span.line
                if ";" in key:
                    message = f"invalid ';' character in CNI arg key {go_quote(key)}"
                    yield _diagnostic(job, group, message, key_span, _SEMICOLON_HINT)
                # Only a string can hold ';' (HCL turns numbers and bools into plain strings).
                if isinstance(value, str) and ";" in value:
                    message = f"invalid ';' character in CNI arg value {go_quote(value)}"
                    yield _diagnostic(job, group, message, value_span, _SEMICOLON_HINT)


def _diagnostic(job: Job, group: Group, message: str, span: Span, hint: str) -> Finding:
    return Finding(message, span, hint, job=job.id, group=group.name)


def _item_spans(group: Group, args_span: Span) -> dict[str, tuple[Span, Span]]:
    """Key and value spans of each entry of the object literal written at ``args_span``."""
    for cni in syntax_blocks(group, "cni"):
        attr = cni.body.attribute("args")
        if attr is None or attr.expr.span != args_span:
            continue
        obj = getattr(attr.expr.node, "expression", None)
        if obj is None or type(obj).__name__ != "ObjectRule":
            return {}
        spans: dict[str, tuple[Span, Span]] = {}
        for element in obj.elements:
            # `(expr) = ...` keys hold an expression; other keys hold a name or a string.
            key_node = element.key.value if hasattr(element.key, "value") else element.key.expression
            key_span = _span(args_span.file, key_node)
            if type(key_node).__name__ == "IdentifierRule":
                key: Any = str(key_node.token.value)
            else:
                key = evaluate(Expr(key_span, "", key_node))
            if isinstance(key, str):
                spans[key] = (key_span, _span(args_span.file, element.expression))
        return spans
    return {}


def _span(file: str, node: Any) -> Span:
    m = node._meta
    return Span(file, m.line, m.column, m.end_line, m.end_column)
