"""Helpers for the HCL2 evaluation tests: one expression in, its value or error out."""

from __future__ import annotations

import textwrap
from typing import Any

from jobspec.diagnostics import Diagnostic
from jobspec.engine.file import lint_text
from jobspec.evaluate.expressions import EvalError, Scope, evaluate_checked
from jobspec.evaluate.functions import Files
from jobspec.inputs import Inputs
from jobspec.load.hcl import parse

VARIABLES = {"port": 8080, "ports": [80, 443], "net": "weave", "on": True, "m": {"b": 2, "a": 1}, "nothing": None}
LOCALS = {"svc": "api", "objs": [{"name": "a", "n": 1}, {"name": "b", "n": 2}]}


def evaluated(text: str, files: Files | None = None) -> tuple[Any, EvalError | None]:
    """Evaluate the expression ``text`` with a few known variables and locals."""
    parsed = parse(f"x = {text}\n", "expr.hcl")
    assert parsed.document is not None, parsed.diagnostics
    scope = Scope(variables=dict(VARIABLES), locals=dict(LOCALS), evaluated=True, files=files)
    return evaluate_checked(parsed.document.body.attributes[0].expr, scope)


def value(text: str) -> Any:
    result, error = evaluated(text)
    assert error is None, str(error)
    return result


def lint_with(text: str, path: str = "job.nomad", **inputs: Any) -> list[Diagnostic]:
    """Validate dedented HCL with variable inputs (vars=, var_files=, env=, strict=...)."""
    for key in ("vars", "var_files"):
        if key in inputs:
            inputs[key] = tuple(inputs[key])
    outcome = lint_text(textwrap.dedent(text), path, inputs=Inputs(**inputs))
    return sorted(outcome.diagnostics, key=Diagnostic.sort_key)


def where(diagnostics: list[Diagnostic], rule: str) -> list[tuple[int, int]]:
    return [(d.span.line, d.span.column) for d in diagnostics if d.rule == rule]
