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
RULE_MODULES: tuple[str, ...] = (
    "hcl_syntax",
    "hcl_duplicate_attribute",
    "hcl_block_attribute_clash",
    "file_unreadable",
    "file_not_job",
    "duplicate_block",
    # job specification schema
    "schema_unknown_argument",
    "schema_unknown_block",
    "schema_type",
    "schema_missing_label",
    "schema_extra_label",
    "schema_required",
    "schema_duplicate_block",
    # HCL2 evaluation
    "hcl_eval",
    "hcl_variable_unset",
    "hcl_variable_undefined",
    "hcl_variable_invalid",
    "hcl_variable_validation",
    "hcl_local_cycle",
    "hcl_fs_refused",
    # group networks and ports
    "port_duplicate_label",
    "port_duplicate_static",
    "port_static_range",
    "port_to_range",
    "port_ignore_collision_mode",
    "port_env_collision",
    "network_cni_args",
    "network_hostname",
    "network_hostname_host_mode",
    "network_hostname_driver",
    "network_mode",
    "network_multiple",
    "network_none_ports",
    "network_duplicate_block",
    # services, jobs, connect, tasks
    "service_port_label",
    "group_service_port_label",
    "job_type",
    "job_no_tasks",
    "constraint_invalid",
    "group_count",
    "job_datacenters",
    "connect_network",
    "task_network_deprecated",
    "network_mbits_deprecated",
    "driver_config_ports",
    "port_to_driver",
    "service_address_mode",
    "service_provider",
    "service_name",
    "service_check",
    "connect_task_service",
    "connect_name_case",
    "connect_transparent_proxy",
    "connect_upstream_address",
    "connect_service_port",
    "service_duplicate",
    "nomad_version",
    # conflists
    "catalog_unreadable",
    "catalog_invalid",
    "cni_json_syntax",
    "cni_schema",
    "cni_wrong_kind",
    "cni_missing_name",
    "cni_missing_type",
    "cni_no_plugins",
    "cni_version",
    "cni_chained_first",
    "cni_no_ipam",
    "cni_plugin_config",
    "cni_portmap_capability",
    "cni_duplicate_name",
    "cni_network_name",
    "agent_dynamic_port_range",
    "agent_reserved_ports",
    "agent_bridge_subnet",
    # catalog cross-checks
    "catalog_datacenter",
    "catalog_node_pool",
    "catalog_constraint",
    "catalog_driver",
    "catalog_resources",
    "catalog_network_mode",
    "catalog_host_network",
    "catalog_reserved_port",
    "catalog_cni_portmap",
    "catalog_placement",
    # configuration and inline suppressions
    "config_invalid",
    "suppression_invalid",
    "suppression_unused",
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


@cache
def all_rules() -> tuple[Rule, ...]:
    return tuple(_load(name) for name in RULE_MODULES)


@cache
def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in all_rules()}


def rules_for(scope: str, enabled: Collection[str] | None = None) -> tuple[Rule, ...]:
    """The rules of ``scope`` in registry order; only those in ``enabled`` when it is given."""
    return tuple(rule for rule in all_rules() if rule.scope == scope and (enabled is None or rule.id in enabled))
