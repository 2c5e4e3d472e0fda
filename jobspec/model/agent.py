"""A Nomad client agent's configuration, as far as networking is concerned.

Built from one class folder's ``*.hcl`` files, merged the way Nomad merges a
config folder (file-name order; a later value replaces an earlier one;
``host_network`` blocks are keyed by name, so the last one wins). Every value
keeps the span of the file and line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jobspec.diagnostics import Span

DEFAULT_MIN_DYNAMIC_PORT = 20000
DEFAULT_MAX_DYNAMIC_PORT = 32000


@dataclass(frozen=True)
class Setting:
    value: Any
    span: Span


@dataclass(frozen=True)
class HostNetworkConfig:
    name: str
    span: Span
    """The block's label."""
    settings: dict[str, Setting] = field(default_factory=dict, compare=False)
    """``cidr``, ``interface``, ``reserved_ports``."""


@dataclass(frozen=True)
class AgentConfig:
    path: str
    """The class folder (or the single file) the config was read from."""
    files: tuple[str, ...] = ()
    has_client: bool = False
    settings: dict[str, Setting] = field(default_factory=dict, compare=False)
    """Top-level ``datacenter`` and the ``client`` block's arguments by name, with
    ``reserved.reserved_ports`` under ``reserved_ports``."""
    meta: dict[str, Setting] = field(default_factory=dict, compare=False)
    host_networks: dict[str, HostNetworkConfig] = field(default_factory=dict, compare=False)
    plugins: dict[str, Setting] = field(default_factory=dict, compare=False)
    """``plugin "<driver>"`` blocks: the value is ``config { enabled }`` when set, else None."""

    def value(self, name: str, default: Any = None) -> Any:
        setting = self.settings.get(name)
        return setting.value if setting is not None else default
