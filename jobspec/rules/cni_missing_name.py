"""A CNI config has no ``name``.

The network a job asks for with ``mode = "cni/<name>"`` is the config's
``name`` field, not the file name. libcni refuses a plugin list without it
("error parsing configuration list: no name"), which stops Nomad's client; a
single-plugin ``.conf`` without a name loads, but fingerprints as the useless
network ``cni/`` (a warning).

FAIL:

    {"cniVersion": "1.0.0", "plugins": [{"type": "loopback"}]}

PASS:

    {"cniVersion": "1.0.0", "name": "lo", "plugins": [{"type": "loopback"}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.load.jsontree import JScalar, blank

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-missing-name"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    root = conf.root
    if root is None:
        return
    member = root.member("name")
    if conf.kind == "conflist":
        if member is None:
            folded = root.member_folded("name")
            hint = (
                f"top-level keys are case-sensitive: write `name`, not `{folded.key}`"
                if folded
                else 'add `"name": "<network>"`; jobs select it with mode = "cni/<network>"'
            )
            yield Finding("error parsing configuration list: no name", root.span, hint)
        elif blank(member):
            yield Finding("missing network name: the `name` is empty", member.value.span, "give the network a name")
    elif blank(member) or (isinstance(member.value, JScalar) and member.value.value is None):  # type: ignore[union-attr]
        # a single-plugin config decodes into PluginConf, where null leaves the name empty too
        yield Finding(
            'this config has no `name`, so Nomad fingerprints it as network "cni/", which no job can use',
            member.value.span if member else root.span,
            'add `"name": "<network>"`',
            severity=Severity.WARNING,
        )
