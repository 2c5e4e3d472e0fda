"""The rule registry.

One module per rule, in the manner of yamllint: the module docstring is the
rule's documentation (first line: summary; then prose; then ``FAIL:`` and
``PASS:`` examples), and ``ID``, ``SEVERITY``, ``SCOPE`` and ``check()`` sit at
module level. ``check()`` yields plain findings (:class:`jobspec.diagnostics.Finding`)
and :class:`~jobspec.diagnostics.Skipped` reasons; the engine (``jobspec.engine``)
stamps each finding with the module's ``ID`` and ``SEVERITY``. A rule that is an
error in some cases and a warning in others lists both in ``SEVERITIES`` and sets
``severity`` on the findings that differ.

Scopes: ``job`` rules see one normalised job; ``catalog`` rules see a job and the
node catalog; ``conflist`` rules see one CNI config file; ``catalog-source`` rules
see one client agent config. ``load`` rules have no ``check()``: the stage that
reads, evaluates or normalises a file finds them, and the rule module imports its
``ID`` from that stage, so the stage never imports the registry above it.

The examples run as written (tests/test_rule_examples.py): a job example may be a
fragment; a line ``# NAME.EXT`` starts another file of the example, and a first
line ``# jobspec ARGS`` gives the command that checks it.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from jobspec.diagnostics import Severity

# Listed, not discovered, so the order of docs and of checks never depends on the file system.
# Each module with its scope, so a run imports only the rules of the scopes it checks (a run
# without --catalog never imports the catalog rules, nor the machinery they use).
RULE_MODULES: tuple[tuple[str, str], ...] = (
    ("hcl_syntax", "load"),
    ("hcl_duplicate_attribute", "load"),
    ("hcl_block_attribute_clash", "load"),
    ("file_unreadable", "load"),
    ("file_not_job", "load"),
    ("duplicate_block", "load"),
    # job specification schema
    ("schema_unknown_argument", "job"),
    ("schema_unknown_block", "job"),
    ("schema_type", "job"),
    ("schema_missing_label", "job"),
    ("schema_extra_label", "job"),
    ("schema_required", "job"),
    ("schema_duplicate_block", "job"),
    # HCL2 evaluation
    ("hcl_eval", "load"),
    ("hcl_variable_unset", "load"),
    ("hcl_variable_undefined", "load"),
    ("hcl_variable_invalid", "load"),
    ("hcl_variable_validation", "load"),
    ("hcl_local_cycle", "load"),
    ("hcl_fs_refused", "load"),
    # group networks and ports
    ("port_duplicate_label", "job"),
    ("port_duplicate_static", "job"),
    ("port_static_range", "job"),
    ("port_to_range", "job"),
    ("port_ignore_collision_mode", "job"),
    ("port_env_collision", "job"),
    ("network_cni_args", "job"),
    ("network_hostname", "job"),
    ("network_hostname_host_mode", "job"),
    ("network_hostname_driver", "job"),
    ("network_mode", "job"),
    ("network_multiple", "job"),
    ("network_none_ports", "job"),
    ("network_duplicate_block", "job"),
    # services, jobs, connect, tasks
    ("service_port_label", "job"),
    ("group_service_port_label", "job"),
    ("job_type", "job"),
    ("job_no_tasks", "job"),
    ("constraint_invalid", "job"),
    ("group_count", "job"),
    ("job_datacenters", "job"),
    ("connect_network", "job"),
    ("task_network_deprecated", "job"),
    ("network_mbits_deprecated", "job"),
    ("driver_config_ports", "job"),
    ("port_to_driver", "job"),
    ("service_address_mode", "job"),
    ("service_provider", "job"),
    ("service_name", "job"),
    ("service_check", "job"),
    ("connect_task_service", "job"),
    ("connect_name_case", "job"),
    ("connect_transparent_proxy", "job"),
    ("connect_upstream_address", "job"),
    ("connect_service_port", "job"),
    ("service_duplicate", "job"),
    ("nomad_version", "job"),
    # conflists
    ("catalog_unreadable", "load"),
    ("catalog_invalid", "load"),
    ("cni_json_syntax", "conflist"),
    ("cni_schema", "conflist"),
    ("cni_wrong_kind", "conflist"),
    ("cni_missing_name", "conflist"),
    ("cni_missing_type", "conflist"),
    ("cni_no_plugins", "conflist"),
    ("cni_version", "conflist"),
    ("cni_chained_first", "conflist"),
    ("cni_no_ipam", "conflist"),
    ("cni_plugin_config", "conflist"),
    ("cni_portmap_capability", "conflist"),
    ("cni_duplicate_name", "conflist"),
    ("cni_network_name", "conflist"),
    ("agent_dynamic_port_range", "catalog-source"),
    ("agent_reserved_ports", "catalog-source"),
    ("agent_bridge_subnet", "catalog-source"),
    # catalog cross-checks
    ("catalog_datacenter", "catalog"),
    ("catalog_node_pool", "catalog"),
    ("catalog_constraint", "catalog"),
    ("catalog_driver", "catalog"),
    ("catalog_resources", "catalog"),
    ("catalog_network_mode", "catalog"),
    ("catalog_host_network", "catalog"),
    ("catalog_reserved_port", "catalog"),
    ("catalog_cni_portmap", "catalog"),
    ("catalog_placement", "catalog"),
    # configuration and inline suppressions
    ("config_invalid", "load"),
    ("suppression_invalid", "load"),
    ("suppression_unused", "load"),
)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    severities: tuple[Severity, ...]
    """Every severity its findings may have: ``SEVERITIES``, or just ``SEVERITY``."""
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
        severities=getattr(module, "SEVERITIES", (module.SEVERITY,)),
        scope=module.SCOPE,
        summary=doc.splitlines()[0] if doc else "",
        doc=doc,
        module=module,
    )


def rule_ids(scope: str | None = None) -> tuple[str, ...]:
    """Every rule id (of ``scope``, when given) in registry order, without importing a
    rule: a module is named after its id (``port-duplicate-static`` is
    ``port_duplicate_static``)."""
    return tuple(name.replace("_", "-") for name, of in RULE_MODULES if scope is None or of == scope)


@cache
def rule_by_id(rule_id: str) -> Rule | None:
    """The rule with this id, its module imported; None for an unknown id."""
    name = rule_id.replace("-", "_")
    return _load(name) if (name, _SCOPES.get(name)) in RULE_MODULES else None


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(_rule(name) for name, _ in RULE_MODULES)


def rules_for(scope: str, enabled: Collection[str] | None = None) -> tuple[Rule, ...]:
    """The rules of ``scope`` in registry order; only those in ``enabled`` when it is
    given. Only these modules are imported."""
    return tuple(
        _rule(name)
        for name, of in RULE_MODULES
        if of == scope and (enabled is None or name.replace("_", "-") in enabled)
    )


def _rule(name: str) -> Rule:
    found = rule_by_id(name.replace("_", "-"))
    assert found is not None  # a name from the registry
    return found


_SCOPES = dict(RULE_MODULES)
