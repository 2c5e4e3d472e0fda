"""A plugin list has no plugins.

``"plugins": []`` is refused by libcni ("error parsing configuration list: no
plugins in list"). A ``.conflist`` without a ``plugins`` key is refused too:
"no 'plugins' key" in Nomad 1.10 and older, "no plugin configs found" in Nomad
1.11 and later (unless plugin files sit in ``<dir>/<name>/``). Either way
Nomad's client does not start.

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": []}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [{"type": "loopback"}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.load.jsontree import JArray

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-no-plugins"
SEVERITY = Severity.ERROR
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    root = conf.root
    if root is None or conf.kind != "conflist":
        return
    member = root.member("plugins")
    if member is None:
        if root.member_folded("type") is None:  # a lone plugin is cni-wrong-kind's finding
            yield Finding(
                "error parsing configuration list: no 'plugins' key (Nomad 1.11 and later: no plugin configs found)",
                root.span,
                'add "plugins": [ ... ] with at least one plugin',
            )
    elif isinstance(member.value, JArray) and not member.value.items:
        yield Finding(
            "error parsing configuration list: no plugins in list",
            member.value.span,
            'add at least one plugin, e.g. {"type": "bridge", ...}',
        )
