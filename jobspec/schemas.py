"""Find the JSON schemas: inside the installed package (the wheel ships the
repository's top-level schemas/ as ``jobspec/_schemas``, see pyproject.toml), or
the repository's schemas/ when running from a checkout or an editable install."""

from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

_CHECKOUT = Path(__file__).resolve().parent.parent / "schemas"


def schema_path(name: str) -> Traversable:
    for candidate in (resources.files("jobspec") / "_schemas" / name, _CHECKOUT / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"schema {name} is missing from this installation")


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))
