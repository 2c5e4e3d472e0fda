"""A CNI file's extension does not match its content.

Nomad reads ``.conf`` and ``.json`` files as a *single plugin's* config (with a
top-level ``type``) and only ``.conflist`` files as a plugin list. A plugin
list saved as ``.json`` (``x.conflist.json``) therefore fails with libcni's
"error parsing configuration: missing 'type'" and stops the client from
starting; a single plugin saved as ``.conflist`` has no ``plugins`` list.

FAIL:

    # 10-mynet.json
    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}}]}

PASS:

    # 10-mynet.conflist
    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-wrong-kind"
SEVERITY = Severity.ERROR
SCOPE = "conflist"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    root = conf.root
    if root is None:
        return
    type_member = root.member_folded("type")
    has_type = type_member is not None
    plugins = root.member("plugins")
    if conf.kind == "conf" and plugins is not None and not has_type:
        yield Finding(
            "error parsing configuration: missing 'type': this file holds a plugin list, but Nomad reads "
            f"`{_extension(conf.path)}` files as a single plugin's config",
            plugins.key_span,
            "rename the file to end in `.conflist`",
        )
    elif conf.kind == "conflist" and plugins is None and type_member is not None:
        yield Finding(
            "this file holds a single plugin's config (top-level `type`), but `.conflist` files need a "
            "`plugins` list (error parsing configuration list: no 'plugins' key)",
            type_member.key_span,
            'rename the file to end in `.conf`, or wrap the plugin in `"plugins": [ ... ]`',
        )


def _extension(path: str) -> str:
    return "." + path.rsplit(".", 1)[-1] if "." in path else path
