"""What the network and port rules share: Nomad's view of a group's ports,
Go's ``%q`` quoting for messages, and a way back from a group to its syntax.

Not a rule (it is not listed in ``RULE_MODULES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jobspec.evaluate import Unknown
from jobspec.load.syntax import Block
from jobspec.model.job import Group, Network, Port

MAX_PORT = 65535
GROUP_OWNER = "taskgroup network"

_GO_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def go_quote(text: str) -> str:
    """Go's ``%q`` of a string, so messages read exactly as Nomad prints them."""
    out = []
    for ch in text:
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def nomad_ports(network: Network) -> tuple[Port, ...]:
    """The ports of ``network`` in the order ``TaskGroup.validateNetworks`` sees them.

    jobspec2 moves ``port`` blocks with ``static > 0`` to ReservedPorts and the
    rest to DynamicPorts, and Nomad walks ReservedPorts first. When any ``port``
    block exists, the legacy ``reserved_ports`` blocks are overwritten (lost).
    A port whose ``static`` is unknown cannot be placed, so it goes last.
    """
    if not network.ports:
        return network.reserved_ports
    reserved = tuple(p for p in network.ports if p.is_static)
    dynamic = tuple(p for p in network.ports if not p.is_static and not isinstance(p.static, Unknown))
    unknown = tuple(p for p in network.ports if isinstance(p.static, Unknown))
    return reserved + dynamic + unknown


@dataclass(frozen=True)
class OwnedPort:
    port: Port
    network: Network
    task: str | None
    """The task of a deprecated task-level network; None for a group network."""

    @property
    def owner(self) -> str:
        """How Nomad names the port in "already reserved by %s"."""
        if self.task is None:
            return f"{GROUP_OWNER}:{self.port.label}"
        return f"{self.task}:{self.port.label}"


def group_ports(group: Group, tasks: bool = True) -> Iterator[OwnedPort]:
    """Every port of the group in Nomad's order: group networks, then (with
    ``tasks``) the deprecated task-level networks, task by task."""
    for network in group.networks:
        for port in nomad_ports(network):
            yield OwnedPort(port, network, None)
    if tasks:
        for task in group.tasks:
            for network in task.networks:
                for port in nomad_ports(network):
                    yield OwnedPort(port, network, task.name)


def syntax_blocks(group: Group, type_: str) -> Iterator[Block]:
    """Every block of ``type_`` written inside the group, at any depth."""
    if group.block is None:
        return
    for block in group.block.body.walk():
        if block.type == type_:
            yield block
