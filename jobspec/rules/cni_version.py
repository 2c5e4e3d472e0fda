"""A CNI config's ``cniVersion`` is missing, unknown, or too old for a plugin.

libcni loads any string, but each plugin needs an exact match with a spec
version it supports (0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0), so
``"1.0"`` or ``"0.4"`` loads and then fails every ADD with "incompatible CNI
versions; config is "1.0", plugin supports [...]". ``firewall`` needs 0.4.0 or
later, ``bandwidth`` 0.3.0, ``vrf`` 0.3.1. A missing version is read as 0.1.0
(a warning: no CHECK, and chained plugins get less).

FAIL:

    {"cniVersion": "0.3.1", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "firewall"}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
      {"type": "firewall"}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.load.jsontree import JArray, JScalar
from jobspec.model.conflist import CNI_VERSIONS, plugin_type

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-version"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "conflist"

_FLOOR = {"firewall": "0.4.0", "bandwidth": "0.3.0", "vrf": "0.3.1"}


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    root = conf.root
    if root is None:
        return
    member = root.member("cniVersion")
    if member is None:
        yield Finding(
            "no `cniVersion`: plugins read this config as version 0.1.0",
            root.span,
            'add "cniVersion": "1.0.0" (or the newest version your plugins support)',
            severity=Severity.WARNING,
        )
    elif isinstance(member.value, JScalar) and isinstance(member.value.value, str):
        version = member.value.value
        if version not in CNI_VERSIONS:
            supported = " ".join(f'"{v}"' for v in CNI_VERSIONS)
            yield Finding(
                f'cniVersion "{version}" is not a CNI spec version: every plugin fails with "incompatible CNI '
                f'versions; config is "{version}", plugin supports [{supported}]"',
                member.value.span,
                _closest(version),
            )
        else:
            for plugin in conf.plugins():
                kind = plugin_type(plugin)
                floor = _FLOOR.get(kind or "")
                if floor and _key(version) < _key(floor):
                    supported = " ".join(f'"{v}"' for v in CNI_VERSIONS if _key(v) >= _key(floor))
                    yield Finding(
                        f'plugin type="{kind}" failed (add): incompatible CNI versions; config is "{version}", '
                        f"plugin supports [{supported}]",
                        member.value.span,
                        f"{kind} needs cniVersion {floor} or later; use 1.0.0",
                    )
    versions = root.get("cniVersions")
    if isinstance(versions, JArray):
        for index, item in enumerate(versions.items):
            if isinstance(item, JScalar) and isinstance(item.value, str) and item.value not in CNI_VERSIONS:
                yield Finding(
                    f'cniVersions entry "{item.value}" at index {index} is not a CNI spec version',
                    item.span,
                    _closest(item.value),
                )


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _closest(version: str) -> str:
    full = [v for v in CNI_VERSIONS if v.startswith(version + ".") or v == version + ".0"]
    if full:
        return f'write the full version, e.g. "{full[-1]}"'
    return "use one of " + ", ".join(CNI_VERSIONS)
