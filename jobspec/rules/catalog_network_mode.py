"""No node offers the group's network mode.

Nomad's scheduler places a group only on nodes that fingerprinted its network
``mode`` exactly (case-sensitive): ``bridge`` where the bridge kernel module is
present, ``cni/<name>`` where a conflist in ``cni_config_dir`` has that
``name``. Every other node is filtered as "missing network", so the job never
leaves pending. For ``bridge`` the server also requires the bridge, firewall,
host-local, loopback and portmap CNI plugins at version 0.4.0 or later.
``host`` and ``none`` are always offered. Checked only with ``--catalog``,
on the nodes in the job's datacenters and node pool.

A ``cni/`` name with an uppercase letter never works: the scheduler
(``NetworkChecker`` in ``scheduler/feasible/feasible.go``) matches the mode
exactly, while the client (``newNetworkConfigurator`` in
``client/allocrunner/network_manager_linux.go``) lower-cases it before
``loadCNIConf`` looks the conflist up. This rule says which nodes fail which
way: filtered as "missing network", placed and then failing with "CNI network
config not found for name", or placed on the lower-case network instead. A
mode that is not a mode at all, or one with ``${...}`` (never interpolated),
is ``network-mode``'s finding, not repeated here; where both rules report at
one ``mode``, only this rule's finding is kept (one finding per mistake).
When the conflist that defines the group's ``cni/<name>`` has errors of its
own (``cni-*`` rules), they are reported here, at the job's line: the group is
placed there and fails when an allocation starts.

Fix (unsafe): a ``cni/`` name close to a network of the catalog is renamed to
it; a ``cni/`` name with capitals is lower-cased (its conflist must be renamed
too).

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/MyNet"    # placed where a conflist is named "MyNet"; the client then looks for "mynet"
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/mynet"
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from jobspec.diagnostics import Applicability, Finding, Severity, Skipped, Span
from jobspec.edits import fix, replace_literal
from jobspec.model.context import Context
from jobspec.model.job import Group, Job
from jobspec.placement.engine import DATACENTER, POOL, judge, q
from jobspec.placement.explain import catalog_plans
from jobspec.placement.names import did_you_mean, quoted_list
from jobspec.placement.shapes import index_for

if TYPE_CHECKING:
    from jobspec.model.catalog import CatalogNode
    from jobspec.placement.engine import GroupPlan

ID = "catalog-network-mode"
SEVERITY = Severity.ERROR
SCOPE = "catalog"
# Where both report at a group's mode, this rule's finding (with the nodes' facts) stands.
REFINES = ("network-mode",)


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group, plan in catalog_plans(job, ctx.catalog):
        network, mode = group.network, plan.ask.mode
        if network is None or mode is None or plan.scope == 0 or network.kind is None or "${" in mode:
            # not a mode at all, or never interpolated: network-mode's finding, whatever the nodes offer
            continue
        where = "in the job's datacenters and node pool"
        if plan.passed < plan.scope:  # judged on the nodes the constraints and drivers leave
            where += " that meets the constraints and has the drivers"
        if plan.mode_offered and mode.startswith("cni/") and mode != mode.lower():
            found = _mixed_case(job, group, plan, ctx, network.at("mode"))
            if found is not None:
                yield found
            continue
        if not plan.mode_offered:
            guess = _guess(mode, plan.known_modes)
            hint = f'did you mean "{guess}"? ' if guess else ""
            guessed = None
            if guess is not None and guess.startswith("cni/") and guess != guess.lower():
                # client/allocrunner/network_manager_linux.go newNetworkConfigurator lower-cases the
                # mode, so a conflist named with uppercase letters is never usable: point at the
                # conflist rather than suggest a mode that fails too.
                fixed = guess.lower()
                hint = (
                    f'the nodes\' conflist is named "{guess[4:]}", which no job can use (the client looks '
                    f'CNI networks up in lower case): name it "{fixed[4:]}"'
                ) + ("; " if fixed == mode else f' and write mode = "{fixed}"; ')
            elif guess is not None and mode.startswith("cni/"):
                # Unsafe: a guess from the catalog's CNI networks, which may not be the one meant
                # (a plain mode the nodes lack is no typo: another mode is no fix for it).
                edit = replace_literal(ctx.document, network.at("mode"), mode, guess)
                guessed = fix(f'rename to "{guess}"', Applicability.UNSAFE, edit)
            offered = quoted_list(plan.known_modes) if plan.known_modes else "none that the catalog states"
            if mode.startswith("cni/"):
                hint += f'a node offers "{mode}" when a conflist in its cni_config_dir is named "{mode[4:]}"; '
            yield Finding(
                f'missing network: no node {where} offers network mode "{mode}"',
                network.at("mode"),
                f"{hint}the catalog's nodes offer {offered}",
                job=job.id,
                group=group.name,
                fix=guessed,
            )
        elif plan.cni_networks and any(net.problems for net in plan.cni_networks):
            yield from _broken_conflists(job, group, plan, network.at("mode"))
        elif plan.plugin_reason is not None:
            yield Finding(
                f'no node {where} has the CNI plugins bridge mode needs: "{plan.plugin_reason}" fails on all of them',
                network.at("mode"),
                "install the CNI reference plugins (bridge, firewall, host-local, loopback, portmap >= 0.4.0) "
                "in the clients' cni_path",
                job=job.id,
                group=group.name,
            )


def _broken_conflists(job: Job, group: Group, plan: GroupPlan, at: Span) -> Iterator[Finding]:
    """The group's conflist has errors (its own rules say which): the job meets them
    when an allocation starts, so say so at the job's line too."""

    for net in plan.cni_networks:
        if not net.problems:
            continue
        first = net.problems[0]
        more = len(net.problems) - 1
        where = f"{first.span.file}:{first.span.line}:{first.span.column}"
        yield Finding(
            f"network {q(net.name)} comes from {net.file}, which has "
            f"{len(net.problems)} error{'s' if len(net.problems) > 1 else ''}: {first.message} [{first.rule}] at "
            f"{where}" + (f" and {more} more" if more else ""),
            at,
            "the group is placed on these nodes and fails when an allocation starts; "
            "`jobspec catalog check` lists the catalog's problems",
            job=job.id,
            group=group.name,
        )


def _has_network(node: CatalogNode, name: str) -> bool | None:
    """Does the node define CNI network ``name``; None when the catalog does not say."""
    if node.cni_networks is None and node.network_modes is None:
        return None
    return name in (node.cni_networks or {}) or f"cni/{name}" in (node.network_modes or ())


def _mixed_case(job: Job, group: Group, plan: GroupPlan, ctx: Context, at: Span) -> Finding | Skipped | None:
    """``cni/MyNet``: the scheduler wants a conflist named ``MyNet``; the client then
    looks for ``mynet``. Count the nodes in scope by what happens to the group there."""

    mode = plan.ask.mode or ""
    name, lower = mode[4:], mode[4:].lower()
    ask = replace(plan.ask, ports=())
    missing = fails = elsewhere = unknown = 0
    files: set[str] = set()
    for shape in index_for(ctx.catalog).shapes:
        if judge(ask, shape.node).stage in (DATACENTER, POOL):
            continue
        exact, lowered = _has_network(shape.node, name), _has_network(shape.node, lower)
        if exact is None or (exact and lowered is None):
            unknown += shape.nodes
        elif not exact:
            missing += shape.nodes
        elif not lowered:
            fails += shape.nodes
        else:
            elsewhere += shape.nodes
            net = (shape.node.cni_networks or {}).get(lower)
            if net is not None:
                files.add(net.file)
    if unknown and not (missing or fails or elsewhere):
        return Skipped(
            f'catalog-network-mode: group "{group.name}": the catalog does not say which CNI networks its nodes define'
        )
    parts = []
    if fails:
        parts.append(
            f"{_nodes(fails)} {_verb(fails, 'has', 'have')} a conflist named {q(name)}, so the scheduler places the "
            f"group there, but the client lower-cases the mode and fails with "
            f'"CNI network config not found for name {q(lower)}"'
        )
    if elsewhere:
        shown = f" ({quoted_list(files)})" if files else ""
        parts.append(
            f"{_nodes(elsewhere)} {_verb(elsewhere, 'has', 'have')} both {q(name)} and {q(lower)}: the group is placed "
            f"by {q(name)} and joins the network {q(lower)}{shown}"
        )
    if missing:
        parts.append(f'{_nodes(missing)} {_verb(missing, "is", "are")} filtered as "missing network"')
    return Finding(
        f"network mode {q(mode)} has uppercase letters, which never works: " + "; ".join(parts),
        at,
        f'name the conflist {q(lower)} and write mode = "cni/{lower}": the scheduler matches the mode exactly, '
        "the client looks it up in lower case",
        job=job.id,
        group=group.name,
        # Unsafe, as network-mode's: the conflist must be renamed as well.
        fix=fix(
            f'lower-case the CNI network name: "cni/{lower}"',
            Applicability.UNSAFE,
            replace_literal(ctx.document, at, mode, f"cni/{lower}"),
        ),
    )


def _nodes(n: int) -> str:
    return "1 node" if n == 1 else f"{n} nodes"


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _guess(mode: str, known: frozenset[str]) -> str | None:
    """A close mode of the same kind: CNI names are compared without the shared
    ``cni/`` prefix, which would make any two short names look alike."""

    if mode.startswith("cni/"):
        guess = did_you_mean(mode[4:], {m[4:] for m in known if m.startswith("cni/")})
        return None if guess is None else f"cni/{guess}"
    return did_you_mean(mode, {m for m in known if not m.startswith("cni/")})
