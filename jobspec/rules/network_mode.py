"""A network ``mode`` no Nomad client offers.

Nomad does not validate ``mode`` when it accepts the job, but the scheduler
compares it exactly (case-sensitively) with the modes clients fingerprint:
``host`` (also when unset), ``bridge``, ``none`` and ``cni/<name>``. Any other
value filters every node as "missing network", so the job never places.

Two ``cni/<name>`` modes look right and still never work. Nomad never
interpolates ``mode``, so ``"cni/${meta.net}"`` is compared as written and
matches no node. A name with an upper-case letter (``"cni/MyNet"``) is placed
only on nodes with a conflist named exactly ``MyNet``, and there the client
lower-cases the mode and looks for a conflist named ``mynet``: the allocation
fails with "CNI network config not found for name "mynet"". Both are errors
on the first network block, the only one Nomad uses.

Fixes: a keyword or the ``cni/`` prefix written in other letter case is
lower-cased (safe: ``"Bridge"`` becomes ``"bridge"``); a close guess
(``"brigde"``, ``"cni-mynet"``) and lower-casing a ``cni/`` name, whose
conflist must be renamed too, are unsafe fixes.

FAIL:

    network {
      mode = "Bridge"
    }

PASS:

    network {
      mode = "bridge"
    }
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from jobspec.diagnostics import Applicability, Finding, Severity, Skipped
from jobspec.edits import fix, replace_literal
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job
from jobspec.rules._network import go_quote

ID = "network-mode"
SEVERITY = Severity.ERROR
SCOPE = "job"

_PLAIN = ("host", "bridge", "none")
# "cni-mynet", "CNI:mynet", "cni mynet", "cni_mynet": the author meant cni/<name>.
_CNI_LIKE = re.compile(r"cni[-_:. \\]+(?P<name>.+)", re.IGNORECASE)


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for index, network in enumerate(group.networks):
            mode = network.mode
            if isinstance(mode, Unknown):
                yield Skipped(f"group {group.name!r}: network mode is not known offline ({mode.reason})")
                continue
            if index == 0 and "${" in mode:
                # scheduler/feasible/feasible.go NetworkChecker.hasNetwork compares Networks[0].Mode
                # with the node's modes as written; nothing interpolates it before that.
                yield Finding(
                    f"network mode {go_quote(mode)} is never interpolated: the scheduler compares it as written "
                    'with the modes of the nodes, filters every node as "missing network" and the group never places',
                    network.at("mode"),
                    "write the mode literally; an HCL2 variable (var.x) is filled in when the job is parsed",
                    job=job.id,
                    group=group.name,
                )
                continue
            name = network.cni_name
            if index == 0 and name is not None and name != name.lower():
                # client/allocrunner/network_manager_linux.go newNetworkConfigurator lower-cases the
                # mode before loading the conflist, while NetworkChecker.hasNetwork matched it exactly.
                yield Finding(
                    f"network mode {go_quote(mode)} names a CNI network with upper-case letters: the group is "
                    f"placed only on nodes with a conflist named {go_quote(name)}, and there the client looks "
                    f"for {go_quote(name.lower())} and fails: "
                    f"CNI network config not found for name {go_quote(name.lower())}",
                    network.at("mode"),
                    f'name the conflist in lower case and write mode = "cni/{name.lower()}"',
                    job=job.id,
                    group=group.name,
                    # Unsafe: the nodes' conflist keeps its name; only renaming both makes the group run.
                    fix=fix(
                        f'lower-case the CNI network name: "cni/{name.lower()}"',
                        Applicability.UNSAFE,
                        replace_literal(ctx.document, network.at("mode"), mode, f"cni/{name.lower()}"),
                    ),
                )
                continue
            if network.kind is not None:
                continue
            message = (
                f"network mode {go_quote(mode)} is not one of "
                '"host", "bridge", "none" or "cni/<name>" (the match is exact and case-sensitive)'
            )
            if index == 0:
                message += '; the scheduler filters every node as "missing network" and the group never places'
            new = replacement(mode)
            yield Finding(
                message,
                network.at("mode"),
                suggest(mode),
                job=job.id,
                group=group.name,
                fix=None
                if new is None
                else fix(f'write "{new[0]}"', new[1], replace_literal(ctx.document, network.at("mode"), mode, new[0])),
            )


def replacement(mode: str) -> tuple[str, Applicability] | None:
    """The mode :func:`suggest` names, and how safe writing it is: a keyword or the ``cni/``
    prefix in other letter case keeps the meaning (no other mode can have been meant);
    any other guess may not."""
    if mode.lower() in ("cni", "cni/") or "${" in mode:
        return None
    if mode.lower().startswith("cni/"):
        return f"cni/{mode[4:]}", Applicability.SAFE
    cni = _CNI_LIKE.fullmatch(mode)
    if cni:
        return f"cni/{cni.group('name')}", Applicability.UNSAFE
    if mode.lower() in _PLAIN:
        return mode.lower(), Applicability.SAFE
    lowered = mode.strip().lower()
    if lowered in _PLAIN:
        return lowered, Applicability.UNSAFE
    close = difflib.get_close_matches(lowered, _PLAIN, n=1, cutoff=0.6)
    return (close[0], Applicability.UNSAFE) if close else None


def suggest(mode: str) -> str:
    """A did-you-mean for a mode that is not valid."""
    if mode.lower() in ("cni", "cni/"):
        return 'name the CNI network: mode = "cni/<name>", where <name> is the "name" of a conflist on the clients'
    if mode.lower().startswith("cni/"):
        return f'write the "cni/" prefix in lower case: did you mean "cni/{mode[4:]}"?'
    cni = _CNI_LIKE.fullmatch(mode)
    if cni:
        return f'did you mean "cni/{cni.group("name")}"?'
    lowered = mode.strip().lower()
    if lowered in _PLAIN:
        return f'did you mean "{lowered}"?'
    close = difflib.get_close_matches(lowered, _PLAIN, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    if "${" in mode:
        return "mode is not interpolated: the scheduler compares this text as written; use a literal mode"
    return 'use "bridge" for a private network namespace, "host" to share the node\'s, or "cni/<name>"'
