"""Job models → Nomad's API JSON (``{"Job": {...}}``), for ``jobspec normalize --format nomad-json``.

Keys are the Go field names of Nomad's ``api`` package in struct order, so the output
reads like ``nomad job run -output`` and can be sent to ``/v1/jobs`` or ``nomad job run -json``.
Values are those of jobspec's model, with Nomad's defaults made explicit (``Type``
``service``, ``Datacenters`` ``["*"]``, ``NodePool`` ``default``, ``Count`` 1 or
``scaling.min``, ``HostNetwork`` ``default``). Ports are split as jobspec2 splits them:
a ``port`` block with ``static > 0`` goes to ``ReservedPorts``, any other to
``DynamicPorts``; when a network has ``port`` blocks its legacy ``reserved_ports`` blocks
are dropped, as jobspec2 overwrites them.

Covered: the job's ``Namespace``, ``ID``, ``Name``, ``Type``, ``Datacenters``,
``NodePool``; each group's ``Name``, ``Count``, ``Tasks``, ``Networks``, ``Services``;
each task's ``Name``, ``Driver``, ``Config.ports``, ``Services`` and
``Resources.Networks`` (deprecated task networks); networks in full (``Mode``,
``DNS``, ports, ``Hostname``, ``MBits``, ``CNI``); services' ``Name``, ``PortLabel``,
``AddressMode``, ``Address``, ``Checks`` (``Name``, ``Type``, ``PortLabel``, ``AddressMode``),
``Connect``, ``TaskName``, ``Provider``.

Left out, because jobspec's model does not hold them: everything else, such as
``Region``, ``Priority``, constraints, affinities, spreads, update and migrate
strategies, volumes, meta, env, templates, artifacts, resources other than networks,
the rest of a driver's ``config``, service tags and check timings. ``Connect`` only says
which kind of Connect is asked for (``Native``, an empty ``SidecarService`` or
``Gateway``), not its settings. A value jobspec cannot know offline (an unset
variable, for one) is ``null``; runtime references such as ``${meta.rack}`` are kept as text.
"""

from __future__ import annotations

from typing import Any

from jobspec.evaluate import Unknown
from jobspec.model.job import DNS, Check, Group, Job, Network, Port, Service, Task


def _v(value: Any) -> Any:
    if isinstance(value, Unknown):
        return None
    if isinstance(value, (list, tuple)):
        return [_v(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _v(item) for key, item in value.items()}
    return value


def _s(value: Any) -> Any:
    """A Go string field: ``""`` when unset, ``null`` when unknown; a number becomes
    text, as HCL converts it (``port = 8080``)."""
    if value is None:
        return ""
    if isinstance(value, Unknown):
        return None
    return str(value)


def _port(port: Port) -> dict[str, Any]:
    return {
        "Label": port.label,
        "Value": None if isinstance(port.static, Unknown) else port.static or 0,
        "To": port.to if isinstance(port.to, int) else 0,
        "HostNetwork": _v(port.host_network),
        "IgnoreCollision": _v(port.ignore_collision),
    }


def _network(network: Network) -> dict[str, Any]:
    if network.ports:
        # An unknown static value is still meant to be static.
        static = [p.is_static or isinstance(p.static, Unknown) for p in network.ports]
        reserved = [_port(p) for p, s in zip(network.ports, static, strict=True) if s]
        dynamic = [_port(p) for p, s in zip(network.ports, static, strict=True) if not s]
    else:
        reserved, dynamic = [_port(p) for p in network.reserved_ports], []
    dns = network.dns
    return {
        "Mode": _v(network.mode),
        "Device": "",
        "CIDR": "",
        "IP": "",
        "DNS": None if dns is None else {key: _v(list(value)) or None for key, value in _dns(dns)},
        "ReservedPorts": reserved or None,
        "DynamicPorts": dynamic or None,
        "Hostname": _s(network.hostname),
        "MBits": _v(network.mbits),
        "CNI": None if network.cni_args is None else {"Args": _v(network.cni_args)},
    }


def _dns(dns: DNS) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    return (("Servers", dns.servers), ("Searches", dns.searches), ("Options", dns.options))


def _check(check: Check) -> dict[str, Any]:
    return {
        "Name": _s(check.name),
        "Type": _s(check.type),
        "PortLabel": _s(check.port),
        "AddressMode": _s(check.address_mode),
    }


def _connect(kind: str | None) -> dict[str, Any] | None:
    if kind is None:
        return None
    return {
        "Native": kind == "native",
        "Gateway": {} if kind == "gateway" else None,
        "SidecarService": {} if kind == "sidecar" else None,
    }


def _service(service: Service) -> dict[str, Any]:
    return {
        "Name": _s(service.name),
        "PortLabel": _s(service.port),
        "AddressMode": _s(service.address_mode),
        "Address": _s(service.address),
        "Checks": [_check(c) for c in service.checks] or None,
        "Connect": _connect(service.connect),
        "TaskName": service.task or "",
        "Provider": _s(service.provider),
    }


def _task(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = {"Name": task.name, "Driver": _s(task.driver)}
    if task.config_ports:
        data["Config"] = {"ports": [_v(value) for value, _span in task.config_ports]}
    data["Services"] = [_service(s) for s in task.services] or None
    data["Resources"] = {"Networks": [_network(n) for n in task.networks] or None}
    return data


def _group(group: Group) -> dict[str, Any]:
    return {
        "Name": group.name,
        "Count": _v(group.count),
        "Tasks": [_task(t) for t in group.tasks] or None,
        "Networks": [_network(n) for n in group.networks] or None,
        "Services": [_service(s) for s in group.services] or None,
    }


NOTE = (
    "Not the whole job: only what jobspec checks, in Nomad's API field names. Held: the job's Namespace, ID, "
    "Name, Type, Datacenters and NodePool; in TaskGroups, each group's Name, Count, Tasks, Networks and Services; "
    "each task's Name, Driver, Config.ports, Services and Resources.Networks; networks in full; services' Name, "
    "PortLabel, AddressMode, Address, Checks, Connect (its kind only), TaskName and Provider. Left out: everything "
    "else (the rest of each driver config such as image and command, CPU and memory, constraints, update, volumes, "
    "meta, env, templates, ...), so Nomad would not run this as the job. Unknown values are null."
)
"""What ``normalize --format nomad-json`` holds: its output's ``Note`` field, and its ``--help``."""


def api_document(job: Job) -> dict[str, Any]:
    """What ``normalize --format nomad-json`` prints: :data:`NOTE` beside ``Job``
    (Nomad reads ``Job`` and ignores a field it does not know)."""
    return {"Note": NOTE, **job_to_api(job)}


def job_to_api(job: Job) -> dict[str, Any]:
    """One job as ``{"Job": {...}}``."""
    return {
        "Job": {
            "Namespace": _v(job.namespace),
            "ID": job.id,
            "Name": _v(job.name),
            "Type": _v(job.type),
            "Datacenters": _v(job.datacenters),
            "NodePool": _v(job.node_pool),
            "TaskGroups": [_group(g) for g in job.groups] or None,
        }
    }
