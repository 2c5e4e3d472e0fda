"""A client's dynamic port range is invalid.

``min_dynamic_port`` and ``max_dynamic_port`` must each be between 0 and
65536, and min must not exceed max (an unset bound is Nomad's default, 20000
or 32000). Nomad's agent refuses to start with "Invalid dynamic port range".

FAIL:

    client {
      min_dynamic_port = 40000
    }

PASS:

    client {
      min_dynamic_port = 40000
      max_dynamic_port = 45000
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.catalog.agent import as_int
from jobspec.diagnostics import Finding, Severity
from jobspec.model.agent import DEFAULT_MAX_DYNAMIC_PORT, DEFAULT_MIN_DYNAMIC_PORT
from jobspec.model.port_ranges import MAX_VALID_PORT

if TYPE_CHECKING:
    from jobspec.model.agent import AgentConfig

ID = "agent-dynamic-port-range"
SEVERITY = Severity.ERROR
SCOPE = "catalog-source"


def check(agent: AgentConfig, ctx: object) -> Iterator[Finding]:
    low_setting, high_setting = agent.settings.get("min_dynamic_port"), agent.settings.get("max_dynamic_port")
    low, high = as_int(low_setting), as_int(high_setting)
    bad = False
    for name, setting, value in (("min", low_setting, low), ("max", high_setting, high)):
        if setting is None:
            continue
        if value is None:
            bad = True
            yield Finding(f"{name}_dynamic_port must be a whole number", setting.span, "write a port, e.g. 20000")
        elif not 0 <= value <= MAX_VALID_PORT:
            bad = True
            yield Finding(
                f"Invalid dynamic port range: {name}_dynamic_port={value}",
                setting.span,
                f"{name}_dynamic_port must be between 0 and 65535",
            )
    if bad or (low_setting is None and high_setting is None):
        return
    low = DEFAULT_MIN_DYNAMIC_PORT if low is None else low
    high = DEFAULT_MAX_DYNAMIC_PORT if high is None else high
    if low > high:
        where = low_setting or high_setting
        assert where is not None  # with neither bound set, the defaults are in order
        unset = " (the unset bound is Nomad's default)" if low_setting is None or high_setting is None else ""
        yield Finding(
            f"Invalid dynamic port range: min_dynamic_port={low} and max_dynamic_port={high}",
            where.span,
            f"min_dynamic_port must not be greater than max_dynamic_port{unset}",
        )
