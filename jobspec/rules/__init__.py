"""The rule registry.

One module per rule, in the manner of yamllint: the module docstring is the
rule's documentation (first line: summary; then prose; then ``FAIL:`` and
``PASS:`` examples), and ``ID``, ``SEVERITY``, ``SCOPE`` and ``check()`` sit at
module level. Rules whose ``SCOPE`` is ``load`` are found while reading a file
and have no ``check()``; ``job`` rules see one normalised job; ``catalog`` rules
see a job and the node catalog; ``conflist`` rules see one CNI config file.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from jobspec.diagnostics import Severity

# Listed, not discovered, so the order of docs and of checks never depends on the file system.
RULE_MODULES: tuple[str, ...] = (
    "hcl_syntax",
    "hcl_duplicate_attribute",
    "hcl_block_attribute_clash",
    "file_unreadable",
    "job_duplicate_block",
    "port_duplicate_label",
    "port_duplicate_static",
    "port_static_range",
    "port_to_range",
    "port_ignore_collision_mode",
    "port_env_collision",
    "network_cni_args",
    "network_hostname",
    "network_hostname_host_mode",
    "network_mode",
    "network_multiple",
    "network_none_ports",
    "network_duplicate_block",
    "config_invalid",
    "suppression_invalid",
    "suppression_unused",
)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    scope: str
    summary: str
    doc: str
    module: ModuleType


def _load(name: str) -> Rule:
    module = importlib.import_module(f"jobspec.rules.{name}")
    doc = (module.__doc__ or "").strip()
    return Rule(
        id=module.ID,
        severity=module.SEVERITY,
        scope=module.SCOPE,
        summary=doc.splitlines()[0] if doc else "",
        doc=doc,
        module=module,
    )


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(_load(name) for name in RULE_MODULES)


@cache
def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in all_rules()}


def rules_for(scope: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in all_rules() if rule.scope == scope)
