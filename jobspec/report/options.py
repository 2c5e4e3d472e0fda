"""``--format FORMAT[:FILE]`` and ``--output FILE``: which report goes where.

A ``--format`` value names its file itself (``json:r.json``; no file, or ``-``,
is standard output), so any number of reports can be asked for without relying on
the order of options. Click hands a command each repeatable option as its own
list, which loses how ``--format`` and ``--output`` interleave, so ``--output``
pairs by position: its values go, in order, to the formats that name no file. When
that could mean two things (fewer ``--output`` than such formats, as in
``--format github --format sarif --output r.sarif``), the command refuses and
points to ``FORMAT:FILE``.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobspec.report import FORMATTERS, STDOUT, OutputError

SEPARATOR = ":"
METAVAR = "FORMAT[:FILE]"


def split_format(value: str) -> tuple[str, str | None]:
    """``json:r.json`` → ``("json", "r.json")``; ``json`` → ``("json", None)``.

    Only the first ``:`` separates (format names have none), so a file may hold
    more: ``json:C:/r.json``. An empty file (``json:``) is standard output."""
    name, sep, path = value.partition(SEPARATOR)
    if name not in FORMATTERS:
        raise OutputError(f"unknown format {name!r} in --format {value}; choose from {', '.join(FORMATTERS)}")
    return name, (path or STDOUT) if sep else None


def requested(formats: Sequence[str], outputs: Sequence[str]) -> tuple[list[str], list[str]]:
    """The format names and the output of each (``-`` for standard output), from the
    ``--format`` and ``--output`` values as given. With no ``--format`` the one
    format is text. Raises :class:`OutputError` for an unknown format and for
    ``--output`` values that cannot be paired without guessing."""
    split = [split_format(value) for value in formats] or [("text", None)]
    open_ = [i for i, (_, path) in enumerate(split) if path is None]
    if outputs and len(outputs) != len(open_):
        raise OutputError(_unpaired(split, open_, outputs))
    paths = [path or STDOUT for _, path in split]
    for i, output in zip(open_, outputs, strict=False):  # no --output at all, or one per open format
        paths[i] = output or STDOUT
    return [name for name, _ in split], paths


def _unpaired(split: list[tuple[str, str | None]], open_: list[int], outputs: Sequence[str]) -> str:
    names = [split[i][0] for i in open_]
    if not names:
        return f"--output {outputs[0]} has no format to go with: every --format names its file (FORMAT{SEPARATOR}FILE)"
    if len(outputs) > len(names):
        return (
            f"--output is given {len(outputs)} times for {_count(len(names), 'format')} without a file; "
            f"give one --output per such --format, or write FORMAT{SEPARATOR}FILE"
        )
    return (
        f"{_count(len(outputs), '--output')} for {len(names)} formats without a file ({', '.join(names)}) "
        f"leaves unclear which goes where; name each file in its format instead, "
        f"e.g. --format {names[-1]}{SEPARATOR}{outputs[-1]}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def complete_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``--format``: the format names, each with a ``:`` form."""
    return [
        (candidate, "report to standard output" if candidate == name else "report to a file: add its name")
        for name in FORMATTERS
        for candidate in (name, name + SEPARATOR)
        if candidate.startswith(incomplete)
    ]
