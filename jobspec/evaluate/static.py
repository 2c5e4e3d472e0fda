"""Evaluation of the expressions a job can state without HCL2 variables.

Literals, strings, heredocs, lists, objects and unary minus are computed;
runtime references become ``${...}`` text exactly as Nomad's jobspec2 keeps
them; ``var.*``, ``local.*``, function calls and operators are
:class:`Unknown` until full HCL2 evaluation is available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jobspec.evaluate.values import Unknown
from jobspec.load.syntax import Expr

_EVAL_ROOTS = ("var", "local")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class Scope:
    """Known values of ``var.*`` and ``local.*``; empty means "not evaluated"."""

    variables: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)


def evaluate(expr: Expr, scope: Scope | None = None) -> Any:
    return _Evaluator(scope or Scope()).value(expr.node)


class _Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def value(self, node: Any) -> Any:
        name = type(node).__name__
        method = getattr(self, "_" + name, None)
        if method is None:
            return Unknown(f"`{self._text(node)}` needs HCL2 evaluation")
        return method(node)

    def _text(self, node: Any) -> str:
        try:
            text = node.serialize()
        except Exception:  # serialisation is only for the message; never let it fail a run
            return "expression"
        return str(text).removeprefix("${").removesuffix("}") if isinstance(text, str) else "expression"

    def _ExprTermRule(self, node: Any) -> Any:
        return self.value(node.expression)

    def _IntLitRule(self, node: Any) -> Any:
        return int(node.token.value)

    def _FloatLitRule(self, node: Any) -> Any:
        number = float(node.token.value)
        return int(number) if number.is_integer() and "." not in str(node.token.value) else number

    def _LiteralValueRule(self, node: Any) -> Any:
        return {"true": True, "false": False, "null": None}[str(node.token.value)]

    def _UnaryOpRule(self, node: Any) -> Any:
        inner = self.value(node.expr_term)
        if isinstance(inner, Unknown):
            return inner
        if node.operator == "-" and isinstance(inner, (int, float)) and not isinstance(inner, bool):
            return -inner
        if node.operator == "!" and isinstance(inner, bool):
            return not inner
        return Unknown(f"operator {node.operator} on {inner!r}")

    def _TupleRule(self, node: Any) -> Any:
        return [self.value(e) for e in node.elements]

    def _ObjectRule(self, node: Any) -> Any:
        result: dict[str, Any] = {}
        for elem in node.elements:
            if not hasattr(elem.key, "value"):
                # A parenthesised key, `(expr) = ...`, is an expression to evaluate.
                key = self.value(elem.key.expression)
            elif type(elem.key.value).__name__ == "StringRule":
                key = self.value(elem.key.value)
            else:
                key = str(elem.key.value.token.value)
            if isinstance(key, Unknown):
                return key
            result[str(key)] = self.value(elem.expression)
        return result

    def _IdentifierRule(self, node: Any) -> Any:
        # A bare root such as NOMAD_ALLOC_INDEX is a runtime reference to Nomad.
        return "${" + str(node.token.value) + "}"

    def _reference(self, node: Any) -> Any:
        text = _reference_text(node)
        root = text.split(".", 1)[0].split("[", 1)[0]
        if root in _EVAL_ROOTS:
            table = self.scope.variables if root == "var" else self.scope.locals
            name = text[len(root) + 1 :].split(".", 1)[0].split("[", 1)[0]
            if name in table and "." not in text[len(root) + 1 + len(name) :]:
                return table[name]
            return Unknown(f"`{text}` is set by HCL2 evaluation")
        return "${" + text + "}"

    _GetAttrExprTermRule = _reference
    _IndexExprTermRule = _reference

    def _StringRule(self, node: Any) -> Any:
        pieces: list[str] = []
        for part in node.string_parts:
            content = part.content
            kind = type(content).__name__
            if kind == "InterpolationRule":
                inner = self.value(content.expression)
                if isinstance(inner, Unknown):
                    return inner
                pieces.append(_to_string(inner))
                continue
            raw = str(content.value)
            token = content.lark_name()
            if token == "ESCAPED_INTERPOLATION":
                pieces.append("$" + raw[2:])
            elif token == "ESCAPED_DIRECTIVE":
                pieces.append("%" + raw[2:])
            else:
                pieces.append(_unescape(raw))
        return "".join(pieces)

    def _HeredocTemplateRule(self, node: Any) -> Any:
        return self._heredoc(str(node.heredoc.value), trim=False)

    def _HeredocTrimTemplateRule(self, node: Any) -> Any:
        return self._heredoc(str(node.heredoc.value), trim=True)

    def _heredoc(self, raw: str, trim: bool) -> Any:
        _, _, rest = raw.partition("\n")
        lines = rest.split("\n")
        # drop the closing marker line (and the empty piece after its newline)
        while lines and lines[-1].strip() == "":
            lines.pop()
        if lines:
            lines.pop()
        if trim:
            indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
            cut = min(indents, default=0)
            lines = [line[cut:] for line in lines]
        body = "".join(line + "\n" for line in lines)
        for m in re.finditer(r"(?<!\$)\$\{\s*(var|local)\.", body):
            return Unknown(f"heredoc uses `{m.group(1)}.` and needs HCL2 evaluation")
        return body.replace("$${", "${").replace("%%{", "%{")


def _reference_text(node: Any) -> str:
    return re.sub(r"\s+", "", node.serialize()).removeprefix("${").removesuffix("}")


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", _unescape_one, raw)


def _unescape_one(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _ESCAPES.get(code, match.group(0))


def _to_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
