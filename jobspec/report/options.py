"""``--format``/``--output`` pairs as written on the command line.

Click hands a command each repeated option as its own list, which loses how the
two interleave; an ``--output`` belongs to the ``--format`` written just before it
(``--format github --format sarif --output r.sarif`` puts SARIF in the file), so a
command that offers both uses :class:`KeepsArgs` and asks :func:`paired_outputs`.
"""

from __future__ import annotations

from collections.abc import Sequence

import typer
from typer.core import TyperCommand, TyperOption

from jobspec.report import OutputError

_ARGS = "jobspec.args"


class KeepsArgs(TyperCommand):
    """A command that remembers its raw arguments for :func:`paired_outputs`."""

    # click passes its own Context, which typer vendors without a public name;
    # typer.Context is the subclass it exports, and only ctx.meta is read here.
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        ctx.meta[_ARGS] = list(args)
        return super().parse_args(ctx, args)


def _order(ctx: typer.Context, format_opts: set[str], output_opts: set[str]) -> list[str]:
    """``f`` and ``o`` for each --format and --output, in command-line order."""
    takes_value = {
        name
        for param in ctx.command.params
        if isinstance(param, TyperOption) and not param.is_flag and not param.count
        for name in param.opts
    }
    kinds: list[str] = []
    args = ctx.meta.get(_ARGS, [])
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        name, attached = (arg.split("=", 1)[0], True) if arg.startswith("--") and "=" in arg else (arg, False)
        if not arg.startswith("--") and arg[:2] in format_opts | output_opts and len(arg) > 2:
            name, attached = arg[:2], True  # -fjson, -or.json
        if name in format_opts:
            kinds.append("f")
        elif name in output_opts:
            kinds.append("o")
        if name in takes_value and not attached:
            i += 1
        i += 1
    return kinds


def paired_outputs(
    ctx: typer.Context,
    formats: Sequence[str],
    outputs: Sequence[str],
    format_opts: tuple[str, ...] = ("--format", "-f"),
    output_opts: tuple[str, ...] = ("--output", "-o"),
) -> list[str]:
    """The output of each format, in the order of ``formats`` (``-`` for standard
    output), pairing each --output with the --format written just before it. With no
    --format, one --output names the file for the default format."""
    kinds = _order(ctx, set(format_opts), set(output_opts))
    if not formats or kinds.count("f") != len(formats) or kinds.count("o") != len(outputs):
        # No --format (the outputs are for the default one), or arguments not seen: by index.
        return list(outputs)
    paired: list[str | None] = [None] * len(formats)
    current = -1
    given = iter(outputs)
    for kind in kinds:
        if kind == "f":
            current += 1
            continue
        output = next(given)
        if current < 0:
            raise OutputError(f"--output {output} comes before any --format; put it after the --format it is for")
        if paired[current] is not None:
            raise OutputError(f"--output is given twice after one --format: {paired[current]} and {output}")
        paired[current] = output
    return [output or "-" for output in paired]
