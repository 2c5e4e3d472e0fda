"""Helpers the service, Connect and driver rules share (not a rule: not in RULE_MODULES)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobspec.diagnostics import Skipped
from jobspec.evaluate import Unknown
from jobspec.model.job import Check, Group, Job, Network, Service
from jobspec.rules._network import go_quote, nomad_ports, syntax_blocks

# Blocks whose ``dynamic`` form hides port labels or networks from an offline check.
_PORT_BLOCKS = frozenset({"network", "port", "reserved_ports", "dynamic_ports"})

# Check types for which Nomad needs a port (ServiceCheck.RequiresPort compares case-sensitively).
_PORT_CHECK_TYPES = ("grpc", "http", "tcp")

_GO_INT = re.compile(r"[+-]?[0-9]+")
_INT64 = 2**63


def atoi(text: str) -> int | None:
    """Go's ``strconv.Atoi``: the number, or None when Nomad would not read ``text`` as one."""
    if not _GO_INT.fullmatch(text):
        return None
    number = int(text)
    return number if -_INT64 <= number < _INT64 else None


def port_text(value: str | int | Unknown | None) -> str | Unknown | None:
    """A service or check ``port`` as the string Nomad stores; None when unset or empty."""
    if value is None or isinstance(value, Unknown):
        return value
    text = str(value)
    return text or None


def service_name(job: Job, group: Group, service: Service) -> str:
    """The name Nomad gives the service: as written, else ``<job>-<group>[-<task>]``,
    with ``${JOB}``, ``${TASKGROUP}``, ``${TASK}`` and ``${BASE}`` filled in."""
    job_name = job.name if isinstance(job.name, str) else job.id
    task = service.task or "group"
    if isinstance(service.name, str) and service.name:
        name = service.name
    elif service.task is None:
        name = f"{job_name}-{group.name}"
    else:
        name = f"{job_name}-{group.name}-{service.task}"
    for key, value in (
        ("JOB", job_name),
        ("TASKGROUP", group.name),
        ("TASK", task),
        ("BASE", f"{job_name}-{group.name}-{task}"),
    ):
        name = name.replace("${" + key + "}", value)
    return name


def check_name(check: Check, service: str) -> str:
    """The check's name, or the one Nomad makes up for it."""
    if isinstance(check.name, str) and check.name:
        return check.name
    return f'service: "{service}" check'


def port_checks(service: Service) -> Iterator[Check]:
    """The service's checks that probe a port (http, tcp and grpc)."""
    return (c for c in service.checks if not isinstance(c.type, Unknown) and c.type in _PORT_CHECK_TYPES)


def labels(networks: tuple[Network, ...]) -> set[str]:
    """Every port label the networks hold once jobspec2 has sorted their port blocks."""
    return {p.label for n in networks for p in nomad_ports(n)}


def group_labels(group: Group) -> set[str]:
    """Port labels of the group's first network: the only one Nomad allocates."""
    return labels(group.networks[:1])


def task_network_labels(group: Group) -> set[str]:
    """Port labels of every task's deprecated task-level networks in the group."""
    return {label for task in group.tasks for label in labels(task.networks)}


def in_later_network(label: str, group: Group) -> str | None:
    """A hint when ``label`` is declared only in a network block after the first."""
    if label in labels(group.networks[1:]):
        return (
            f"port {go_quote(label)} is declared in a later network block, which Nomad ignores; move it into the first"
        )
    return None


def connect_injects_ports(group: Group) -> bool:
    """Nomad's server adds ``connect-proxy-<service>`` (and gateway) ports to groups with
    Connect sidecars or gateways, so such labels exist once the job is submitted."""
    return any(s.connect in ("sidecar", "gateway") for s in group.services)


def declared(label: str, known: set[str], group: Group) -> bool:
    return label in known or (label.startswith("connect-") and connect_injects_ports(group))


def missing_port_message(check: str, service: str) -> str:
    return f"Check {check} invalid: check requires a port but neither check nor service {go_quote(service)} have a port"


def missing_port_hint(check: Check) -> str:
    return f"a {check.type} check probes a port: set `port` on the check or on its service"


def dynamic_blocks(group: Group) -> set[str]:
    """Block types the group generates with ``dynamic`` blocks. Their content is only known
    after HCL2 evaluation, so checks that need every port, network or task skip them."""
    return {b.label or "" for b in syntax_blocks(group, "dynamic")}


def tasks_hidden(group: Group) -> Skipped | None:
    """Why a check that needs every task of the group skips it: a ``dynamic "task"`` block
    whose ``for_each`` is not known offline generates some."""
    if "task" in dynamic_blocks(group):
        return Skipped(f"group {group.name!r}: a dynamic task block makes its tasks known only to HCL2 evaluation")
    return None


def groups_hidden(job: Job) -> Skipped | None:
    """Why a check that needs every group of the job skips it: a ``dynamic "group"`` block
    whose ``for_each`` is not known offline generates some."""
    if job.block is not None and any(b.type == "dynamic" and b.label == "group" for b in job.block.body.blocks):
        return Skipped(f"job {job.id!r}: a dynamic group block makes its groups known only to HCL2 evaluation")
    return None


def port_labels_hidden(group: Group) -> Skipped | None:
    """Why a port-label check skips the group: ``dynamic`` blocks generate its ports or networks."""
    if dynamic_blocks(group) & _PORT_BLOCKS:
        return Skipped(f"group {group.name!r}: dynamic blocks make its port labels known only to HCL2 evaluation")
    return None


_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)")
_DURATION_UNITS = {"ns": 1, "us": 10**3, "µs": 10**3, "μs": 10**3, "ms": 10**6, "s": 10**9, "m": 60 * 10**9}
_DURATION_UNITS["h"] = 3600 * 10**9


def go_duration(value: str | int) -> int | None:
    """Go's ``time.ParseDuration`` in nanoseconds (a number is nanoseconds already); None
    when Go would refuse the text."""
    if isinstance(value, int):
        return value
    text = value
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if text[:1] in "+-" else text
    if body == "0":
        return 0
    total, at = 0.0, 0
    while at < len(body):
        part = _DURATION_PART.match(body, at)
        if part is None or part.group(1) in ("", "."):
            return None
        total += float(part.group(1)) * _DURATION_UNITS[part.group(2)]
        at = part.end()
    return sign * round(total) if body else None


def go_duration_text(nanoseconds: int) -> str:
    """Go's ``Duration.String``, for the durations a check may hold (below a second or whole)."""
    if nanoseconds == 0:
        return "0s"
    sign, n = ("-", -nanoseconds) if nanoseconds < 0 else ("", nanoseconds)
    if n < 10**3:
        return f"{sign}{n}ns"
    if n < 10**6:
        return f"{sign}{_trim(n / 10**3)}µs"
    if n < 10**9:
        return f"{sign}{_trim(n / 10**6)}ms"
    hours, rest = divmod(n, 3600 * 10**9)
    minutes, rest = divmod(rest, 60 * 10**9)
    seconds = _trim(rest / 10**9)
    if hours:
        return f"{sign}{hours}h{minutes}m{seconds}s"
    if minutes:
        return f"{sign}{minutes}m{seconds}s"
    return f"{sign}{seconds}s"


def _trim(number: float) -> str:
    return f"{number:.9f}".rstrip("0").rstrip(".")
