"""Two CNI config files define the same network name.

Nomad reads the folder in file-name order (extensions mixed: ``10-x.conf``
beats ``20-x.conflist``) and the first file with a name wins, for both
fingerprinting and the run-time lookup; later files are ignored with the log
line "duplicate CNI config names found, ignoring file". The ignored file is
reported, naming the one that wins.

FAIL:

    # 10-mynet.conflist
    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}}]}
    # 20-mynet.conflist
    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "macvlan", "master": "eth1", "ipam": {"type": "dhcp"}}]}

PASS:

    # 10-mynet.conflist
    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}}]}
    # 20-other.conflist
    {"cniVersion": "1.0.0", "name": "other", "plugins": [
      {"type": "macvlan", "master": "eth1", "ipam": {"type": "dhcp"}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-duplicate-name"
SEVERITY = Severity.WARNING
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    name = conf.name
    member = conf.name_member
    if name is None or member is None:
        return
    for other in ctx.files:
        if other is conf:
            return
        if other.name == name:
            yield Finding(
                f'duplicate CNI config names found, ignoring file: network "{name}" is already defined by '
                f"{other.path}, which sorts first and wins",
                member.value.span,
                "rename one of the networks, or delete the file that is not meant to be used",
            )
            return
