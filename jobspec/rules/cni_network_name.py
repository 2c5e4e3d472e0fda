"""A CNI network name has uppercase letters or characters CNI refuses.

The scheduler compares ``mode = "cni/<name>"`` with the fingerprinted
networks case-sensitively, but the client lower-cases the name before it
looks the config up. A network named ``MyNet`` is therefore unusable: a job
asking for ``cni/MyNet`` is placed and then fails ("CNI network config not
found for name "mynet""), and one asking for ``cni/mynet`` is never placed
("missing network"). CNI also needs the name to match
``^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`` ("invalid characters found in network name").

FAIL:

    {"cniVersion": "1.0.0", "name": "MyNet", "plugins": [{"type": "loopback"}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [{"type": "loopback"}]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-network-name"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_VALID = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.\-]*")


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    name = conf.name
    member = conf.name_member
    if not name or member is None:
        return
    if not _VALID.fullmatch(name):
        yield Finding(
            f"invalid characters found in network name; {name}",
            member.value.span,
            "start with a letter or digit; then use only letters, digits, `_`, `.` and `-`",
        )
    elif name != name.lower():
        yield Finding(
            f'network name "{name}" has uppercase letters: Nomad lower-cases cni/{name} to "{name.lower()}" '
            f'before the lookup, so a job is placed and then fails with "CNI network config not found for name '
            f'"{name.lower()}""',
            member.value.span,
            f'rename the network to "{name.lower()}"',
        )
