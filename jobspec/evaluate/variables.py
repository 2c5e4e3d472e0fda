"""Input variables and locals, as jobspec2 collects them.

Values come from, later winning: a ``default`` < ``NOMAD_VAR_<name>`` in the
environment < each ``--var-file`` in order < each ``--var name=value``. Raw
text from the environment or ``--var`` is a literal string for string, number
and untyped variables, and an HCL expression for the others, then converted
to the variable's type. Every declared variable left without a value is
reported (``Unset variable "x"``), used or not, as Nomad does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Finding, Severity, Span
from jobspec.evaluate.expressions import EvalError, Scope, evaluate_checked
from jobspec.evaluate.typeexpr import TypeExprError, parse_type
from jobspec.evaluate.types import ConversionError, Type, convert, type_of
from jobspec.evaluate.values import Unknown
from jobspec.inputs import Inputs
from jobspec.load.syntax import Attribute, Block, Document, Expr
from jobspec.load_rules import (
    HCL_EVAL,
    HCL_LOCAL_CYCLE,
    HCL_VARIABLE_INVALID,
    HCL_VARIABLE_UNDEFINED,
    HCL_VARIABLE_UNSET,
    HCL_VARIABLE_VALIDATION,
)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_LOCAL_REF = re.compile(r"(?<![\w.])local\s*\.\s*([A-Za-z_][\w-]*)")
_VAR_REF = re.compile(r"(?<![\w.])var\s*\.\s*([A-Za-z_][\w-]*)")
_LITERAL_TYPES = (None, "string", "number")
_DOCS = "https://developer.hashicorp.com/nomad/docs/reference/hcl2/variables"


@dataclass
class _Validation:
    condition: Expr
    message: str
    span: Span


@dataclass
class _Variable:
    name: str
    header: Span
    type: Type | None
    values: list[tuple[str, Any, Span]] = field(default_factory=list)
    validations: list[_Validation] = field(default_factory=list)


class Collector:
    """Reads a document's ``variable``/``variables``/``locals`` blocks into a Scope."""

    def __init__(self, document: Document, inputs: Inputs, scope: Scope) -> None:
        self.document = document
        self.inputs = inputs
        self.scope = scope
        self.diagnostics: list[Finding] = []
        self.variables: dict[str, _Variable] = {}

    def report(self, rule: str, span: Span, message: str, hint: str | None, severity: Severity | None = None) -> None:
        self.diagnostics.append(Finding(message, span, hint, severity=severity, rule=rule))

    def eval_error(self, error: EvalError) -> None:
        self.diagnostics.append(Finding(str(error), error.span, error.hint, rule=error.rule))

    def constant(self, expr: Expr) -> tuple[Any, EvalError | None]:
        """A value HCL evaluates with no variables and no functions (defaults, var files)."""
        return evaluate_checked(expr, Scope(evaluated=True, constant=True))

    # -- declarations ------------------------------------------------------------
    def declare(self) -> None:
        for block in self.document.body.blocks:
            if block.type == "variable":
                self.declare_block(block)
            elif block.type == "variables":
                for attr in block.body.attributes:
                    self.declare_attribute(attr)

    def duplicate(self, name: str, span: Span) -> bool:
        if name not in self.variables:
            return False
        self.report(
            HCL_VARIABLE_INVALID,
            span,
            f"Duplicate variable; Duplicate {name} variable definition found.",
            f"the first definition is at line {self.variables[name].header.line}; keep one",
        )
        return True

    def declare_attribute(self, attr: Attribute) -> None:
        if self.duplicate(attr.name, attr.name_span):
            return
        value, error = self.constant(attr.expr)
        if error is not None:
            self.eval_error(error)
            return
        variable = _Variable(attr.name, attr.name_span, _inferred(value))
        variable.values.append(("default", value, attr.expr.span))
        self.variables[attr.name] = variable

    def declare_block(self, block: Block) -> None:
        if len(block.labels) != 1:
            self.report(
                HCL_VARIABLE_INVALID,
                block.header_span,
                "Missing name for variable; a variable block needs exactly one label: its name.",
                'write `variable "name" { ... }`',
            )
            return
        name = block.labels[0]
        if self.duplicate(name, block.header_span):
            return
        if not _NAME.match(name):
            self.report(
                HCL_VARIABLE_INVALID,
                block.label_span,
                "Invalid variable name; A name must start with a letter or underscore and may contain only letters, "
                "digits, underscores, and dashes.",
                None,
            )
        body = block.body
        for attr in body.attributes:
            if attr.name not in ("description", "default", "type"):
                self.report(
                    HCL_VARIABLE_INVALID,
                    attr.name_span,
                    f'Unsupported argument; An argument named "{attr.name}" is not expected here.',
                    "a variable block takes description, default, type and validation blocks",
                )
        variable = _Variable(name, block.header_span, None)
        type_attr = body.attribute("type")
        if type_attr is not None:
            try:
                variable.type = parse_type(type_attr.expr.node)
            except TypeExprError as exc:
                self.report(
                    HCL_VARIABLE_INVALID,
                    type_attr.expr.span,
                    f"Invalid type specification; {exc}",
                    "Nomad wants an exact type: string, number, bool, list(...), set(...), map(...), "
                    "tuple([...]) or object({...}), without any or optional()",
                )
                return
        default = body.attribute("default")
        if default is not None:
            value, error = self.constant(default.expr)
            if error is not None:
                self.eval_error(error)
                return
            if variable.type is not None:
                try:
                    value = convert(value, variable.type)
                except ConversionError as exc:
                    self.report(
                        HCL_VARIABLE_INVALID,
                        default.expr.span,
                        "Invalid default value for variable; This default value is not compatible with the variable's "
                        f"type constraint: {exc}.",
                        "change the default or the type so they agree",
                    )
                    value = Unknown(f"the default of var.{name} does not fit its type")
            else:
                variable.type = _inferred(value)
            variable.values.append(("default", value, default.expr.span))
        for sub in body.blocks:
            if sub.type == "validation":
                self.declare_validation(variable, sub)
            else:
                self.report(
                    HCL_VARIABLE_INVALID,
                    sub.type_span,
                    f'Unsupported block type; Blocks of type "{sub.type}" are not expected here.',
                    "a variable block takes only validation blocks",
                )
        self.variables[name] = variable

    def declare_validation(self, variable: _Variable, block: Block) -> None:
        condition = block.body.attribute("condition")
        message_attr = block.body.attribute("error_message")
        for missing, attr in (("condition", condition), ("error_message", message_attr)):
            if attr is None:
                self.report(
                    HCL_VARIABLE_VALIDATION,
                    block.header_span,
                    f'Missing required argument; The argument "{missing}" is required, but no definition was found.',
                    f"add `{missing} = ...` to the validation block",
                )
        if condition is None or message_attr is None:
            return
        refs = _VAR_REF.findall(condition.expr.source)
        for other in sorted(set(refs) - {variable.name}):
            self.report(
                HCL_VARIABLE_VALIDATION,
                condition.expr.span,
                f'Invalid reference in variable validation; The condition for variable "{variable.name}" '
                f"can only refer to the variable itself, using var.{variable.name}.",
                f"var.{other} cannot be used here",
            )
        if variable.name not in refs:
            self.report(
                HCL_VARIABLE_VALIDATION,
                condition.expr.span,
                f'Invalid variable validation condition; The condition for variable "{variable.name}" must '
                f"refer to var.{variable.name} in order to test incoming values.",
                None,
            )
        message, error = self.constant(message_attr.expr)
        if error is not None:
            self.eval_error(error)
            return
        if not isinstance(message, str) or not message.strip():
            self.report(
                HCL_VARIABLE_VALIDATION,
                message_attr.expr.span,
                "Invalid validation error message; An empty or blank string is not a valid nor useful error message.",
                "say what a valid value looks like",
            )
            return
        if set(refs) == {variable.name}:
            variable.validations.append(_Validation(condition.expr, message, block.header_span))

    # -- values ------------------------------------------------------------------
    def collect_inputs(self) -> None:
        undefined = Severity.ERROR if self.inputs.strict else Severity.WARNING
        for key, raw in self.inputs.env.items():
            if key.startswith("NOMAD_VAR_") and key[10:] in self.variables:
                declared = self.variables[key[10:]]
                self.assign_text(declared, raw, "env", f"NOMAD_VAR_{declared.name}")
        for path, text in self.inputs.var_files:
            self.collect_var_file(path, text, undefined)
        job_span = self.job_span()
        for arg in self.inputs.vars:
            name, sep, raw = arg.partition("=")
            if not sep:
                continue  # Nomad ignores a --var without "="
            variable = self.variables.get(name)
            if variable is None:
                self.report(
                    HCL_VARIABLE_UNDEFINED,
                    job_span,
                    f'Undefined -var variable; A "{name}" variable was passed in the command line but was not found '
                    f'in known variables. To declare variable "{name}", place this block in your job file',
                    f'add `variable "{name}" {{}}` to the job file, or drop --var {name}=... (--no-strict: only warn)',
                    undefined,
                )
                continue
            self.assign_text(variable, raw, "cmd", f"--var {name}")

    def job_span(self) -> Span:
        jobs = self.document.body.blocks_of("job")
        return jobs[0].header_span if jobs else Span.point(self.document.path)

    def assign_text(self, variable: _Variable, raw: str, origin: str, where: str) -> None:
        span = variable.header
        if variable.type in _LITERAL_TYPES:
            value: Any = raw
        else:
            value = self.parse_value(raw, variable, where)
            if isinstance(value, Unknown):
                variable.values.append((origin, value, span))
                return
        self.assign(variable, value, origin, span, where)

    def parse_value(self, raw: str, variable: _Variable, where: str) -> Any:
        from jobspec.load.hcl import parse

        parsed = parse(f"v = {raw}\n", where)
        attrs = parsed.document.body.attributes if parsed.document is not None else ()
        if len(attrs) != 1 or parsed.diagnostics:
            self.report(
                HCL_VARIABLE_INVALID,
                variable.header,
                f"Invalid value for variable; {where} does not hold a valid HCL value for var.{variable.name}: {raw!r}",
                f"a {_describe(variable.type)} value is written in HCL syntax, e.g. {_example(variable.type)}",
            )
            return Unknown(f"the value given for var.{variable.name} is not valid HCL")
        value, error = self.constant(attrs[0].expr)
        if error is not None:
            self.report(HCL_VARIABLE_INVALID, variable.header, f"Invalid value for variable; {where}: {error}", None)
            return Unknown(f"the value given for var.{variable.name} is not valid")
        return value

    def assign(self, variable: _Variable, value: Any, origin: str, span: Span, where: str) -> None:
        if variable.type is not None:
            try:
                value = convert(value, variable.type)
            except ConversionError as exc:
                # Nomad words the two cases differently; keep its words for each.
                if origin == "cmd":
                    summary = f"Invalid argument value for -var variable; The received arg value for {variable.name}"
                else:
                    summary = f"Invalid value for variable; The value for {variable.name}"
                self.report(
                    HCL_VARIABLE_INVALID,
                    span,
                    f"{summary} is not compatible with the variable's type constraint: {exc}.",
                    f"{where} must be a {_describe(variable.type)}",
                )
                value = Unknown(f"the value given for var.{variable.name} does not fit its type")
        variable.values.append((origin, value, span))

    def collect_var_file(self, path: str, text: str, undefined: Severity) -> None:
        for name, value, name_span, value_span, error in _var_file_entries(path, text, self):
            variable = self.variables.get(name)
            if variable is None:
                self.report(
                    HCL_VARIABLE_UNDEFINED,
                    name_span,
                    f'Undefined variable; A "{name}" variable was set but was not found in known variables. '
                    f'To declare variable "{name}", place this block in your job files',
                    f'add `variable "{name}" {{}}` to the job file, or remove it from {path} (--no-strict: only warn)',
                    undefined,
                )
                continue
            if error is not None:
                self.eval_error(error)
                variable.values.append(("varfile", value, value_span))
                continue
            self.assign(variable, value, "varfile", value_span, f"{name} in {path}")

    # -- final values ------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, variable in self.variables.items():
            if not variable.values:
                self.report(
                    HCL_VARIABLE_UNSET,
                    variable.header,
                    f'Unset variable "{name}"; A used variable must be set or have a default value; see {_DOCS} '
                    " for details.",
                    f"pass --var {name}=..., a --var-file, or NOMAD_VAR_{name}; or give it a default",
                )
                result[name] = Unknown(f"var.{name} is not set")
                continue
            origin, value, span = variable.values[-1]
            result[name] = value
            if not isinstance(value, Unknown):
                self.validate(variable, origin, value, span)
        return result

    def validate(self, variable: _Variable, origin: str, value: Any, span: Span) -> None:
        scope = Scope(variables={variable.name: value}, evaluated=True)
        for validation in variable.validations:
            result, error = evaluate_checked(validation.condition, scope)
            if error is not None:
                self.eval_error(error)
                continue
            if isinstance(result, Unknown):
                continue
            if not isinstance(result, bool):
                try:
                    result = convert(result, "bool") if result is not None else None
                except ConversionError:
                    result = None
                if result is None:
                    self.report(
                        HCL_VARIABLE_VALIDATION,
                        validation.condition.span,
                        "Invalid variable validation result; Validation condition expression must return either "
                        "true or false.",
                        None,
                    )
                    continue
            if not result:
                self.report(
                    HCL_VARIABLE_VALIDATION,
                    span,
                    f"Invalid value for {origin} variable; {validation.message}",
                    f"checked by the validation rule of var.{variable.name} at line {validation.span.line}",
                )

    # -- locals ------------------------------------------------------------------
    def locals(self) -> None:
        definitions: dict[str, Attribute] = {}
        for block in self.document.body.blocks_of("locals"):
            for attr in block.body.attributes:
                if attr.name in definitions:
                    self.report(
                        HCL_EVAL,
                        attr.name_span,
                        f"Duplicate value in locals; Duplicate {attr.name} definition found.",
                        f"local.{attr.name} is already set at line {definitions[attr.name].span.line}",
                    )
                    continue
                definitions[attr.name] = attr
        if not definitions:
            return
        deps = {
            name: [d for d in dict.fromkeys(_LOCAL_REF.findall(attr.expr.source)) if d in definitions]
            for name, attr in definitions.items()
        }
        state: dict[str, int] = {}  # 1 = in progress, 2 = done
        stack: list[str] = []

        def visit(name: str) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                members = stack[stack.index(name) :]
                for i, member in enumerate(members):
                    path = [*members[i:], *members[:i], member]
                    self.report(
                        HCL_LOCAL_CYCLE,
                        definitions[member].name_span,
                        "Cycle in locals: " + " → ".join(f"local.{m}" for m in path),
                        "a local cannot depend on itself, directly or through other locals",
                    )
                    self.scope.locals[member] = Unknown(f"local.{member} depends on itself")
                return
            state[name] = 1
            stack.append(name)
            for dep in deps[name]:
                visit(dep)
            stack.pop()
            state[name] = 2
            if name in self.scope.locals:  # part of a cycle, already unknown
                return
            value, error = evaluate_checked(definitions[name].expr, self.scope)
            if error is not None:
                self.eval_error(error)
            self.scope.locals[name] = value

        for name in definitions:
            visit(name)


def _var_file_entries(
    path: str, text: str, collector: Collector
) -> list[tuple[str, Any, Span, Span, EvalError | None]]:
    """(name, value, name span, value span, error) of each assignment in a var file."""
    if path.endswith(".json") or text.lstrip().startswith("{"):
        return _json_entries(path, text, collector)
    from jobspec.load.hcl import parse

    parsed = parse(text, path)
    collector.diagnostics.extend(parsed.diagnostics)
    if parsed.document is None:
        return []
    for block in parsed.document.body.blocks:
        if block.type == "variable":
            name = block.label or ""
            collector.report(
                HCL_VARIABLE_INVALID,
                block.type_span,
                f"Variable declaration in a .var file; A .var file is used to assign values to variables that have "
                f'already been declared in job files, not to declare new variables. To declare variable "{name}", '
                f"place this block in one of your job files",
                f"to set a value for this variable in {path}, write `{name} = <value>`",
            )
        else:
            collector.report(
                HCL_VARIABLE_INVALID,
                block.type_span,
                f'Unexpected "{block.type}" block; Blocks are not allowed here.',
                "a var file holds only `name = value` lines",
            )
    entries = []
    for attr in parsed.document.body.attributes:
        value, error = collector.constant(attr.expr)
        entries.append((attr.name, value, attr.name_span, attr.expr.span, error))
    return entries


def _json_entries(path: str, text: str, collector: Collector) -> list[tuple[str, Any, Span, Span, EvalError | None]]:
    from jobspec.load import jsontree

    root, error = jsontree.parse(text, path)
    if error is not None:
        collector.report(
            HCL_VARIABLE_INVALID, error.span, f"unable to parse var file: {error.message}", "fix the JSON syntax"
        )
        return []
    if not isinstance(root, jsontree.JObject):
        collector.report(
            HCL_VARIABLE_INVALID,
            root.span if root is not None else Span.point(path),
            "unable to parse var file: the top level must be a JSON object",
            'write {"name": value, ...}',
        )
        return []
    members = {m.key: m for m in root.members}  # a repeated key: the last one wins, as in Go
    return [(name, _from_json(jsontree.plain(m.value)), m.key_span, m.value.span, None) for name, m in members.items()]


def _from_json(value: Any) -> Any:
    from jobspec.evaluate.types import number

    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _from_json(v) for k, v in value.items()}
    return value


def _inferred(value: Any) -> Type | None:
    """The type a variable takes from its default: the default's own exact type, as Nomad's
    ``decodeVariableBlock`` sets ``v.Type = defaultValue.Type()`` (null: any type)."""
    if isinstance(value, Unknown):
        return None
    return type_of(value)


def _describe(type_: Type | None) -> str:
    from jobspec.evaluate.types import describe

    return describe(type_) if type_ is not None else "value"


def _example(type_: Type | None) -> str:
    kind = type_ if isinstance(type_, str) else (type_[0] if type_ else "string")
    return {
        "bool": "true",
        "list": '["a", "b"]',
        "set": '["a", "b"]',
        "tuple": '["a", 1]',
        "map": '{ a = "x" }',
        "object": '{ name = "x" }',
    }.get(kind, '"text"')
