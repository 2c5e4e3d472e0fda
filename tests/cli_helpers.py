"""Run the CLI in-process, in a given folder, with a private cache."""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from jobspec.cli import app

DUPLICATE = """\
job "api" {
  group "web" {
    network {
      port "http" { to = 8080 }
      port "http" { static = 80 }
    }
    task "t" { driver = "docker" }
  }
}
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def jobspec(*args: str, cwd: Path, stdin: str | None = None) -> Run:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=stdin)
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path
