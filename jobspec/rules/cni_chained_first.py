"""A chained plugin comes first, or an IPAM plugin is used as a plugin.

Meta plugins (``portmap``, ``firewall``, ``tuning``, ``bandwidth``, ``sbr``,
``vrf``) adjust an interface an earlier plugin created; as the first plugin
they have no ``prevResult`` and fail every allocation ("must be called as
chained plugin", "missing prevResult from earlier plugin"). IPAM plugins
(``host-local``, ``dhcp``, ``static``) belong in an interface plugin's
``ipam`` block; as a plugin of their own they fail with "IPAM config missing
'ipam' key".

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "portmap", "capabilities": {"portMappings": true}},
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.model.conflist import IPAM_PLUGINS, META_PLUGINS, plugin_type

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-chained-first"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_FIRST_ERROR = {
    "portmap": "must be called as chained plugin",
    "firewall": "missing prevResult from earlier plugin",
    "tuning": "Required prevResult missing",
    "bandwidth": "must be called as chained plugin",
}


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    plugins = conf.plugins()
    for index, plugin in enumerate(plugins):
        kind = plugin_type(plugin)
        member = plugin.member_folded("type")
        if kind is None or member is None:
            continue
        if index == 0 and kind in META_PLUGINS:
            error = _FIRST_ERROR.get(kind, "missing prevResult from earlier plugin")
            yield Finding(
                f'plugin type="{kind}" failed (add): {error}: "{kind}" is a chained plugin and cannot come first',
                member.value.span,
                f"put the interface plugin (bridge, macvlan, ptp…) with its ipam first, and {kind} after it",
            )
        elif kind in IPAM_PLUGINS:
            yield Finding(
                f'plugin type="{kind}" failed (add): IPAM config missing \'ipam\' key: "{kind}" is an IPAM plugin',
                member.value.span,
                f'use it inside an interface plugin: "ipam": {{"type": "{kind}", ...}}',
            )
