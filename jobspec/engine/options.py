"""What decides a file's result besides its content: the rule selection, the
variable inputs and the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobspec import cache
from jobspec.diagnostics import Severity
from jobspec.patterns import Pattern
from jobspec.rules import RULE_MODULES, rule_ids
from jobspec.rules.selection import expand


@dataclass(frozen=True)
class Options:
    """What decides a file's result besides its content. Picklable: it is sent
    once to each worker process."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[Pattern, tuple[str, ...]], ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    inputs: Any = None
    """Variable values (``jobspec.evaluate.variables.Inputs``) for every job."""
    catalog: Any = None
    catalog_digest: str = ""
    nomad_version: tuple[int, int, int] | None = None

    def digest(self) -> str:
        inputs = None
        if self.inputs is not None:
            # Of the environment only NOMAD_VAR_* can change a result.
            env = sorted((k, v) for k, v in self.inputs.env.items() if k.startswith("NOMAD_VAR_"))
            i = self.inputs
            inputs = [list(i.vars), [list(f) for f in i.var_files], env, i.strict, i.allow_fs_outside, i.fs_root]

        # The selectors and the registry decide the enabled rules; digesting them
        # rather than the expanded set spares a warm run importing every rule.
        return cache.digest(
            self.select,
            self.ignore,
            RULE_MODULES,
            {k: v.value for k, v in self.severity.items()},
            inputs,
            self.catalog is not None,
            self.catalog_digest,
            self.nomad_version,
        )

    def enabled(self) -> set[str]:
        known = rule_ids()
        chosen = set(known)
        if self.select is not None:
            # `select` picks among the checks; problems reading a file, the
            # configuration or a suppression stay on unless ignored by name.
            chosen = expand(self.select, known) | set(rule_ids("load"))
        return chosen - expand(self.ignore, known)

    def ignored_for(self, path: str) -> tuple[str, ...]:
        ids: set[str] = set()
        for pattern, rules in self.per_file_ignores:
            # As in ruff's per-file-ignores, a "!pattern" key covers every file it does not match.
            if pattern.hits(path) != pattern.negated:
                ids |= expand(rules, rule_ids())
        return tuple(sorted(ids))
