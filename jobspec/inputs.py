"""What a run is given from outside the job file: variable values and the fs policy.

A model of its own, apart from the evaluator that uses it, because every run
builds one for its cache key, and a warm run never evaluates anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Inputs:
    """Variable values from outside the job file, and how strictly to treat them."""

    vars: tuple[str, ...] = ()
    """``--var name=value`` arguments, in order."""
    var_files: tuple[tuple[str, str], ...] = ()
    """(path, text) of each ``--var-file``, in order."""
    env: Mapping[str, str] = field(default_factory=dict)
    """The process environment; only ``NOMAD_VAR_<declared name>`` is read."""
    strict: bool = True
    allow_fs_outside: bool = False
    fs_root: str | None = None
    """``fs-root`` from the configuration: filesystem functions read below it (default:
    the current folder)."""

    @property
    def given(self) -> bool:
        return bool(self.vars or self.var_files)
