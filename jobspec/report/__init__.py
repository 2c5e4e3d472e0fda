"""Reports: a registry of output formats and :func:`emit`, which writes a Report in
one or more formats to standard output or files.

Every format is a module with ``render(report) -> str`` (the text format also takes
``color``); add one by writing the module and listing it in ``FORMATTERS``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobspec.atomic import write_text
from jobspec.report.model import Report
from jobspec.report.summary import lines as summary_lines

STDOUT = "-"


@dataclass(frozen=True)
class Formatter:
    name: str
    module: str
    colored: bool = False
    """Whether ``render`` takes ``color`` (only text draws in colour)."""

    def render(self, report: Report, color: bool = False) -> str:
        module = importlib.import_module(self.module)
        return module.render(report, color=color) if self.colored else module.render(report)


FORMATTERS: dict[str, Formatter] = {
    f.name: f
    for f in (
        Formatter("text", "jobspec.report.text", colored=True),
        Formatter("concise", "jobspec.report.concise"),
        Formatter("json", "jobspec.report.json_format"),
        Formatter("sarif", "jobspec.report.sarif"),
        Formatter("github", "jobspec.report.github"),
        Formatter("junit", "jobspec.report.junit"),
    )
}


class OutputError(ValueError):
    """The requested formats and outputs cannot be honoured (a usage error, exit 2)."""


@dataclass(frozen=True)
class Destination:
    format: str
    path: str
    """A file, or ``-`` for standard output."""


def destinations(formats: Sequence[str], outputs: Sequence[str], inputs: Iterable[str] = ()) -> list[Destination]:
    """Pair ``formats[i]`` with ``outputs[i]``; a format without an output, or with
    ``-``, goes to standard output (``jobspec.report.options`` turns ``--format``
    and ``--output`` values into this alignment).

    Refuses, with :class:`OutputError`, an unknown format, more outputs than formats,
    two formats on standard output or in one file, and an output that is one of the
    ``inputs`` (jobspec never writes a file it reads)."""
    formats = list(formats) or ["text"]
    if len(outputs) > len(formats):
        raise OutputError(
            f"--output is given {len(outputs)} times but --format only {len(formats)}; "
            "each --output pairs with the --format in the same position"
        )
    unknown = [f for f in formats if f not in FORMATTERS]
    if unknown:
        raise OutputError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATTERS)}")
    paired = [Destination(f, outputs[i] if i < len(outputs) and outputs[i] else STDOUT) for i, f in enumerate(formats)]
    on_stdout = [d.format for d in paired if d.path == STDOUT]
    if len(on_stdout) > 1:
        raise OutputError(
            f"formats {' and '.join(on_stdout)} would both go to standard output; "
            "name a file (FORMAT:FILE) for all but one"
        )
    seen: dict[str, str] = {}
    read = [p for p in inputs if p != STDOUT]
    for d in paired:
        if d.path == STDOUT:
            continue
        key = os.path.realpath(d.path)
        if key in seen:
            raise OutputError(f"formats {seen[key]} and {d.format} are both written to {d.path}")
        seen[key] = d.format
        if os.path.isdir(d.path):
            raise OutputError(f"output {d.path} is a folder; give a file name")
        clash = _input_at(d.path, read)
        if clash is not None:
            raise OutputError(f"output {d.path} is the input file {clash}; jobspec never writes a file it reads")
    return paired


def _input_at(output: str, inputs: list[str]) -> str | None:
    """The input file ``output`` names, by any path or link. A file that does not
    exist yet is no input (inputs exist), so most runs stat nothing at all."""
    try:
        target = os.stat(output)
    except OSError:
        return None
    for path in inputs:
        try:
            if os.path.samestat(os.stat(path), target):
                return path
        except OSError:
            continue
    return None


def use_color() -> bool:
    """Colour on a terminal unless NO_COLOR is set; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def emit(
    report: Report,
    formats: Sequence[str] = (),
    outputs: Sequence[str] = (),
    *,
    inputs: Iterable[str] = (),
    summary: bool = False,
    color: bool | None = None,
) -> None:
    """Write ``report`` in every requested format (see :func:`destinations` for the pairing),
    and with ``summary`` the totals on standard error unless text on standard output
    already ends with them. Raises :class:`OutputError` before writing anything if
    the request is refused, and when a file cannot be written."""
    paired = destinations(formats, outputs, inputs)
    for d in paired:
        formatter = FORMATTERS[d.format]
        if d.path == STDOUT:
            sys.stdout.write(formatter.render(report, color=use_color() if color is None else color))
            sys.stdout.flush()
            continue
        try:
            write_text(d.path, formatter.render(report))
        except OSError as exc:
            raise OutputError(f"cannot write {d.path}: {exc.strerror or exc}") from exc
    if summary and not any(d.format == "text" and d.path == STDOUT for d in paired):
        sys.stderr.write("".join(line + "\n" for line in summary_lines(report)))
        sys.stderr.flush()
