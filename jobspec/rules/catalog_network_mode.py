"""No node offers the group's network mode.

Nomad's scheduler places a group only on nodes that fingerprinted its network
``mode`` exactly (case-sensitive): ``bridge`` where the bridge kernel module is
present, ``cni/<name>`` where a conflist in ``cni_config_dir`` has that
``name``. Every other node is filtered as "missing network", so the job never
leaves pending. For ``bridge`` the server also requires the bridge, firewall,
host-local, loopback and portmap CNI plugins at version 0.4.0 or later.
``host`` and ``none`` are always offered. Checked only with ``--catalog``,
on the nodes in the job's datacenters and node pool.

FAIL:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/MyNet"    # the conflist is named "mynet"
    }

PASS:

    # jobspec validate --catalog examples/catalog job.nomad
    network {
      mode = "cni/mynet"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.check import Context, Skipped
from jobspec.diagnostics import Diagnostic, Severity
from jobspec.model.job import Job

ID = "catalog-network-mode"
SEVERITY = Severity.ERROR
SCOPE = "catalog"


def check(job: Job, ctx: Context) -> Iterator[Diagnostic | Skipped]:
    # imported here: a run without --catalog never loads the placement machinery
    from jobspec.placement.explain import catalog_plans
    from jobspec.placement.names import quoted_list

    for group, plan in catalog_plans(job, ctx.catalog):
        network, mode = group.network, plan.ask.mode
        if network is None or mode is None or plan.scope == 0:
            continue
        where = "in the job's datacenters and node pool"
        if not plan.mode_offered:
            guess = _guess(mode, plan.known_modes)
            hint = f'did you mean "{guess}"? ' if guess else ""
            offered = quoted_list(plan.known_modes) if plan.known_modes else "none that the catalog states"
            if mode.startswith("cni/"):
                hint += f'a node offers "{mode}" when a conflist in its cni_config_dir is named "{mode[4:]}"; '
            yield Diagnostic(
                ID,
                SEVERITY,
                f'missing network: no node {where} offers network mode "{mode}"',
                network.at("mode"),
                f"{hint}the catalog's nodes offer {offered}",
                job=job.id,
                group=group.name,
            )
        elif plan.plugin_reason is not None:
            yield Diagnostic(
                ID,
                SEVERITY,
                f'no node {where} has the CNI plugins bridge mode needs: "{plan.plugin_reason}" fails on all of them',
                network.at("mode"),
                "install the CNI reference plugins (bridge, firewall, host-local, loopback, portmap >= 0.4.0) "
                "in the clients' cni_path",
                job=job.id,
                group=group.name,
            )


def _guess(mode: str, known: frozenset[str]) -> str | None:
    """A close mode of the same kind: CNI names are compared without the shared
    ``cni/`` prefix, which would make any two short names look alike."""
    from jobspec.placement.names import did_you_mean

    if mode.startswith("cni/"):
        guess = did_you_mean(mode[4:], {m[4:] for m in known if m.startswith("cni/")})
        return None if guess is None else f"cni/{guess}"
    return did_you_mean(mode, {m for m in known if not m.startswith("cni/")})
