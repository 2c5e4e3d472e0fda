"""Inline suppressions in HCL comments.

``# jobspec:ignore RULE[,RULE] — reason`` (or ``//``) at the end of a line
silences those rules' diagnostics that start on that line; on a line of its
own it silences the next line of code (other comment lines in between are
passed over, so several directives can be stacked). ``# jobspec:ignore-file
RULE[,RULE]`` anywhere in the file silences the rules for the whole file.

Comments are found by a light tokenizer over the source text, which skips
strings (with ``${...}`` interpolations) and heredocs: python-hcl2 keeps
comments but not their positions.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Span
from jobspec.rules import rule_ids, suppression_invalid, suppression_unused

_DIRECTIVE = re.compile(r"^(?:#|//)\s*jobspec:\s*(?P<kind>ignore-file|ignore)(?![\w-])\s*[:=]?")
_IDS = re.compile(r"\s*(?P<ids>[A-Za-z][\w.-]*(?:\s*,\s*[A-Za-z][\w.-]*)*)?")
_ID = re.compile(r"[A-Za-z][\w.-]*")
_HEREDOC = re.compile(r"<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n")
# Findings about configuration and suppressions themselves cannot be silenced inline.
_NOT_SUPPRESSIBLE = frozenset({"config-invalid", suppression_invalid.ID, suppression_unused.ID})


@dataclass(frozen=True)
class Directive:
    line: int
    column: int
    rules: tuple[tuple[str, int], ...]
    """Each rule id with its column."""
    target: int | None
    """The line it silences; None for ``ignore-file``."""


def comments(text: str) -> list[int]:
    """Offsets of every ``#`` and ``//`` comment outside strings and heredocs."""
    found: list[int] = []
    i, n = 0, len(text)
    in_string = False
    depth: list[int] = []  # open braces inside each enclosing ${...}
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
            elif c == '"' or c == "\n":
                in_string = False
                i += 1
            elif c in "$%" and text.startswith(c + c + "{", i):
                i += 3  # $${ and %%{ are escapes, not interpolations
            elif c in "$%" and text.startswith("{", i + 1):
                depth.append(0)
                in_string = False
                i += 2
            else:
                i += 1
            continue
        if c == '"':
            in_string = True
            i += 1
        elif c == "#" or text.startswith("//", i):
            found.append(i)
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == "<" and (m := _HEREDOC.match(text, i)):
            i = _heredoc_end(text, m.end(), m.group(1))
        else:
            if c == "{" and depth:
                depth[-1] += 1
            elif c == "}" and depth:
                if depth[-1] == 0:
                    depth.pop()
                    in_string = True
                else:
                    depth[-1] -= 1
            i += 1
    return found


def _heredoc_end(text: str, start: int, marker: str) -> int:
    i = start
    while i < len(text):
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        if text[i:end].strip() == marker:
            return end
        i = end + 1
    return len(text)


def parse(text: str, path: str) -> tuple[list[Directive], list[Diagnostic]]:
    """Every directive in ``text``, and a diagnostic for each malformed one."""
    if "jobspec:" not in text:
        return [], []  # the common case: no directive, no need to tokenize

    known = rule_ids()
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    lines = text.split("\n")
    directives: list[Directive] = []
    problems: list[Diagnostic] = []
    for offset in comments(text):
        end = text.find("\n", offset)
        body = text[offset : len(text) if end < 0 else end]
        m = _DIRECTIVE.match(body)
        if m is None:
            continue
        row = bisect_right(starts, offset) - 1
        column = offset - starts[row] + 1
        ids_match = _IDS.match(body, m.end())
        rules: list[tuple[str, int]] = []
        if ids_match and ids_match.group("ids"):
            base = column + ids_match.start("ids")
            for id_match in _ID.finditer(ids_match.group("ids")):
                rule, rule_column = id_match.group(), base + id_match.start()
                span = Span(path, row + 1, rule_column, row + 1, rule_column + len(rule))
                if rule in _NOT_SUPPRESSIBLE:
                    problems.append(
                        _invalid(span, f"`{rule}` cannot be suppressed inline", "use `ignore` in the configuration")
                    )
                elif rule not in known:
                    close = difflib.get_close_matches(rule, list(known), n=1)
                    hint = f"did you mean `{close[0]}`?" if close else "`jobspec rules` lists every rule id"
                    # Unsafe: the guessed rule then silences findings the comment did not name.
                    guess = Fix(f"write `{close[0]}`", Applicability.UNSAFE, (Edit(span, close[0]),)) if close else None
                    problems.append(_invalid(span, f"unknown rule id `{rule}` in a suppression comment", hint, guess))
                else:
                    rules.append((rule, rule_column))
        else:
            kind = m.group("kind")
            problems.append(
                _invalid(
                    Span(path, row + 1, column, row + 1, column + len(body.rstrip())),
                    "suppression comment names no rule",
                    f"write `# jobspec:{kind} RULE — reason`; a suppression of every rule is not allowed",
                )
            )
        if not rules:
            continue
        if m.group("kind") == "ignore-file":
            target = None
        elif lines[row][: column - 1].strip():
            target = row + 1
        else:
            target = _next_code_line(lines, row + 1)
        directives.append(Directive(row + 1, column, tuple(rules), target))
    return directives, problems


def _next_code_line(lines: list[str], index: int) -> int:
    """1-based line of the first line at or after 0-based ``index`` holding code."""
    for i in range(index, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith(("#", "//")):
            return i + 1
    return len(lines) + 1


def _invalid(span: Span, message: str, hint: str, fix: Fix | None = None) -> Diagnostic:
    return Diagnostic(suppression_invalid.ID, suppression_invalid.SEVERITY, message, span, hint, fix=fix)


def apply(diagnostics: Iterable[Diagnostic], text: str, path: str, ran: set[str]) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add one for each malformed or unused suppression.

    ``ran`` holds the rules that were checked on this file: only a suppression of
    one of them can be called unused."""
    directives, result = parse(text, path)
    used: set[tuple[int, str]] = set()
    by_line: dict[tuple[int, str], int] = {}
    whole_file: dict[str, int] = {}
    for d in directives:
        for rule, _ in d.rules:
            if d.target is None:
                whole_file.setdefault(rule, d.line)
            else:
                by_line.setdefault((d.target, rule), d.line)
    for diagnostic in diagnostics:
        origin = whole_file.get(diagnostic.rule)
        if origin is None:
            origin = by_line.get((diagnostic.span.line, diagnostic.rule))
        if origin is None or diagnostic.rule in _NOT_SUPPRESSIBLE:
            result.append(diagnostic)
        else:
            used.add((origin, diagnostic.rule))
    for d in directives:
        unused = [(rule, column) for rule, column in d.rules if rule in ran and (d.line, rule) not in used]
        for rule, column in unused:
            where = "in this file" if d.target is None else f"on line {d.target}"
            result.append(
                Diagnostic(
                    suppression_unused.ID,
                    suppression_unused.SEVERITY,
                    f"unused suppression: no `{rule}` diagnostic {where}",
                    Span(path, d.line, column, d.line, column + len(rule)),
                    f"delete `{rule}` from the comment (or the whole comment)",
                    fix=_unused_fix(d, rule, len(unused) == len(d.rules), text, path),
                )
            )
    return result


def _unused_fix(d: Directive, rule: str, all_unused: bool, text: str, path: str) -> Fix:
    """Delete the whole comment when it suppresses nothing at all (the whole line when
    the comment stands alone on it), else only ``rule`` and the comma that joins it
    to its neighbour. Safe, as ruff's RUF100 fix is: no finding comes or goes."""
    line = text.split("\n")[d.line - 1].removesuffix("\r")
    if all_unused:
        code = line[: d.column - 1]
        if code.strip():
            start = len(code.rstrip()) + 1
            span = Span(path, d.line, start, d.line, len(line) + 1)
        elif d.line < text.count("\n") + 1:
            span = Span(path, d.line, 1, d.line + 1, 1)
        else:
            span = Span(path, d.line, 1, d.line, len(line) + 1)
        return Fix("delete the unused suppression comment", Applicability.SAFE, (Edit(span, ""),))
    columns = [column for _, column in d.rules]
    i = [r for r, _ in d.rules].index(rule)
    column = columns[i]
    if i + 1 < len(columns):
        span = Span(path, d.line, column, d.line, columns[i + 1])
    else:
        before = d.rules[i - 1]
        span = Span(path, d.line, before[1] + len(before[0]), d.line, column + len(rule))
    return Fix(f"delete `{rule}` from the suppression comment", Applicability.SAFE, (Edit(span, ""),))
