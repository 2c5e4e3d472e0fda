"""An interface plugin has no ``ipam``, so the allocation gets no address.

Nomad takes the allocation's address from the CNI result; with no IPAM block on
the interface plugin (``bridge``, ``macvlan``, ``host-device``) the result has
no IP and every allocation fails with "failed to configure network: no
interface with an address". ``ptp``, ``ipvlan`` and ``vlan`` need IPAM anyway
("no plugin name provided").

FAIL:

    {"cniVersion": "1.0.0", "name": "lan", "plugins": [
      {"type": "macvlan", "master": "eth1"}]}

PASS:

    {"cniVersion": "1.0.0", "name": "lan", "plugins": [
      {"type": "macvlan", "master": "eth1", "ipam": {"type": "dhcp"}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.model.conflist import INTERFACE_PLUGINS, plugin_type

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-no-ipam"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_NEEDS_IPAM = frozenset({"ptp", "ipvlan", "vlan"})


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    for index, plugin in enumerate(conf.plugins()):
        kind = plugin_type(plugin)
        if kind not in INTERFACE_PLUGINS or plugin.member_folded("ipam") is not None:
            continue
        if kind == "ipvlan" and index > 0:
            continue  # chained ipvlan takes its addresses from the previous result
        member = plugin.member_folded("type")
        if kind in _NEEDS_IPAM:
            message = f'plugin type="{kind}" failed (add): no plugin name provided: {kind} needs an `ipam` block'
        else:
            message = (
                f'"{kind}" has no `ipam` block, so the allocation gets no address: Nomad fails with '
                '"failed to configure network: no interface with an address"'
            )
        yield Finding(
            message,
            member.value.span if member else plugin.span,
            'add "ipam": {"type": "host-local", "ranges": [[{"subnet": "..."}]]} (or dhcp, or static)',
        )
