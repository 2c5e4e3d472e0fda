"""HCL2 expression evaluation over python-hcl2's rule tree, as Nomad's jobspec2 does it.

Literals, templates and heredocs, arithmetic, comparison and logic, conditionals,
index and attribute access, splats, ``for`` expressions and function calls. The
names in scope are ``var.*``, ``local.*``, the iterators of enclosing ``for``
expressions and ``dynamic`` blocks; any other root (``NOMAD_PORT_http``,
``node.unique.name``, ``attr.*``, ``meta.*``, ``env["X"]``) is a runtime reference
and stays ``${...}`` text, exactly as Nomad keeps it.

A failure raises :class:`EvalError` (HCL's summary and detail, and the span of the
offending expression); :func:`evaluate` turns it into :class:`Unknown`, and
:func:`evaluate_checked` also hands it back so the loader can report it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jobspec.diagnostics import Span
from jobspec.evaluate import numbers
from jobspec.evaluate.functions import (
    ArgumentError,
    Files,
    FilesRefused,
    FunctionError,
    call,
    lookup_function,
)
from jobspec.evaluate.typeexpr import TypeExprError, parse_type
from jobspec.evaluate.types import (
    ConversionError,
    CtyList,
    CtySet,
    convert,
    equal,
    nfc,
    to_string,
    type_name,
    type_of,
    unify,
)
from jobspec.evaluate.values import Unknown, is_known
from jobspec.load.rules import parses
from jobspec.load.syntax import Expr, unescape

_ROOTS = ("var", "local")
# Closing directives python-hcl2 accepts without their opener: (word, the opener it needs).
_STRAY_DIRECTIVES = {
    "TemplateEndifRule": ("endif", "if"),
    "TemplateElseRule": ("else", "if"),
    "TemplateEndforRule": ("endfor", "for"),
}


@dataclass(frozen=True)
class Scope:
    """What an expression may refer to.

    ``evaluated`` is set once a document's variables and locals were collected:
    only then is ``var.undeclared`` an error rather than "not known yet".
    ``files`` enables the filesystem functions; ``constant`` marks where HCL
    evaluates without a context, allowing no calls and no references (defaults,
    values in var files). ``cache`` keeps each
    expression's result so the normaliser and the loader evaluate it once.
    """

    variables: dict[str, Any] = field(default_factory=dict)
    locals: dict[str, Any] = field(default_factory=dict)
    evaluated: bool = False
    files: Files | None = None
    constant: bool = False
    cache: dict[int, tuple[Any, EvalError | None, Any]] = field(default_factory=dict, compare=False, repr=False)


class Bound:
    """An expression from a ``dynamic`` block's content, with its iterator's value."""

    __slots__ = ("bindings", "node")

    def __init__(self, node: Any, bindings: dict[str, Any]) -> None:
        self.node = node
        self.bindings = bindings


class EvalError(Exception):
    """An expression HCL would reject: ``summary; detail`` at ``span``."""

    def __init__(self, summary: str, detail: str, span: Span, rule: str = "hcl-eval") -> None:
        super().__init__(f"{summary}; {detail}")
        self.summary = summary
        self.detail = detail
        self.span = span
        self.rule = rule

    @property
    def hint(self) -> str | None:
        if self.summary == "Call to unknown function":
            return "`jobspec rule hcl-eval` lists the functions Nomad offers"
        if self.summary == "Unsupported attribute" and "input variable" in self.detail:
            return 'declare it with a `variable "..." {}` block'
        if self.summary == "Unsupported attribute" and "local value" in self.detail:
            return "define it in a `locals { ... }` block"
        if self.rule == "hcl-fs-refused":
            return "pass --allow-fs-outside to let jobspec read it"
        return None


def evaluate(expr: Expr, scope: Scope | None = None) -> Any:
    return evaluate_checked(expr, scope)[0]


def evaluate_checked(expr: Expr, scope: Scope | None = None) -> tuple[Any, EvalError | None]:
    """The value of ``expr`` and the error that made it unknown, if any."""
    scope = scope or Scope()
    key = id(expr.node)
    hit = scope.cache.get(key)
    if hit is not None:
        return hit[0], hit[1]
    node, bindings = (expr.node.node, expr.node.bindings) if isinstance(expr.node, Bound) else (expr.node, {})
    evaluator = _Evaluator(scope, expr, node, bindings)
    try:
        result: tuple[Any, EvalError | None] = (evaluator.value(node), None)
    except EvalError as exc:
        result = (Unknown(f"{exc.summary}: {exc.detail}"), exc)
    except RecursionError:
        result = (Unknown("the expression is nested too deeply to evaluate"), None)
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError) as exc:
        # A safety net: a value outside what Python handles (a 5000-digit number)
        # is still a diagnostic at the expression, never a traceback.
        error = EvalError("Invalid expression", f"This expression cannot be evaluated: {exc}.", expr.span)
        result = (Unknown(str(error)), error)
    # The node rides along so its id cannot be reused by another object while cached.
    scope.cache[key] = (*result, expr.node)
    return result


class _Evaluator:
    def __init__(self, scope: Scope, expr: Expr, node: Any, bindings: dict[str, Any]) -> None:
        self.scope = scope
        self.file = expr.span.file
        self.source = expr.source
        meta = getattr(node, "_meta", None)
        self.base = getattr(meta, "start_pos", 0) if meta is not None and not getattr(meta, "empty", False) else 0
        self.fallback = expr.span
        self.heredoc_place: _HeredocPlace | None = None
        self.bindings = dict(bindings)

    # -- positions -------------------------------------------------------------
    def span(self, node: Any) -> Span:
        meta = getattr(node, "_meta", None)
        if self.heredoc_place is not None:
            return self.heredoc_place.span(meta)
        if meta is None or getattr(meta, "empty", False) or not hasattr(meta, "line"):
            return self.fallback
        name = type(node).__name__
        if name == "BinaryOpRule":
            start, end = self.span(node.expr_term), self.span(node.binary_term)
            return Span(self.file, start.line, start.column, end.end_line, end.end_column)
        if name == "BinaryTermRule":
            end = self.span(node.expr_term)
            return Span(self.file, meta.line, meta.column, end.end_line, end.end_column)
        return Span(self.file, meta.line, meta.column, meta.end_line, meta.end_column)

    def text(self, start: Any, end: Any) -> str:
        return self.source[start._meta.start_pos - self.base : end._meta.end_pos - self.base]

    def fail(self, node: Any, summary: str, detail: str) -> EvalError:
        return EvalError(summary, detail, self.span(node))

    # -- dispatch --------------------------------------------------------------
    def value(self, node: Any) -> Any:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            return Unknown(f"`{type(node).__name__}` expressions are not evaluated")
        return method(node)

    def _ExprTermRule(self, node: Any) -> Any:
        return self.value(node.expression)

    def _IntLitRule(self, node: Any) -> Any:
        digits = str(node.token.value)
        if len(digits) > 4000:  # Python refuses to convert more than 4300 digits
            raise self.fail(
                node, "Number too long", f"This number has {len(digits)} digits, more than jobspec can read."
            )
        return numbers.parse(digits)

    # hclsyntax parser.go: a number literal is cty.ParseNumberVal of its text.
    _FloatLitRule = _IntLitRule

    def _LiteralValueRule(self, node: Any) -> Any:
        return {"true": True, "false": False, "null": None}[str(node.token.value)]

    def _TupleRule(self, node: Any) -> Any:
        return [self.value(e) for e in node.elements]

    def _ObjectRule(self, node: Any) -> Any:
        result: dict[str, Any] = {}
        for elem in node.elements:
            key_rule = elem.key
            if type(key_rule).__name__ == "ObjectElemKeyExpressionRule":
                key = self.value(key_rule.expression)
            else:
                inner = key_rule.value
                kind = type(inner).__name__
                key = (
                    self.value(inner)
                    if kind in ("StringRule", "IntLitRule", "FloatLitRule")
                    else str(inner.token.value)
                )
            if isinstance(key, Unknown):
                return key
            if key is None:
                raise self.fail(key_rule, "Invalid object key", "Key is null.")
            try:
                result[to_string(key)] = self.value(elem.expression)
            except ConversionError:
                raise self.fail(
                    key_rule, "Incorrect key type", "Can't use this value as a key: string required."
                ) from None
        return result

    def _TemplateStringRule(self, node: Any) -> Any:
        return nfc(unescape(node.inner_value))

    # -- references ------------------------------------------------------------
    def _IdentifierRule(self, node: Any) -> Any:
        return self.reference(node, [])

    def _GetAttrExprTermRule(self, node: Any) -> Any:
        return self.chain(node)

    _IndexExprTermRule = _GetAttrExprTermRule

    def chain(self, node: Any) -> Any:
        steps: list[Any] = []
        current = node
        while True:
            kind = type(current).__name__
            if kind == "GetAttrExprTermRule":
                steps.append(current.get_attr)
                current = current.expr_term
            elif kind == "IndexExprTermRule":
                steps.append(current.children[1])
                current = current.children[0]
            elif kind == "ExprTermRule" and not current.parentheses:
                current = current.expression
            else:
                break
        steps.reverse()
        if type(current).__name__ == "IdentifierRule":
            return self.reference(current, steps)
        return self.apply(self.value(current), steps)

    def reference(self, root: Any, steps: list[Any]) -> Any:
        name = str(root.token.value)
        if name in self.bindings:
            return self.apply(self.bindings[name], steps)
        if self.scope.constant:
            raise self.fail(root, "Variables not allowed", "Variables may not be used here.")
        if name in _ROOTS:
            return self.scope_reference(root, name, steps)
        # A runtime reference: the static part of the traversal stays text.
        static = 0
        while static < len(steps) and self.static_step(steps[static]):
            static += 1
        return self.apply("${" + self.traversal_text(root, steps[:static]) + "}", steps[static:])

    def traversal_text(self, root: Any, steps: list[Any]) -> str:
        """The traversal as written; rebuilt from the tree when the source text is not at hand."""
        if self.source:
            return self.text(root, steps[-1] if steps else root)
        return str(root.token.value) + "".join(str(step.serialize()) for step in steps)

    def static_step(self, step: Any) -> bool:
        kind = type(step).__name__
        if kind in ("GetAttrRule", "ShortIndexRule"):
            return True
        inner = step.index_expression
        while type(inner).__name__ == "ExprTermRule" and not inner.parentheses:
            inner = inner.expression
        kind = type(inner).__name__
        if kind == "StringRule":
            return all(type(p.content).__name__ != "InterpolationRule" for p in inner.string_parts)
        return kind in ("IntLitRule", "FloatLitRule")

    def scope_reference(self, root: Any, name: str, steps: list[Any]) -> Any:
        if not self.scope.evaluated:
            return Unknown(f"`{name}.*` is set by HCL2 evaluation")
        table = self.scope.variables if name == "var" else self.scope.locals
        if not steps:
            return self.apply(dict(table), [])
        first, rest = steps[0], steps[1:]
        if type(first).__name__ == "GetAttrRule":
            key = str(first.identifier.token.value)
        else:
            key_value = self.index_key(first)
            if isinstance(key_value, Unknown):
                return key_value
            key = to_string(key_value) if not isinstance(key_value, (list, dict)) else ""
        if key not in table:
            what = "input variable" if name == "var" else "local value"
            start, end = self.span(root), self.span(first)
            raise EvalError(
                "Unsupported attribute",
                f'This object does not have an attribute named "{key}" (there is no {what} "{key}").',
                Span(self.file, start.line, start.column, end.end_line, end.end_column),
            )
        return self.apply(table[key], rest)

    def index_key(self, step: Any) -> Any:
        if type(step).__name__ == "ShortIndexRule":
            return int(str(step.index.value))
        return self.value(step.index_expression)

    def apply(self, value: Any, steps: list[Any]) -> Any:
        for step in steps:
            if isinstance(value, Unknown):
                return value
            if type(step).__name__ == "GetAttrRule":
                value = self.get_attr(value, str(step.identifier.token.value), step)
            else:
                key = self.index_key(step)
                if isinstance(key, Unknown):
                    return key
                value = self.index(value, key, step)
        return value

    def get_attr(self, value: Any, name: str, step: Any) -> Any:
        if isinstance(value, dict):
            if name in value:
                return value[name]
            raise self.fail(step, "Unsupported attribute", f'This object does not have an attribute named "{name}".')
        if value is None:
            raise self.fail(
                step,
                "Attempt to get attribute from null value",
                "This value is null, so it does not have any attributes.",
            )
        if isinstance(value, list):
            raise self.fail(
                step,
                "Unsupported attribute",
                f'Can\'t access attributes on a list of objects. Did you mean to access attribute "{name}" '
                "for a specific element of the list, or across all elements of the list?",
            )
        raise self.fail(
            step, "Unsupported attribute", f"Can't access attributes on a primitive-typed value ({type_name(value)})."
        )

    def index(self, value: Any, key: Any, step: Any) -> Any:
        """hcl ops.go:Index."""
        if value is None:
            raise self.fail(step, "Attempt to index null value", "This value is null, so it does not have any indices.")
        if key is None:
            raise self.fail(step, "Invalid index", "Can't use a null value as an indexing key.")
        missing = "The given key does not identify an element in this collection value"
        if isinstance(value, list) and not isinstance(value, CtySet):
            try:
                position = convert(key, "number")
            except ConversionError as exc:
                raise self.fail(step, "Invalid index", f"{missing}: {exc}.") from None
            whole = numbers.as_int(position) if not numbers.is_inf(position) else None
            if whole is None:
                raise self.fail(
                    step,
                    "Invalid index",
                    f"{missing}: indexing a sequence requires a whole number, but the given index has a "
                    "fractional part.",
                )
            if whole < 0:
                raise self.fail(
                    step, "Invalid index", f"{missing}: a negative number is not a valid index for a sequence."
                )
            if whole >= len(value):
                raise self.fail(step, "Invalid index", f"{missing}.")
            return value[whole]
        if isinstance(value, dict):
            try:
                name = convert(key, "string")
            except ConversionError as exc:
                raise self.fail(step, "Invalid index", f"{missing}: {exc}.") from None
            if name not in value:
                raise self.fail(step, "Invalid index", f"{missing}.")
            return value[name]
        raise self.fail(step, "Invalid index", "This value does not have any indices.")

    def _AttrSplatExprTermRule(self, node: Any) -> Any:
        source = self.value(node.expr_term)
        if isinstance(source, Unknown):
            return source
        steps = list(node.children[1].children[1:])
        items = [] if source is None else source if isinstance(source, list) else [source]
        # A splat on a single value treats it as a one-element list, and null as empty.
        result = [self.apply(item, steps) for item in items]
        if isinstance(source, (CtyList, CtySet)):
            # hclsyntax SplatExpr.Value: over a list or a set, the result is a list.
            elem = source.elem if not steps else (unify([type_of(v) for v in result]) or "any")
            return CtyList(result, elem)
        return result

    _FullSplatExprTermRule = _AttrSplatExprTermRule

    # -- operators -------------------------------------------------------------
    def _UnaryOpRule(self, node: Any) -> Any:
        # hclsyntax expression_ops.go: UnaryOpExpr calls stdlib.NegateFunc or NotFunc.
        operand = self.value(node.expr_term)
        if isinstance(operand, Unknown):
            return operand
        if node.operator == "-":
            return numbers.neg(self.operand(operand, "number", node.expr_term, "unary operand"))
        return not self.operand(operand, "bool", node.expr_term, "unary operand")

    def operand(self, value: Any, type_: str, node: Any, which: str) -> Any:
        if value is None:
            raise self.fail(node, "Invalid operand", f"Unsuitable value for {which}: a {type_} is required, not null.")
        try:
            return convert(value, type_)
        except ConversionError as exc:
            raise self.fail(node, "Invalid operand", f"Unsuitable value for {which}: {exc}.") from None

    def _BinaryOpRule(self, node: Any) -> Any:
        # hclsyntax expression_ops.go:BinaryOpExpr.Value: both operands are evaluated and
        # converted to the operation's parameter types, then cty's stdlib function runs.
        term = node.binary_term
        op = str(term.binary_operator.token.value)
        left = self.value(node.expr_term)
        right = self.value(term.expr_term)
        for side in (left, right):
            if isinstance(side, Unknown):
                return side
        if op in ("==", "!="):
            return equal(left, right) == (op == "==")
        if op in ("&&", "||"):
            a = self.operand(left, "bool", node.expr_term, "left operand")
            b = self.operand(right, "bool", term.expr_term, "right operand")
            return (a and b) if op == "&&" else (a or b)
        a = self.operand(left, "number", node.expr_term, "left operand")
        b = self.operand(right, "number", term.expr_term, "right operand")
        if op in ("<", ">", "<=", ">="):
            order = numbers.compare(a, b)
            return {"<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0}[op]
        operation = {"+": numbers.add, "-": numbers.sub, "*": numbers.mul, "/": numbers.div, "%": numbers.mod}[op]
        try:
            return operation(a, b)
        except numbers.NumberError as exc:
            raise self.fail(node, "Operation failed", f"Error during operation: {exc}.") from None

    def _ConditionalRule(self, node: Any) -> Any:
        condition = self.value(node.condition)
        if isinstance(condition, Unknown):
            return condition
        if condition is None:
            raise self.fail(
                node.condition,
                "Null condition",
                "The condition value is null. Conditions must either be true or false.",
            )
        try:
            chosen = convert(condition, "bool")
        except ConversionError as exc:
            raise self.fail(
                node.condition, "Incorrect condition type", f"The condition expression must be of type bool: {exc}."
            ) from None
        result = self.value(node.if_true if chosen else node.if_false)
        other, error = self._guarded(node.if_false if chosen else node.if_true)
        if error is not None or not is_known(result) or not is_known(other):
            return result
        # hclsyntax ConditionalExpr.Value: both results are unified (convert.UnifyUnsafe).
        wanted = unify([type_of(result), type_of(other)])
        if wanted is None:
            raise self.fail(
                node,
                "Inconsistent conditional result types",
                "The true and false result expressions must have consistent types. The "
                f"{'true' if chosen else 'false'} result is {type_name(result)}, but the "
                f"{'false' if chosen else 'true'} result is {type_name(other)}.",
            )
        try:
            return convert(result, wanted)
        except ConversionError as exc:
            raise self.fail(
                node.if_true if chosen else node.if_false,
                "Inconsistent conditional result types",
                f"The {'true' if chosen else 'false'} result value has the wrong type: {exc}.",
            ) from None

    # -- for expressions -------------------------------------------------------
    def iterate(self, intro: Any) -> list[tuple[Any, Any]] | Unknown:
        collection = self.value(intro.iterable)
        if isinstance(collection, Unknown):
            return collection
        if collection is None:
            raise self.fail(
                intro.iterable,
                "Iteration over null value",
                "A null value cannot be used as the collection in a 'for' expression.",
            )
        if isinstance(collection, CtySet):
            # A set has no keys: the key iterator takes each element's value (hclsyntax ForExpr).
            return [(item, item) for item in collection]
        if isinstance(collection, list):
            return list(enumerate(collection))
        if isinstance(collection, dict):
            return [(k, collection[k]) for k in sorted(collection)]
        raise self.fail(
            intro.iterable,
            "Iteration over non-iterable value",
            f"A value of type {type_name(collection)} cannot be used as the collection in a 'for' expression.",
        )

    def bind(self, intro: Any, key: Any, value: Any) -> None:
        second = intro.second_iterator
        if second is None:
            self.bindings[str(intro.first_iterator.token.value)] = value
        else:
            self.bindings[str(intro.first_iterator.token.value)] = key
            self.bindings[str(second.token.value)] = value

    def keep(self, node: Any) -> bool | Unknown:
        condition = node.condition
        if condition is None:
            return True
        result = self.value(condition.condition_expr)
        if isinstance(result, Unknown):
            return result
        try:
            return (
                bool(convert(result, "bool"))
                if result is not None
                else _raise(ConversionError("a bool is required, not null"))
            )
        except ConversionError as exc:
            raise self.fail(condition, "Invalid 'for' condition", f"The 'if' clause value is invalid: {exc}.") from None

    def _ForTupleExprRule(self, node: Any) -> Any:
        pairs = self.iterate(node.for_intro)
        if isinstance(pairs, Unknown):
            return pairs
        saved = dict(self.bindings)
        result = []
        try:
            for key, item in pairs:
                self.bind(node.for_intro, key, item)
                keep = self.keep(node)
                if isinstance(keep, Unknown):
                    return keep
                if keep:
                    result.append(self.value(node.value_expr))
        finally:
            self.bindings = saved
        return result

    def _ForObjectExprRule(self, node: Any) -> Any:
        pairs = self.iterate(node.for_intro)
        if isinstance(pairs, Unknown):
            return pairs
        saved = dict(self.bindings)
        result: dict[str, Any] = {}
        grouping = node.ellipsis is not None
        try:
            for key, item in pairs:
                self.bind(node.for_intro, key, item)
                keep = self.keep(node)
                if isinstance(keep, Unknown):
                    return keep
                if not keep:
                    continue
                name = self.value(node.key_expr)
                if isinstance(name, Unknown):
                    return name
                try:
                    name = to_string(name)
                except ConversionError as exc:
                    raise self.fail(
                        node.key_expr, "Invalid object key", f"The key expression produced an invalid result: {exc}."
                    ) from None
                value = self.value(node.value_expr)
                if grouping:
                    result.setdefault(name, []).append(value)
                elif name in result:
                    raise self.fail(
                        node.key_expr,
                        "Duplicate object key",
                        f"Two different items produced the key \"{name}\" in this 'for' expression. If duplicates "
                        "are expected, use the ellipsis (...) after the value expression to enable grouping by key.",
                    )
                else:
                    result[name] = value
        finally:
            self.bindings = saved
        return result

    # -- function calls --------------------------------------------------------
    def _FunctionCallRule(self, node: Any) -> Any:
        identifiers = node.identifiers
        name = "::".join(str(i.token.value) for i in identifiers)
        arg_nodes = list(node.arguments.arguments) if node.arguments is not None else []
        if self.scope.constant:
            raise self.fail(node, "Function calls not allowed", "Functions may not be called here.")
        if name == "try":
            return self.call_try(node, arg_nodes)
        if name == "can":
            return self.call_can(node, arg_nodes)
        if name == "convert":
            return self.call_convert(node, arg_nodes)
        fn = lookup_function(name)
        if fn is None:
            raise self.fail(identifiers[0], "Call to unknown function", f'There is no function named "{name}".')
        args = [self.value(a) for a in arg_nodes]
        if node.arguments is not None and node.arguments.has_ellipsis and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise self.fail(
                    arg_nodes[-1],
                    "Invalid expanding argument value",
                    "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                )
            args.extend(last)
            arg_nodes = arg_nodes[:-1] + [arg_nodes[-1]] * len(last)
        for arg in args:
            if not is_known(arg):
                return arg if isinstance(arg, Unknown) else Unknown(f"an argument of {name}() is not known offline")
        try:
            return call(name, fn, args, self.scope.files)
        except FilesRefused as exc:
            raise EvalError(
                "Filesystem access refused",
                f'Call to function "{name}" refused: {exc}.',
                self.span(node),
                "hcl-fs-refused",
            ) from None
        except ArgumentError as exc:
            where = arg_nodes[exc.index] if exc.index < len(arg_nodes) else node
            raise self.fail(where, "Invalid function argument", str(exc)) from None
        except FunctionError as exc:
            message = str(exc)
            for summary in ("Not enough function arguments", "Too many function arguments"):
                if message.startswith(summary):
                    raise self.fail(node, summary, message[len(summary) + 2 :]) from None
            raise self.fail(node, "Error in function call", f'Call to function "{name}" failed: {message}.') from None
        except (ValueError, TypeError, ArithmeticError, ConversionError) as exc:
            raise self.fail(node, "Error in function call", f'Call to function "{name}" failed: {exc}.') from None

    def _guarded(self, node: Any) -> tuple[Any, EvalError | None]:
        saved = dict(self.bindings)
        try:
            return self.value(node), None
        except EvalError as exc:
            return None, exc
        finally:
            self.bindings = saved

    def call_try(self, node: Any, args: list[Any]) -> Any:
        if not args:
            raise self.fail(node, "Not enough function arguments", 'Function "try" expects at least one argument.')
        errors = []
        for arg in args:
            value, error = self._guarded(arg)
            if error is None:
                return value
            errors.append(f"- {error.summary}: {error.detail}")
        raise self.fail(
            node,
            "Error in function call",
            'Call to function "try" failed: no expression succeeded:\n' + "\n".join(errors),
        )

    def call_can(self, node: Any, args: list[Any]) -> Any:
        if len(args) != 1:
            raise self.fail(
                node,
                "Invalid number of arguments" if args else "Not enough function arguments",
                'Function "can" expects 1 argument.',
            )
        value, error = self._guarded(args[0])
        if error is None and isinstance(value, Unknown):
            return value
        return error is None

    def call_convert(self, node: Any, args: list[Any]) -> Any:
        if len(args) != 2:
            raise self.fail(
                node,
                "Not enough function arguments" if len(args) < 2 else "Too many function arguments",
                'Function "convert" expects 2 argument(s).',
            )
        value = self.value(args[0])
        try:
            type_ = parse_type(args[1], constraint=True)
        except TypeExprError as exc:
            raise self.fail(args[1], "Invalid type specification", str(exc)) from None
        if isinstance(value, Unknown):
            return value
        try:
            return convert(value, type_)
        except ConversionError as exc:
            raise self.fail(
                args[0], "Invalid function argument", f'Invalid value for "value" parameter: {exc}.'
            ) from None

    # -- templates -------------------------------------------------------------
    def _StringRule(self, node: Any) -> Any:
        parts = node.string_parts
        if len(parts) == 1 and type(parts[0].content).__name__ == "InterpolationRule":
            # A template of one interpolation is that value, unconverted.
            return self.interpolation(parts[0].content, whole=True)
        strips = _strip_marks(parts, self.interpolation_marks)
        pieces: list[str] = []
        result = self.render(parts, pieces, strips)
        return result if isinstance(result, Unknown) else nfc("".join(pieces))

    def render(self, parts: list[Any], out: list[str], strips: dict[int, tuple[bool, bool]]) -> Unknown | None:
        for part in parts:
            content = part.content if type(part).__name__ == "StringPartRule" else part
            kind = type(content).__name__
            if kind == "InterpolationRule":
                value = self.interpolation(content, whole=False)
                if isinstance(value, Unknown):
                    return value
                out.append(value)
            elif kind == "TemplateIfRule":
                unknown = self.render_if(content, out, strips)
                if unknown is not None:
                    return unknown
            elif kind == "TemplateForRule":
                unknown = self.render_for(content, out, strips)
                if unknown is not None:
                    return unknown
            elif kind in _STRAY_DIRECTIVES:
                word, opener = _STRAY_DIRECTIVES[kind]
                raise self.fail(
                    content,
                    f"Unexpected {word} directive",
                    f"This %{{ {word} }} has no %{{ {opener} }} before it in this template.",
                )
            else:
                out.append(self.literal(content, strips.get(id(part))))
        return None

    def literal(self, token: Any, strip: tuple[bool, bool] | None) -> str:
        raw = str(token.value)
        name = token.lark_name()
        text = raw[1:] if name in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE") else unescape(raw)
        if strip:
            if strip[0]:
                text = text.lstrip()
            if strip[1]:
                text = text.rstrip()
        return text

    def interpolation(self, node: Any, whole: bool) -> Any:
        expr = node.expression
        inner = expr
        while type(inner).__name__ == "ExprTermRule" and not inner.parentheses:
            inner = inner.expression
        if self.source and not self.scope.constant and self.is_runtime_traversal(inner):
            # Nomad keeps the whole ${ ... } as written, spaces and all.
            return self.text(node, node)
        value = self.value(expr)
        if whole or isinstance(value, Unknown):
            return value
        if value is None:
            raise self.fail(
                expr,
                "Invalid template interpolation value",
                "The expression result is null. Cannot include a null value in a string template.",
            )
        try:
            return to_string(value)
        except ConversionError as exc:
            raise self.fail(
                expr,
                "Invalid template interpolation value",
                f"Cannot include the given value in a string template: {exc}.",
            ) from None

    def interpolation_marks(self, node: Any) -> tuple[bool, bool]:
        """``${~`` and ``~}``: the grammar keeps the markers out of the tree, so they are read
        from the source text."""
        meta = getattr(node, "_meta", None)
        if not self.source or meta is None or getattr(meta, "empty", False) or not hasattr(meta, "start_pos"):
            return (False, False)
        text = self.source[meta.start_pos - self.base : meta.end_pos - self.base]
        return (text.startswith("${~"), text[:-1].rstrip().endswith("~") and len(text) > 3)

    def is_runtime_traversal(self, node: Any) -> bool:
        steps = 0
        while True:
            kind = type(node).__name__
            if kind == "GetAttrExprTermRule":
                node = node.expr_term
            elif kind == "IndexExprTermRule":
                if not self.static_step(node.children[1]):
                    return False
                node = node.children[0]
            elif kind == "ExprTermRule" and not node.parentheses:
                node = node.expression
                continue
            elif kind == "IdentifierRule":
                name = str(node.token.value)
                return name not in _ROOTS and name not in self.bindings
            else:
                return False
            steps += 1

    def render_if(self, node: Any, out: list[str], strips: dict[int, tuple[bool, bool]]) -> Unknown | None:
        condition = self.value(node._if_start.condition)
        if isinstance(condition, Unknown):
            return condition
        try:
            chosen = (
                convert(condition, "bool")
                if condition is not None
                else _raise(ConversionError("a bool is required, not null"))
            )
        except ConversionError as exc:
            raise self.fail(
                node._if_start, "Invalid 'if' condition", f"The 'if' condition value is invalid: {exc}."
            ) from None
        return self.render(node._if_body if chosen else node._else_body, out, strips)

    def render_for(self, node: Any, out: list[str], strips: dict[int, tuple[bool, bool]]) -> Unknown | None:
        start = node._for_start
        pairs = self.iterate(_ForIntro(start))
        if isinstance(pairs, Unknown):
            return pairs
        saved = dict(self.bindings)
        try:
            for key, item in pairs:
                self.bind(_ForIntro(start), key, item)
                unknown = self.render(node._body, out, strips)
                if unknown is not None:
                    return unknown
        finally:
            self.bindings = saved
        return None

    # -- heredocs --------------------------------------------------------------
    def _HeredocTemplateRule(self, node: Any) -> Any:
        return self.heredoc(node, trim=False)

    def _HeredocTrimTemplateRule(self, node: Any) -> Any:
        return self.heredoc(node, trim=True)

    def heredoc(self, node: Any, trim: bool) -> Any:
        body = _heredoc_body(str(node.heredoc.value))
        tokens = _heredoc_tokens(body, trim)
        if all(kind == "lit" or (kind == "interp" and self.runtime_text(text)) for kind, text, _ in tokens):
            return nfc(
                "".join(
                    text.replace("$${", "${").replace("%%{", "%{") if kind == "lit" else text
                    for kind, text, _ in tokens
                )
            )
        template = _heredoc_template(tokens)
        if isinstance(template, str):
            closer = "%{ endfor }" if " for " in template else "%{ endif }"
            raise self.fail(node, template, f"Close the directive with {closer} before the heredoc ends.")
        if template is None:
            return Unknown("this heredoc's template could not be read; it is not checked")
        saved = (self.source, self.base, self.heredoc_place)
        place = _HeredocPlace(self.span(node), body, template[2])
        self.source, self.base, self.heredoc_place = template[1], 0, place
        try:
            return self.value(template[0])
        finally:
            self.source, self.base, self.heredoc_place = saved

    def runtime_text(self, text: str) -> bool:
        m = _TRAVERSAL.match(text[2:-1])
        return m is not None and m.group(1) not in _ROOTS and m.group(1) not in self.bindings


class _Marks:
    """An interpolation's strip markers, seen like a directive's."""

    def __init__(self, strip_open: bool, strip_close: bool) -> None:
        self.strip_open, self.strip_close = strip_open, strip_close


class _ForIntro:
    """A template ``%{ for }`` start seen through the interface of a ``for`` expression's intro."""

    def __init__(self, start: Any) -> None:
        self.iterable = start.collection
        self.first_iterator = start.iterator
        self.second_iterator = start.key_iterator


def _raise(exc: Exception) -> Any:
    raise exc


def _strip_marks(parts: list[Any], interpolation: Any) -> dict[int, tuple[bool, bool]]:
    """Literal parts next to a ``~`` strip marker: (strip leading, strip trailing) space
    (hclsyntax parser_template.go:parseTemplateParts; ``interpolation`` tells an
    interpolation's markers)."""
    marked = {id(p): interpolation(p.content) for p in parts if type(p.content).__name__ == "InterpolationRule"}
    if not any(any(m) for m in marked.values()) and not any(
        type(p.content).__name__ in ("TemplateIfRule", "TemplateForRule") for p in parts
    ):
        return {}
    flat: list[Any] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            content = item.content if type(item).__name__ == "StringPartRule" else item
            kind = type(content).__name__
            if kind == "TemplateIfRule":
                flat.append(content._if_start)
                walk(content._if_body)
                if content._else_rule is not None:
                    flat.append(content._else_rule)
                    walk(content._else_body)
                flat.append(content._endif)
            elif kind == "TemplateForRule":
                flat.append(content._for_start)
                walk(content._body)
                flat.append(content._endfor)
            elif kind == "InterpolationRule":
                flat.append(_Marks(*interpolation(content)))
            else:
                flat.append(item)

    walk(parts)
    marks: dict[int, tuple[bool, bool]] = {}
    for i, item in enumerate(flat):
        if type(item).__name__ != "StringPartRule":
            continue
        before = flat[i - 1] if i > 0 else None
        after = flat[i + 1] if i + 1 < len(flat) else None
        left = bool(getattr(before, "strip_close", False))
        right = bool(getattr(after, "strip_open", False))
        if left or right:
            marks[id(item)] = (left, right)
    return marks


_TRAVERSAL = re.compile(r'\s*([A-Za-z_][\w-]*)(?:\s*\.\s*[A-Za-z_\d][\w-]*|\s*\[\s*(?:"[^"\\]*"|\d+)\s*\])*\s*$')


def _heredoc_body(raw: str) -> str:
    """The heredoc's text: its lines, each with its newline."""
    _, _, rest = raw.partition("\n")
    lines = rest.split("\n")
    while lines and lines[-1].strip() == "":
        lines.pop()
    if lines:
        lines.pop()  # the closing marker
    return "".join(line.removesuffix("\r") + "\n" for line in lines)


def _heredoc_tokens(body: str, flush: bool) -> list[list[Any]]:
    """The heredoc as hclsyntax's template parser sees it: [kind, text, offset in body]
    with literal text split after each newline, strip markers applied to the literal
    token beside them (parser_template.go:parseTemplateParts), then, for ``<<-``, the
    smallest indentation of the line-leading literals cut from each of them
    (flushHeredocTemplateParts). The markers become spaces: already applied, and the
    text keeps its length so that positions still map back."""
    tokens: list[list[Any]] = []
    at = 0
    for kind, text in _segments(body):
        if kind == "lit":
            start = 0
            while start < len(text):
                end = text.find("\n", start)
                end = len(text) if end < 0 else end + 1
                tokens.append(["lit", text[start:end], at + start])
                start = end
        else:
            tokens.append([kind, text, at])
        at += len(text)
    for i, token in enumerate(tokens):
        kind, text, _ = token
        if kind == "lit":
            continue
        if text[2:3] == "~":
            if i > 0 and tokens[i - 1][0] == "lit":
                tokens[i - 1][1] = tokens[i - 1][1].rstrip()
            text = text[:2] + " " + text[3:]
        if text[:-1].rstrip().endswith("~"):
            if i + 1 < len(tokens) and tokens[i + 1][0] == "lit":
                tokens[i + 1][1] = tokens[i + 1][1].lstrip()
            cut = text[:-1].rstrip()
            text = cut[:-1] + " " + text[len(cut) :]
        token[1] = text
    if flush:
        _flush(tokens)
    return tokens


def _flush(tokens: list[list[Any]]) -> None:
    leading, newline, fewest = [], True, None
    for token in tokens:
        if newline:
            newline = False
            if token[0] == "lit":
                trimmed = token[1].lstrip()
                if not (trimmed == "" and token[1].endswith("\n")):  # a blank line does not count
                    spaces = len(token[1]) - len(trimmed)
                    leading.append(token)
                    fewest = spaces if fewest is None else min(fewest, spaces)
            else:
                fewest = 0
        if token[0] == "lit" and token[1].endswith("\n"):
            newline = True
    for token in leading:
        token[1] = token[1][fewest or 0 :]
        token[2] += fewest or 0


_OPENER = re.compile(r"\$\$\{|%%\{|\$\{|%\{")


def _segments(body: str) -> list[tuple[str, str]]:
    """Split heredoc text into literal text, ``${...}`` and ``%{...}`` pieces."""
    out: list[tuple[str, str]] = []
    start = pos = 0
    while (m := _OPENER.search(body, pos)) is not None:
        i = m.start()
        if m.end() - i == 3:  # $${ and %%{ are escapes: literal text
            pos = m.end()
            continue
        end = _closing_brace(body, i + 2)
        if end is None:
            break
        if start < i:
            out.append(("lit", body[start:i]))
        out.append(("interp" if body[i] == "$" else "directive", body[i : end + 1]))
        pos = start = end + 1
    if start < len(body):
        out.append(("lit", body[start:]))
    return out


def _closing_brace(text: str, i: int) -> int | None:
    depth = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


_TEMPLATE_PREFIX = '__heredoc = "'


def _heredoc_template(tokens: list[list[Any]]) -> tuple[Any, str, list[tuple[int, int, int]]] | str | None:
    """The heredoc as a quoted-string template, parsed, with the text it was parsed
    from and where each interpolation or directive sits in both: (offset in that text,
    offset in the heredoc's body, length)."""
    quoted = []
    pieces = []
    at = len(_TEMPLATE_PREFIX)
    for kind, text, body_at in tokens:
        if kind != "lit":
            pieces.append((at, body_at, len(text)))
            text = text.replace("\n", " ")
        else:
            text = (
                text.replace("\\", "\\\\")
                .replace('"', '\\"')
                .replace("\n", "\\n")
                .replace("\r", "\\r")
                .replace("\t", "\\t")
            )
        quoted.append(text)
        at += len(text)
    parsed = _parse_template(_TEMPLATE_PREFIX + "".join(quoted) + '"\n')
    return parsed if parsed is None or isinstance(parsed, str) else (*parsed, pieces)


class _HeredocPlace:
    """Maps positions in a heredoc's re-quoted template back to the file: errors land
    on the interpolation at fault, not on the ``<<EOT`` that starts the heredoc."""

    def __init__(self, opener: Span, body: str, pieces: list[tuple[int, int, int]]) -> None:
        self.opener, self.body, self.pieces = opener, body, pieces

    def span(self, meta: Any) -> Span:
        if meta is None or getattr(meta, "empty", False) or not hasattr(meta, "start_pos"):
            return self.opener
        start = self.place(meta.start_pos)
        if start is None:
            return self.opener
        end = self.place(meta.end_pos - 1) or start
        return Span(self.opener.file, start[0], start[1], end[0], end[1] + 1)

    def place(self, offset: int) -> tuple[int, int] | None:
        for at, body_at, length in self.pieces:
            if at <= offset < at + length:
                index = body_at + offset - at
                line_start = self.body.rfind("\n", 0, index) + 1
                line = self.opener.line + 1 + self.body.count("\n", 0, index)
                return line, index - line_start + 1
        return None


@lru_cache(maxsize=256)
def _parse_template(source: str) -> tuple[Any, str] | str | None:
    """Parsed once per distinct heredoc: a dynamic block may evaluate one many times.
    A directive left open is the author's mistake: its message comes back as text."""
    from lark.exceptions import LarkError, VisitError

    try:
        tree = parses(source)
    except VisitError as exc:
        message = str(exc.orig_exc)
        return message if message.startswith("Unterminated template") else None
    except (LarkError, ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError):
        return None
    attrs = [c for c in tree.body.children if type(c).__name__ == "AttributeRule"]
    if len(attrs) != 1:
        return None
    return attrs[0].expression, source
