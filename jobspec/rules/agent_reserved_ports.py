"""A client's ``reserved_ports`` is not a valid port list.

``reserved { reserved_ports = "..." }`` and each ``host_network``'s
``reserved_ports`` are read with Nomad's port-range rules: comma-separated
ports or ``low-high`` ranges, each port 1..65536. Nomad's agent refuses to
start ("reserved.reserved_ports "22,x" invalid: strconv.ParseUint: parsing "x":
invalid syntax"); a node whose reserved ports do not parse is never chosen
("network: invalid node"). The caret points at the faulty part of the string.

FAIL:

    client {
      reserved { reserved_ports = "22,8500-8400" }
    }

PASS:

    client {
      reserved { reserved_ports = "22,8400-8500" }
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.load_rules import AGENT_RESERVED_PORTS
from jobspec.model.port_ranges import port_range_findings

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig

ID = AGENT_RESERVED_PORTS
SEVERITY = Severity.ERROR
SCOPE = "catalog-source"


def check(agent: AgentConfig, ctx: object) -> Iterator[Finding]:
    setting = agent.settings.get("reserved_ports")
    if setting is not None:
        yield from port_range_findings(setting, "reserved.reserved_ports")
    for network in agent.host_networks.values():
        setting = network.settings.get("reserved_ports")
        if setting is not None:
            yield from port_range_findings(setting, f'host_network["{network.name}"].reserved_ports')
