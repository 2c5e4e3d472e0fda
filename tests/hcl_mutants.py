"""Mutants of the corpus jobs, judged by Go's hclsyntax (shared/tools/hclcheck) and by jobspec.

Used by tests/test_hcl_differential.py, and as a script for larger runs:

    python -m tests.hcl_mutants --count 1000 --seed 7 --seed 8

prints, per seed, how many mutants each side rejects and every disagreement.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.engine.run import stamped
from jobspec.load.files import decode
from jobspec.load.hcl import parse
from jobspec.rules import hcl_syntax

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent.parent / "shared" / "tools" / "hclcheck" / "build.sh"
JOBS = HERE.parent.parent / "shared" / "corpus" / "nomad" / "jobs"
DEFAULT_SEED = 20261204

_INSERTS = [
    "{",
    "}",
    '"',
    "[",
    "]",
    "(",
    ")",
    "=",
    ",",
    "#",
    "\n",
    " ",
    "a",
    "-",
    "1",
    ".",
    "$",
    "%",
    "\\",
    "/",
    "*",
    ":",
]


@dataclass
class Case:
    name: str
    data: bytes
    edit_line: int | None  # None: a generated file, not an edit
    go: dict = field(default_factory=dict)
    ours: list[Diagnostic] = field(default_factory=list)


def hclcheck() -> str | None:
    """The hclcheck binary, or None where Go, the HCL package or shared/ is missing."""
    if os.environ.get("HCLCHECK_BIN") and Path(os.environ["HCLCHECK_BIN"]).is_file():
        return os.environ["HCLCHECK_BIN"]
    if not BUILD.is_file():
        return None
    try:
        # The build script installs missing Debian packages; without root it can only fail.
        done = subprocess.run(["bash", str(BUILD)], capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = done.stdout.strip().splitlines()[-1] if done.returncode == 0 and done.stdout.strip() else ""
    return path if path and Path(path).is_file() else None


def corpus() -> list[Path]:
    return sorted(p for p in JOBS.rglob("*") if p.is_file())


def mutate(text: str, rng: random.Random) -> tuple[str, int]:
    """One random edit of ``text``: the new text and the (1-based) line edited."""
    lines = text.split("\n")
    kind = rng.choice(["delete", "delete", "insert", "insert", "dup", "drop", "swap", "truncate", "brace", "quote"])
    if kind in ("dup", "drop", "swap") and len(lines) > 2:
        i = rng.randrange(len(lines) - 1)
        if kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "drop":
            del lines[i]
        else:
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        return "\n".join(lines), i + 1
    if not text:
        return "}", 1
    at = rng.randrange(len(text))
    line = text.count("\n", 0, at) + 1
    if kind == "delete":
        return text[:at] + text[at + rng.choice([1, 1, 1, 2, 5]) :], line
    if kind == "truncate":
        return text[:at], line
    char = {"brace": rng.choice("{}"), "quote": '"'}.get(kind) or rng.choice(_INSERTS)
    return text[:at] + char + text[at:], line


def mutants(seed: int, count: int) -> list[Case]:
    rng = random.Random(seed)
    sources = [(p, p.read_text(encoding="utf-8")) for p in corpus()]
    cases = []
    for n in range(count):
        path, text = rng.choice(sources)
        mutated, line = mutate(text, rng)
        cases.append(Case(f"m{n:04d}-{path.name}", mutated.encode("utf-8", errors="surrogatepass"), line))
    return cases


def valid_files(seed: int, count: int) -> list[Case]:
    """Generated files in layouts Go accepts: comments where whitespace may stand,
    unary chains, single-line blocks, multi-line brackets, templates and heredocs."""
    rng = random.Random(seed ^ 0x5EED)
    return [Case(f"v{n:03d}.hcl", _generated(rng).encode(), None) for n in range(count)]


def _expression(rng: random.Random, depth: int = 0) -> str:
    leaf = [
        "1",
        "-1.5e3",
        "true",
        "null",
        '"plain"',
        '"a ${x} b"',
        '"esc \\n \\" \\\\ \\u00e9 $${lit} %%{lit}"',
        '"%{ if c }yes%{ else }no%{ endif }"',
        '"${~ "trim" ~}"',
        "var.name",
        "local.items[0]",
        "x.*.y",
        "l[*].z",
        "!!true",
        "- -1",
        "--1",
        "!x",
    ]
    if depth > 2:
        return rng.choice(leaf)
    inner = _expression(rng, depth + 1)
    other = _expression(rng, depth + 1)
    return rng.choice(
        [
            *leaf,
            f"{inner} + {other}",
            f"{inner} == {other} ? {other} : {inner}",
            f"({inner} +\n  {other})",
            f"[{inner},\n  {other},\n]",
            f"[\n  {inner}, # item\n  {other}\n]",
            f"{{ a = {inner}, b = {other} }}",
            f"{{\n  a = {inner}\n  b = {other}\n}}",
            f"f({inner},\n  {other})",
            f"[for v in {inner} : v if v != null]",
            f"{{for k, v in {inner} : k => v...}}",
            f"/* note */ {inner}",
            f"{inner} /* note\n */",
        ]
    )


def _generated(rng: random.Random) -> str:
    out = []
    for n in range(rng.randint(1, 6)):
        kind = rng.randrange(6)
        # Unique names: hclsyntax refuses an argument set twice.
        name = rng.choice(["a", "b_c", "d-e", "ünï", "count"]) + f"{n}"
        if kind == 0:
            out.append(f"{name} = {_expression(rng)}")
        elif kind == 1:
            out.append(f'{name} "l" {{ x = {_expression(rng)} }}')
        elif kind == 2:
            out.append(f"{name} {{\n  x = {_expression(rng)} # c\n  y = 2 // c\n  /* c */ z {{}}\n}}")
        elif kind == 3:
            out.append(f"{name} = <<EOT\n  text ${{x}}\n  %{{ for i in l }}${{i}}%{{ endfor }}\nEOT")
        elif kind == 4:
            out.append(f"{name} = <<-EOT\n    indented\n    EOT")
        else:
            out.append(f'# comment\n{name} "x" "y" {{}} /* trailing */')
    return "\n".join(out) + rng.choice(["\n", "\n\n"])


def judge_go(binary: str, cases: list[Case]) -> None:
    """Run hclcheck once over all cases (it takes many files)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for case in cases:
            path = Path(folder) / case.name
            path.write_bytes(case.data)
            paths.append(str(path))
        done = subprocess.run([binary, *paths], capture_output=True, text=True, check=True, timeout=300)
    results = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    for case, result in zip(cases, results, strict=True):
        case.go = result


def judge_ours(cases: list[Case]) -> None:
    for case in cases:
        text, problem = decode(case.data, case.name)
        if problem is not None:
            case.ours = [problem]
            continue
        assert text is not None
        result = parse(text, case.name)
        case.ours = [d for d in stamped(result.diagnostics) if d.severity is Severity.ERROR]


@dataclass
class Verdict:
    false_accepts: list[Case] = field(default_factory=list)
    false_errors: list[Case] = field(default_factory=list)
    far: list[Case] = field(default_factory=list)
    rejected: int = 0
    near: int = 0


def verdict(cases: list[Case]) -> Verdict:
    out = Verdict()
    for case in cases:
        syntax = [d for d in case.ours if d.rule == hcl_syntax.ID]
        if case.go["ok"]:
            if syntax:
                out.false_errors.append(case)
            continue
        out.rejected += 1
        if not case.ours:
            out.false_accepts.append(case)
            continue
        first = min(case.ours, key=lambda d: (d.span.line, d.span.column)).span.line
        go_line = case.go["diags"][0]["line"]
        if abs(first - go_line) <= 1 or (case.edit_line is not None and abs(first - case.edit_line) <= 3):
            out.near += 1
        else:
            out.far.append(case)
    return out


def describe(case: Case) -> str:
    go = case.go["diags"][0] if case.go.get("diags") else {}
    ours = case.ours[0] if case.ours else None
    where = f"{ours.span.line}:{ours.span.column} {ours.message}" if ours else "-"
    return (
        f"{case.name} (edit line {case.edit_line}): go {go.get('line')}:{go.get('col')} "
        f"{go.get('summary', 'ok')} | jobspec {where}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, action="append")
    parser.add_argument("--valid", type=int, default=0)
    parser.add_argument("--show", type=int, default=40)
    args = parser.parse_args()
    binary = hclcheck()
    if binary is None:
        raise SystemExit("hclcheck cannot be built here")
    for seed in args.seed or [DEFAULT_SEED]:
        cases = mutants(seed, args.count) + valid_files(seed, args.valid)
        judge_go(binary, cases)
        judge_ours(cases)
        v = verdict(cases)
        print(
            f"seed {seed}: {len(cases)} files, go rejects {v.rejected}; false accepts {len(v.false_accepts)}, "
            f"false hcl-syntax errors {len(v.false_errors)}, near {v.near}/{v.rejected} "
            f"({100 * v.near / max(1, v.rejected):.1f}%)"
        )
        for label, group in (("FALSE ACCEPT", v.false_accepts), ("FALSE ERROR", v.false_errors), ("FAR", v.far)):
            for case in group[: args.show]:
                print(f"  {label}: {describe(case)}")


if __name__ == "__main__":
    main()
