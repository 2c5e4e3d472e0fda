"""Port labels that give tasks the same environment variable, or none.

Each port becomes ``NOMAD_PORT_<label>``, ``NOMAD_HOST_PORT_<label>`` and
friends, with every character outside ``[A-Za-z0-9_.]`` turned into ``_``.
So ``a-b`` and ``a_b`` are distinct to Nomad but share one variable, and a
task sees only one of the two values. An empty label is accepted but yields
bare ``NOMAD_PORT_`` and no service can name it.

FAIL:

    network {
      port "metrics-http" {}
      port "metrics_http" {}
    }

PASS:

    network {
      port "metrics_http" {}
      port "admin_http" {}
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity
from jobspec.model.context import Context
from jobspec.model.job import Job, Port
from jobspec.rules._network import go_quote, group_ports

ID = "port-env-collision"
SEVERITY = Severity.WARNING
SCOPE = "job"

_KEPT = frozenset(b"_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def env_name(label: str) -> str:
    """The ``NOMAD_PORT_*`` suffix Nomad makes of a label (byte by byte, as Go does)."""
    return "".join(chr(b) if b in _KEPT else "_" for b in label.encode())


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    for group in job.groups:
        ports = [owned.port for owned in group_ports(group)]
        first_by_env: dict[str, Port] = {}
        for port in sorted(ports, key=lambda p: (p.span.line, p.span.column)):
            if port.label == "":
                yield Finding(
                    "Port label is empty: its variables are bare NOMAD_PORT_ and NOMAD_HOST_PORT_, and no service "
                    "can refer to it",
                    port.span,
                    'give the port a name such as "http"',
                    job=job.id,
                    group=group.name,
                )
                continue
            name = env_name(port.label)
            first = first_by_env.setdefault(name, port)
            # The very same label is port-duplicate-label's business.
            if first is port or first.label == port.label:
                continue
            yield Finding(
                f"Port labels {go_quote(first.label)} and {go_quote(port.label)} both become the environment "
                f"variable NOMAD_PORT_{name}; tasks see only one of the two ports",
                port.span,
                f"rename one of them (the other is at line {first.span.line}); letters, digits and '_' are safe",
                job=job.id,
                group=group.name,
            )
