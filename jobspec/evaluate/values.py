"""Value types shared by the evaluator and everything that reads its results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value only known at evaluation or run time; ``reason`` says why."""

    reason: str

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


def is_known(value: Any) -> bool:
    if isinstance(value, Unknown):
        return False
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    return True
