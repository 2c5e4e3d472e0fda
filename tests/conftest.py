"""Shared helpers: HCL text in, diagnostics out."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from jobspec.diagnostics import Diagnostic
from jobspec.engine.file import lint_text
from jobspec.load.hcl import parse
from jobspec.model.job import Job
from jobspec.normalize.job import normalize

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus" / "nomad"

needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared corpus is not present on this machine")


@pytest.fixture(autouse=True, scope="session")
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Results cached by an earlier run of other code (another checkout, an older commit)
    must not answer this run's tests: the session gets a result cache of its own, which
    subprocesses inherit through the environment. Tests that set their own keep theirs."""
    os.environ["JOBSPEC_CACHE_DIR"] = str(tmp_path_factory.mktemp("result-cache"))


def lint(text: str, path: str = "job.nomad") -> list[Diagnostic]:
    """Validate dedented HCL text; diagnostics sorted as reports sort them."""
    outcome = lint_text(textwrap.dedent(text), path)
    return sorted(outcome.diagnostics, key=Diagnostic.sort_key)


def normalised(text: str) -> list[Job]:
    """The jobs jobspec's model makes of dedented HCL text (no rule runs)."""
    parsed = parse(textwrap.dedent(text), "job.nomad")
    assert parsed.document is not None, parsed
    jobs, _ = normalize(parsed.document)
    return jobs


def in_network(*lines: str, head: str = "") -> str:
    """Job "a", group "g", whose network block (line 3 after ``head``) holds ``lines`` from line 4 on, six
    spaces in; a docker task "t" follows it."""
    body = "\n".join("      " + line for line in lines)
    return (
        f'{head}job "a" {{\n  group "g" {{\n    network {{\n{body}\n    }}\n'
        f'    task "t" {{ driver = "docker" }}\n  }}\n}}\n'
    )


def in_group(body: str) -> str:
    """Job "a" whose group "g" (at line 2) holds ``body`` from line 3 on."""
    indented = "\n".join("    " + line if line else line for line in body.strip("\n").split("\n"))
    return f'job "a" {{\n  group "g" {{\n{indented}\n  }}\n}}\n'


def in_task(body: str) -> str:
    """Job "a" whose docker task "t" (at line 3) holds ``body`` from line 5 on."""
    indented = "\n".join("      " + line if line else line for line in body.strip("\n").split("\n"))
    return f'job "a" {{\n  group "g" {{\n    task "t" {{\n      driver = "docker"\n{indented}\n    }}\n  }}\n}}\n'


DOCKER = 'driver = "docker"'


def job_text(
    group: str = "", task: str | None = DOCKER, *, head: str = "", name: str = "a", group_name: str = "g"
) -> str:
    """Job ``name`` (line 1) holding ``head``, then group ``group_name`` holding ``group``,
    then (unless ``task`` is None) task "t" holding ``task``. Each part is dedented and
    indented to its block, two spaces a level, so text already written at that depth
    comes out unchanged; an empty part adds no line."""

    def part(text: str, level: int) -> str:
        lines = textwrap.dedent(text).strip("\n").split("\n") if text.strip() else []
        return "".join(("  " * level + line if line.strip() else "") + "\n" for line in lines)

    inner = f'    task "t" {{\n{part(task, 3)}    }}\n' if task is not None else ""
    return f'job "{name}" {{\n{part(head, 1)}  group "{group_name}" {{\n{part(group, 2)}{inner}  }}\n}}\n'


def with_constraint(constraint: str, level: str = "group") -> str:
    """Job "j" whose ``level`` (job, group or docker task "t") holds a constraint block
    with ``constraint`` written at column 1 (the block's header is at column 1 too)."""
    block = "constraint {\n" + constraint + "\n}\n"
    job, group, task = (block if level == where else "" for where in ("job", "group", "task"))
    return f'job "j" {{\n{job}  group "g" {{\n{group}    task "t" {{\n      driver = "docker"\n{task}    }}\n  }}\n}}\n'


def found(text: str, rule: str) -> list[tuple[int, int]]:
    """(line, column) of each diagnostic of ``rule``."""
    return [(d.span.line, d.span.column) for d in lint(text) if d.rule == rule]


def parse_error_facts(exc: Exception) -> tuple[object, ...]:
    """What jobspec reads of a parse error: its kind, position, token and the set of
    tokens expected (whose order lark leaves to set iteration, which may differ
    between two equal parsers)."""
    token = getattr(exc, "token", None)
    return (
        type(exc).__name__,
        getattr(exc, "line", None),
        getattr(exc, "column", None),
        getattr(token, "type", None),
        str(getattr(token, "value", "")),
        sorted(getattr(exc, "expected", None) or ()),
        None if token is not None or hasattr(exc, "expected") else str(exc),
    )
