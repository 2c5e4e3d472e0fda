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

from jobspec.diagnostics import Diagnostic, Severity, Span

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig, Setting

ID = "agent-reserved-ports"
SEVERITY = Severity.ERROR
SCOPE = "catalog-source"


def check(agent: AgentConfig, ctx: object) -> Iterator[Diagnostic]:
    setting = agent.settings.get("reserved_ports")
    if setting is not None:
        yield from diagnose(setting, "reserved.reserved_ports")
    for network in agent.host_networks.values():
        setting = network.settings.get("reserved_ports")
        if setting is not None:
            yield from diagnose(setting, f'host_network["{network.name}"].reserved_ports')


_AGENT_WORDS = '{where} "{value}" invalid: {message}'


def diagnose(setting: Setting, where: str, template: str = _AGENT_WORDS) -> Iterator[Diagnostic]:
    """The diagnostic for one port-range value (also used for node JSON)."""
    # imported here: a run without --catalog never loads the catalog machinery
    from jobspec.catalog.ports import parse_port_ranges

    value = setting.value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        yield Diagnostic(ID, SEVERITY, f"{where} must be a string", setting.span, 'write e.g. "22,80,8500-8600"')
        return
    _, error = parse_port_ranges(value)
    if error is None:
        return
    span = setting.span
    if span.line == span.end_line and span.end_column - span.column == len(value) + 2:
        # A one-line quoted string: point at the faulty part inside it.
        start = span.column + 1 + error.offset
        span = Span(span.file, span.line, start, span.line, start + error.length)
    yield Diagnostic(
        ID,
        SEVERITY,
        template.format(where=where, value=value, message=error.message),
        span,
        "write ports and ranges separated by commas, e.g. 22,80,8500-8600",
    )
