"""A client's ``bridge_network_subnet`` is not an IPv4 network.

Nomad's built-in ``bridge`` network hands allocations addresses from this
subnet (default ``172.26.64.0/20``); the agent refuses to start when it is not
a CIDR ("invalid bridge_network_subnet: invalid CIDR address: …") or not IPv4
("invalid bridge_network_subnet: not an IPv4 address: …").

FAIL:

    client {
      bridge_network_subnet = "172.26.64.0"
    }

PASS:

    client {
      bridge_network_subnet = "172.26.64.0/20"
    }
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig

ID = "agent-bridge-subnet"
SEVERITY = Severity.ERROR
SCOPE = "catalog-source"


def check(agent: AgentConfig, ctx: object) -> Iterator[Finding]:
    setting = agent.settings.get("bridge_network_subnet")
    if setting is None or not isinstance(setting.value, str) or setting.value == "":
        return
    value = setting.value
    try:
        network = ipaddress.ip_network(value, strict=False)
        if "/" not in value:
            raise ValueError(value)
    except ValueError:
        yield Finding(
            f"invalid bridge_network_subnet: invalid CIDR address: {value}",
            setting.span,
            'write a network with its prefix length, e.g. "172.26.64.0/20"',
        )
        return
    if network.version != 4:
        yield Finding(
            f"invalid bridge_network_subnet: not an IPv4 address: {value}",
            setting.span,
            "IPv6 goes in bridge_network_subnet_ipv6",
        )
