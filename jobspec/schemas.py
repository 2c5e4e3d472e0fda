"""Find the JSON schemas: the repository's schemas/ when running from a checkout,
the copy inside the package when installed."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_CHECKOUT = Path(__file__).resolve().parent.parent / "schemas"
_INSTALLED = Path(__file__).resolve().parent / "_schemas"


def schema_path(name: str) -> Path:
    for folder in (_CHECKOUT, _INSTALLED):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"schema {name} is missing from this installation")


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))
