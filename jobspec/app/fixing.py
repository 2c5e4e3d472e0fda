"""``validate --fix``, ``--unsafe-fixes`` and ``--diff``: fix the job files a run checked.

The run's own findings (cached ones included) say which files have fixes to apply;
only those are read again and fixed (:func:`jobspec.fix.fix_file`), then
:func:`jobspec.app.lint.lint_fixing` checks every file once more, the fixed ones with
their new content, so the report holds what remains. With ``--fix`` a changed file is replaced in one step
(:func:`jobspec.atomic.write_bytes`); with ``--diff`` nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from jobspec.atomic import write_bytes
from jobspec.diagnostics import Diagnostic
from jobspec.engine.file import lint_file
from jobspec.engine.options import Options
from jobspec.fix import Fixed, applies, fix_file, syntax_error, unified_diff
from jobspec.load.files import read_bytes


@dataclass
class Fixing:
    """What fixing the files of one run came to."""

    results: list[Fixed] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)
    """Path (``-`` for standard input) → the fixed content, for the check that follows."""

    @property
    def fixed(self) -> int:
        return sum(r.fixed for r in self.results if r.changed)

    def problems(self) -> list[str]:
        return [f"{r.name}: {r.problem}" for r in self.results if r.problem]

    def diff(self) -> str:
        return "".join(unified_diff(r.name, r.before, r.after) for r in self.results if r.changed)


def fix_files(
    files: list[tuple[str, str]],
    diagnostics: Iterable[Diagnostic],
    options: Options,
    *,
    unsafe: bool,
    write: bool,
    read_elsewhere: list[str],
    folders_read: list[str],
    stdin: bytes | None,
    stdin_name: str,
) -> Fixing:
    """Fix each of ``files`` ((path, name) pairs) that ``diagnostics`` give an applicable
    fix. ``read_elsewhere`` are the files the run reads as something other than a job
    (var files, catalog, configuration, baseline), ``folders_read`` the catalog folders:
    a job file that is one of them, or lies below one, is never written. ``stdin`` is
    what standard input held, when ``-`` is among ``files``."""
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_file.setdefault(d.span.file, []).append(d)
    outcome = Fixing()
    for path, given in files:
        name = stdin_name if path == "-" else given
        found = by_file.get(name, [])
        if not any(applies(d.fix, unsafe) for d in found):
            continue
        if path != "-" and (_one_of(path, read_elsewhere) or _below(path, folders_read)):
            data = b""
            outcome.results.append(Fixed(name, data, data, 0, "not fixed: the run also reads this file as an input"))
            continue
        if path == "-":
            data = stdin or b""
        else:
            data, problem = read_bytes(path)
            if problem is not None:
                continue  # reported by the check that follows
        result = fix_file(
            data,
            name,
            found,
            partial(_recheck, name=name, options=options, ignored=options.ignored_for(name)),
            unsafe,
            partial(_syntax_error, name=name),
        )
        if result.changed and write and path != "-":
            try:
                write_bytes(path, result.after)
            except OSError as exc:
                result = Fixed(name, data, data, 0, f"not fixed: cannot write the file: {exc.strerror or exc}")
        outcome.results.append(result)
        if result.changed:
            outcome.contents[path] = result.after
    return outcome


def _recheck(content: bytes, *, name: str, options: Options, ignored: tuple[str, ...]) -> list[Diagnostic]:
    return lint_file(content, name, options, ignored).diagnostics


def _syntax_error(text: str, *, name: str) -> str | None:
    return syntax_error(text, name)


def _one_of(path: str, others: list[str]) -> bool:
    try:
        mine = os.stat(path)
    except OSError:
        return False
    for other in others:
        try:
            if os.path.samestat(mine, os.stat(other)):
                return True
        except OSError:
            continue
    return False


def _below(path: str, folders: list[str]) -> bool:
    real = os.path.realpath(path)
    return any(real.startswith(os.path.join(os.path.realpath(folder), "")) for folder in folders)
