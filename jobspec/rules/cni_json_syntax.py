"""A CNI config file is not valid JSON.

libcni reads the file with Go's ``encoding/json``: comments, trailing commas
and truncated files are errors (the message is Go's, with the position added).
Nomad reads every ``*.conf``, ``*.conflist`` and ``*.json`` file in
``cni_config_dir`` when the client starts, and **one broken file stops the
client from starting** ("fingerprinting failed: failed to load CNI config …").
Files that cannot be read or are not UTF-8 are reported here too.

FAIL:

    {
      "cniVersion": "1.0.0",
      "name": "mynet",   // comments are not JSON
      "plugins": [{"type": "bridge"},]
    }

PASS:

    {
      "cniVersion": "1.0.0",
      "name": "mynet",
      "plugins": [{"type": "bridge", "ipam": {"type": "dhcp"}}]
    }
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity
from jobspec.model.conflist import json_kind, list_prefix

if TYPE_CHECKING:
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-json-syntax"
SEVERITY = Severity.ERROR
SCOPE = "conflist"

_HINT = "a CNI config must be plain JSON (no comments, no trailing commas); Nomad's client refuses to start otherwise"


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    if conf.read_error is not None:
        yield Finding(conf.read_error, conf.file_span, _HINT)
    elif conf.json_error is not None:
        error = conf.json_error
        yield Finding(f"{list_prefix(conf)}{error.message}", error.span, _HINT)
    elif conf.not_object is not None:
        kind = json_kind(conf.not_object)
        yield Finding(
            f"{list_prefix(conf)}json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}",
            conf.not_object.span,
            "a CNI config file holds one JSON object",
        )
