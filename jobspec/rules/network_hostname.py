"""A network ``hostname`` that is not a valid DNS name.

Nomad rejects it ("Hostname is not a valid DNS name") unless it contains
``${``, which is interpolated on the client and checked there. The test is
Go's ``miekg/dns.IsDomainName``, which is liberal: underscores, spaces and
other characters pass, and so do a single ``.`` and a trailing dot. What
fails: an empty label (``a..b``, a leading dot), a label over 63 bytes, a
name over 255 bytes, or a dangling ``\\`` escape.

FAIL:

    network {
      mode     = "bridge"
      hostname = "web..example"
    }

PASS:

    network {
      mode     = "bridge"
      hostname = "web-${NOMAD_ALLOC_INDEX}"
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "network-hostname"
SEVERITY = Severity.ERROR
SCOPE = "job"

# Wire-format limits: a label's length byte keeps its top two bits clear; a name is at most 256 bytes packed.
_MAX_LABEL = 63
_MAX_NAME = 256


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        for network in group.networks:
            hostname = network.hostname
            if isinstance(hostname, Unknown):
                yield Skipped(f"group {group.name!r}: network hostname is not known offline ({hostname.reason})")
                continue
            if not hostname or "${" in hostname or is_domain_name(hostname):
                continue
            yield Finding(
                "Hostname is not a valid DNS name",
                network.at("hostname"),
                f"{_why(hostname)}; use labels of 1 to 63 characters separated by single dots",
                job=job.id,
                group=group.name,
            )


def is_domain_name(name: str) -> bool:
    """miekg/dns v1.1.72 ``IsDomainName``, on the UTF-8 bytes as Go sees them."""
    data = name.encode()
    if not data:
        return False
    if not _is_fqdn(data):
        data += b"."
    off = begin = 0
    was_dot = escape = False
    i = 0
    while i < len(data):
        ch = data[i : i + 1]
        if ch == b"\\":
            escape = not escape
            if off + 1 > _MAX_NAME:
                return False
            # `\DDD` stands for one byte and `\X` for X: skip what the escape covers.
            step = 3 if data[i + 1 : i + 4].isdigit() and len(data[i + 1 : i + 4]) == 3 else 1
            i += step
            begin += step
            was_dot = False
        elif ch == b".":
            escape = False
            # Only the root zone may start with a dot.
            if (i == 0 and len(data) > 1) or was_dot:
                return False
            was_dot = True
            label = i - begin
            if label > _MAX_LABEL:
                return False
            off += 1 + label
            if off > _MAX_NAME:
                return False
            begin = i + 1
        else:
            escape = was_dot = False
        i += 1
    return not escape


def _is_fqdn(data: bytes) -> bool:
    """Ends in a dot that is not itself escaped (an even run of backslashes before it)."""
    if not data.endswith(b"."):
        return False
    body = data[:-1]
    slashes = len(body) - len(body.rstrip(b"\\"))
    return slashes % 2 == 0


def _why(name: str) -> str:
    labels = name.removesuffix(".").split(".")
    if name.startswith("."):
        return "it starts with a dot"
    if "" in labels:
        return "it has an empty label (two dots in a row)"
    long = next((label for label in labels if len(label.encode()) > _MAX_LABEL), None)
    if long is not None:
        return f"the label {long[:20]!r}... is {len(long.encode())} bytes long; the limit is {_MAX_LABEL}"
    if len(name.encode()) > _MAX_NAME - 1:
        return f"it is {len(name.encode())} bytes long; the limit is 255"
    return "it ends in an unfinished `\\` escape"
