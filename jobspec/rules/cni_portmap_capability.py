"""``portmap`` does not declare ``capabilities.portMappings``.

Nomad hands a group's ports to CNI only as the ``portMappings`` capability,
and libcni passes it only to plugins that declare
``"capabilities": {"portMappings": true}``. Without it ``portmap`` receives
nothing: no error, the host ports are reserved and ``NOMAD_HOST_PORT_*`` is
set, but nothing is forwarded.

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "portmap"}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "portmap", "capabilities": {"portMappings": true}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.model.conflist import plugin_type, port_mappings

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-portmap-capability"
SEVERITY = Severity.WARNING
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    for plugin in conf.plugins():
        if plugin_type(plugin) != "portmap" or port_mappings(plugin):
            continue
        member = plugin.member_folded("type")
        caps = plugin.member_folded("capabilities")
        yield Finding(
            '"portmap" does not declare capabilities.portMappings = true, so it never receives the ports: '
            "they are reserved on the host but never forwarded",
            caps.value.span if caps else (member.value.span if member else plugin.span),
            'add "capabilities": {"portMappings": true} to the portmap plugin',
        )
