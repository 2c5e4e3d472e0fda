"""What a job rule may read besides the job itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobspec.evaluate import Scope
    from jobspec.load.syntax import Document


@dataclass(frozen=True)
class Context:
    """The (evaluated) document, the HCL2 scope, the node catalog, and a memo for
    work several rules share on one file."""

    document: Document
    catalog: Any = None
    scope: Scope | None = None
    nomad_version: tuple[int, int, int] | None = None
    """The Nomad version the jobs are meant for (config ``nomad-version``); None when not set."""
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
