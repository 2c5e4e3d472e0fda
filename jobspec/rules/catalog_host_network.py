"""No node has the host network a port asks for.

A port's ``host_network`` (``default`` when unset) must be an alias of an
address on the node: a ``host_network`` block in the client's agent config, or
``default`` for the addresses of its ``network_interface``. Templates such as
``${meta.public_network}`` are resolved per node, as Nomad's scheduler does;
one that names a fact the node lacks fails with "invalid host network ...
template". Otherwise Nomad filters the node with "missing host network %q for
port %q". Checked only with ``--catalog``, on the nodes in the job's
datacenters and node pool. ``${node.unique.id}`` and ``${node.unique.name}``
(the node's hostname) are unknown for a class folder, which stands for many
nodes and names none of them: the check is skipped and counted there.

Fix (unsafe): a name close to a host network of the catalog is renamed to it.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    port "https" {
      static       = 443
      host_network = "pubilc"    # the clients call it "public"
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    port "https" {
      static       = 443
      host_network = "public"
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.edits import rename
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.placement.engine import q
from jobspec.placement.explain import catalog_plans
from jobspec.placement.names import did_you_mean, quoted_list, unknown_name_hint
from jobspec.placement.shapes import index_for

if TYPE_CHECKING:
    from jobspec.model.catalog import Catalog

ID = "catalog-host-network"
SEVERITY = Severity.ERROR
SCOPE = "catalog"

_TEMPLATE_SOURCES = (("${meta.", "meta"), ("${attr.", "attribute"))


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    # scheduler/feasible/feasible.go NetworkChecker.hasHostNetworks: resolveTarget fills in the
    # template per node ("invalid host network %q template for port %q" when it cannot), then a
    # node network must carry the alias ("missing host network %q for port %q"); an unset
    # host_network is "default" by then (nomad/structs/structs.go NetworkResource.Canonicalize).
    for group, plan in catalog_plans(job, ctx.catalog):
        network = group.network
        if network is None or plan.scope == 0:
            continue
        ports = {p.label: p for p in network.ports}
        for missing in plan.missing_aliases:
            port = ports.get(missing.port.label)
            if port is None:
                continue
            written = missing.port.host_network or ""
            span = port.at("host_network")
            found = None
            if not missing.resolved:
                message, hint = _unresolved(written, missing.port.label, ctx.catalog)
            else:
                alias = missing.resolved[0]
                where = "no node in the job's datacenters and node pool has it"
                if plan.passed < plan.scope:
                    # The constraints and drivers narrowed the nodes first (feasible.go's stack order).
                    where = "none of the nodes the constraints and drivers leave has it"
                message = f"missing host network {q(alias)} for port {q(missing.port.label)}: {where}"
                hint = unknown_name_hint(alias, plan.known_aliases, "host networks")
                if written != alias:
                    hint = f"{q(written)} resolves to {quoted_list(missing.resolved)} on the nodes; " + hint
                else:
                    found = rename(ctx.document, span, alias, plan.known_aliases)
            yield Finding(message, span, hint, job=job.id, group=group.name, fix=found)


def _unresolved(written: str, label: str, catalog: Catalog) -> tuple[str, str]:
    message = f"invalid host network {q(written)} template for port {q(label)}: it resolves on no node"
    for prefix, kind in _TEMPLATE_SOURCES:
        if written.startswith(prefix) and written.endswith("}"):
            key = written[len(prefix) : -1]
            index = index_for(catalog)
            facts = index.meta_keys if kind == "meta" else index.attribute_keys
            guess = did_you_mean(key, facts)
            hint = f'no node sets {kind} "{key}"'
            return message, hint + (f'; did you mean "{prefix}{guess}}}"?' if guess else "")
    return message, (
        "a template must be the whole value: ${meta.<key>}, ${attr.<key>}, ${node.unique.id}, "
        "${node.datacenter}, ${node.unique.name}, ${node.class} or ${node.pool}"
    )
