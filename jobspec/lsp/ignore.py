"""The edit behind "ignore RULE on this line": a suppression comment that
:mod:`jobspec.engine.suppress` reads as silencing RULE on that line.

Tried in turn, each kept only when :func:`jobspec.engine.suppress.parse` reads the edited
text as meant (a line that ends inside a heredoc, or in a comment already, takes no
directive after it):

1. a directive that already silences something on the line gains ``, RULE``;
2. the line gains ``  # jobspec:ignore RULE`` at its end;
3. a line of its own above it, indented alike: ``# jobspec:ignore RULE``.
"""

from __future__ import annotations

from jobspec.diagnostics import Edit, Span
from jobspec.edits import offsets
from jobspec.engine import suppress
from jobspec.fix import apply


def ignore_edit(text: str, name: str, line: int, rule: str) -> Edit | None:
    """The edit that silences ``rule`` on ``line`` (1-based) of ``text``; None when no
    comment can (``suppression-unused`` and ``config-invalid`` cannot be silenced inline)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    directives, _ = suppress.parse(text, name)
    candidates: list[tuple[Edit, int]] = []
    for d in directives:
        if d.target == line and d.rules:
            if any(r == rule for r, _ in d.rules):
                return None  # already silenced: the diagnostic would not be here
            last, column = d.rules[-1]
            end = column + len(last)
            candidates.append((Edit(Span(name, d.line, end, d.line, end), f", {rule}"), line))
    body = lines[line - 1].rstrip("\r")
    end = len(body) + 1
    candidates.append((Edit(Span(name, line, end, line, end), f"  # jobspec:ignore {rule}"), line))
    indent = body[: len(body) - len(body.lstrip(" \t"))]
    candidates.append((Edit(Span(name, line, 1, line, 1), f"{indent}# jobspec:ignore {rule}\n"), line + 1))
    for edit, target in candidates:
        edited, _ = suppress.parse(_applied(text, edit), name)
        if any(d.target == target and any(r == rule for r, _ in d.rules) for d in edited):
            return edit
    return None


def _applied(text: str, edit: Edit) -> str:
    where = offsets(text, edit.span)
    return text if where is None else apply(text, [(*where, edit.text)])
