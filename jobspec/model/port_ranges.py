"""Port-range strings such as ``"22,80,8500-8600"``, read by Nomad's rules
(``ParsePortRanges``) and failing with its messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Span
from jobspec.load_rules import AGENT_RESERVED_PORTS

if TYPE_CHECKING:
    from jobspec.model.agent import Setting

MAX_VALID_PORT = 65536  # Nomad compares with `>`, so 65536 itself is accepted
_UINT64_MAX = 2**64 - 1


@dataclass(frozen=True)
class PortRangeError:
    message: str
    offset: int
    """Where in the string the faulty part starts (0-based)."""
    length: int


@lru_cache(maxsize=4096)
def parse_port_ranges(spec: str) -> tuple[frozenset[int], PortRangeError | None]:
    """The ports a spec names, or the first error Nomad would raise for it.
    Cached: a cluster's nodes repeat the same few specs."""
    if spec == "":
        return frozenset(), None
    ports: set[int] = set()
    offset = 0
    for raw in spec.split(","):
        part = raw.strip()
        where = offset + (len(raw) - len(raw.lstrip()))
        offset += len(raw) + 1
        bounds = part.split("-")
        if len(bounds) == 1:
            if part == "":
                return frozenset(), PortRangeError("can't specify empty port", where, max(len(raw), 1))
            port, error = _uint(part, where)
            if error:
                return frozenset(), error
            if port > MAX_VALID_PORT:
                return frozenset(), _err(f"port must be < {MAX_VALID_PORT} but found {port}", where, part)
            if port == 0:
                return frozenset(), _err("port must be > 0", where, part)
            ports.add(port)
        elif len(bounds) == 2:
            start, error = _uint(bounds[0], where)
            if error:
                return frozenset(), error
            end, error = _uint(bounds[1], where + len(bounds[0]) + 1)
            if error:
                return frozenset(), error
            if end < start:
                message = f"invalid range: ending value ({end}) less than starting ({start}) value"
                return frozenset(), _err(message, where, part)
            if end > MAX_VALID_PORT:
                return frozenset(), _err(f"port must be < {MAX_VALID_PORT} but found {end}", where, part)
            if start == 0:
                return frozenset(), _err("port must be > 0", where, part)
            ports.update(range(start, end + 1))
        else:
            message = "can only parse single port numbers or port ranges (ex. 80,100-120,150)"
            return frozenset(), _err(message, where, part)
    return frozenset(ports), None


def format_port_ranges(ports: frozenset[int] | set[int]) -> str:
    """The shortest spec for a set of ports: ``22,80,8500-8600``."""
    out: list[str] = []
    ordered = sorted(ports)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(out)


def _uint(text: str, where: int) -> tuple[int, PortRangeError | None]:
    # strconv.ParseUint(s, 10, 0): ASCII digits only, no sign, no spaces.
    if text == "" or not (text.isascii() and text.isdigit()):
        return 0, _err(f'strconv.ParseUint: parsing "{text}": invalid syntax', where, text)
    value = int(text)
    if value > _UINT64_MAX:
        return 0, _err(f'strconv.ParseUint: parsing "{text}": value out of range', where, text)
    return value, None


def _err(message: str, where: int, part: str) -> PortRangeError:
    return PortRangeError(message, where, max(len(part), 1))


_AGENT_WORDS = '{where} "{value}" invalid: {message}'


def port_range_findings(setting: Setting, where: str, template: str = _AGENT_WORDS) -> Iterator[Finding]:
    """The finding for one port-range value of an agent config or of node JSON (rule
    agent-reserved-ports), if it is not one Nomad's ParsePortRanges accepts."""
    value = setting.value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        yield Finding(
            f"{where} must be a string", setting.span, 'write e.g. "22,80,8500-8600"', rule=AGENT_RESERVED_PORTS
        )
        return
    _, error = parse_port_ranges(value)
    if error is None:
        return
    span = setting.span
    if span.line == span.end_line and span.end_column - span.column == len(value) + 2:
        # A one-line quoted string: point at the faulty part inside it.
        start = span.column + 1 + error.offset
        span = Span(span.file, span.line, start, span.line, start + error.length)
    yield Finding(
        template.format(where=where, value=value, message=error.message),
        span,
        "write ports and ranges separated by commas, e.g. 22,80,8500-8600",
        rule=AGENT_RESERVED_PORTS,
    )
