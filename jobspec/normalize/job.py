"""Syntax tree → typed job models.

Pure: a :class:`Document` and a :class:`Scope` in, models and diagnostics out.
Values are converted the way HCL converts them for Nomad's Go structs
(``"8080"`` is the number 8080 in a number field); a value that cannot be
converted becomes :class:`Unknown` here, and the schema rule reports the type
error at the value, so no check reasons about a wrong-typed value twice.
"""

from __future__ import annotations

from typing import Any

from jobspec.diagnostics import Finding, Span
from jobspec.evaluate import Scope, Unknown, evaluate
from jobspec.evaluate.types import ConversionError, parse_number
from jobspec.load.syntax import Block, Body, Document, Expr
from jobspec.load_rules import DUPLICATE_BLOCK, FILE_NOT_JOB
from jobspec.model.job import (
    DNS,
    Check,
    Constraint,
    Group,
    Job,
    Network,
    Port,
    Resources,
    Service,
    Task,
    TransparentProxy,
    Upstream,
)

# jobspec2/types.config.go jobConfig.decodeBody: the diagnostic's summary and detail when no
# top-level job block was found (an empty file included).
MISSING_JOB = "Missing job block; A job block is required"


def normalize(document: Document, scope: Scope | None = None) -> tuple[list[Job], list[Finding]]:
    scope = scope or Scope()
    jobs = document.body.blocks_of("job")
    diagnostics: list[Finding] = []
    if not jobs:
        diagnostics.append(
            Finding(MISSING_JOB, Span.point(document.path), _not_job_hint(document.body), rule=FILE_NOT_JOB)
        )
        return [], diagnostics
    for extra in jobs[1:]:
        diagnostics.append(
            Finding(
                f'Duplicate job block; only one block of type "job" is allowed. '
                f"Previous definition was at line {jobs[0].span.line}",
                extra.header_span,
                "put each job in a file of its own",
                rule=DUPLICATE_BLOCK,
            )
        )
    return [_Normaliser(scope).job(jobs[0])], diagnostics


def _not_job_hint(body: Body) -> str:
    """What the file seems to be instead: Nomad's other HCL specifications share ``.nomad.hcl``."""
    attributes = {a.name for a in body.attributes}
    if body.blocks_of("node_pool"):
        return "this is a node pool specification (`nomad node pool apply`), not a job; leave it out of the job check"
    if {"type", "name"} <= attributes or "plugin_id" in attributes:
        return "this looks like a volume specification (`nomad volume create`), not a job; leave it out of the check"
    return 'a job file needs a top-level `job "name" { ... }` block'


class _Normaliser:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    # -- values ----------------------------------------------------------------
    def values(self, body: Body) -> tuple[dict[str, Any], dict[str, Span]]:
        values = {a.name: evaluate(a.expr, self.scope) for a in body.attributes}
        spans = {a.name: a.expr.span for a in body.attributes}
        return values, spans

    # -- blocks ----------------------------------------------------------------
    def job(self, block: Block) -> Job:
        v, spans = self.values(block.body)
        # Nomad copies the job's update block into each group; a group's own
        # update block overrides it field by field.
        update = self.update(block.body, {})
        groups = [self.group(b, update) for b in block.body.blocks_of("group")]
        # jobspec2 turns a job-level task into a group of its own, named after it.
        groups += [self.lone_task_group(b, update) for b in block.body.blocks_of("task")]
        job_id = block.label or ""
        datacenters = v.get("datacenters", ["*"])
        dc_attr = block.body.attribute("datacenters")
        dc_items = _list_items(dc_attr.expr, self.scope) if dc_attr is not None else []
        return Job(
            span=block.header_span,
            spans=spans,
            id=job_id,
            name=_string(v.get("name", job_id)),
            type=_string(v.get("type", "service")),
            datacenters=tuple(datacenters) if isinstance(datacenters, list) else _unknown(datacenters, "a list"),
            datacenter_spans=tuple(span for _, span in dc_items),
            node_pool=_string(v.get("node_pool", "default")),
            namespace=_string(v.get("namespace", "default")),
            groups=tuple(groups),
            block=block,
            constraints=self.constraints(block.body),
        )

    def lone_task_group(self, block: Block, job_update: dict[str, Any]) -> Group:
        task = self.task(block)
        canary = _number(job_update.get("canary", 0))
        return Group(span=block.header_span, name=task.name, canary=canary, tasks=(task,), block=block)

    def update(self, body: Body, inherited: dict[str, Any]) -> dict[str, Any]:
        """The update settings in force: ``inherited`` with ``body``'s update block on top."""
        merged = dict(inherited)
        for update in body.blocks_of("update"):
            merged.update(self.values(update.body)[0])
        return merged

    def group(self, block: Block, job_update: dict[str, Any]) -> Group:
        v, spans = self.values(block.body)
        count: Any = v.get("count")
        if count is None:
            # Nomad defaults count to scaling.min when set, else 1.
            scaling = block.body.blocks_of("scaling")
            count = self.values(scaling[0].body)[0].get("min", 1) if scaling else 1
        canary = self.update(block.body, job_update).get("canary", 0)
        return Group(
            span=block.header_span,
            spans=spans,
            name=block.label or "",
            count=_number(count),
            canary=_number(canary),
            networks=tuple(self.network(b) for b in block.body.blocks_of("network")),
            services=tuple(self.service(b, None) for b in block.body.blocks_of("service")),
            tasks=tuple(self.task(b) for b in block.body.blocks_of("task")),
            block=block,
            constraints=self.constraints(block.body),
            **self.ephemeral_disk(block.body),
        )

    def network(self, block: Block) -> Network:
        v, spans = self.values(block.body)
        dns = None
        for b in block.body.blocks_of("dns")[:1]:
            dv, dspans = self.values(b.body)
            dns = DNS(
                span=b.header_span,
                spans=dspans,
                servers=_tuple(dv.get("servers")),
                searches=_tuple(dv.get("searches")),
                options=_tuple(dv.get("options")),
            )
        cni_args, cni_span = None, None
        for b in block.body.blocks_of("cni")[:1]:
            cv, cspans = self.values(b.body)
            args = cv.get("args")
            cni_args = args if isinstance(args, (dict, Unknown)) else None
            cni_span = cspans.get("args", b.header_span)
        reserved = tuple(self.port(b, legacy_static=True) for b in block.body.blocks_of("reserved_ports")) + tuple(
            self.port(b, legacy_static=False) for b in block.body.blocks_of("dynamic_ports")
        )
        return Network(
            span=block.header_span,
            spans=spans,
            mode=_string(v.get("mode", "")),
            hostname=_string(v["hostname"]) if "hostname" in v else None,
            mbits=_number(v["mbits"]) if "mbits" in v else None,
            dns=dns,
            cni_args=cni_args,
            cni_args_span=cni_span,
            ports=tuple(self.port(b) for b in block.body.blocks_of("port")),
            reserved_ports=reserved,
        )

    def port(self, block: Block, legacy_static: bool = False) -> Port:
        v, spans = self.values(block.body)
        static = v.get("static", v.get("value") if legacy_static else None)
        if "static" not in spans and "value" in spans:
            spans = {**spans, "static": spans["value"]}
        host_network = v.get("host_network", "default")
        return Port(
            span=block.label_span,
            spans=spans,
            label=block.label or "",
            static=_number(static) if static is not None else None,
            to=_number(v["to"]) if "to" in v else None,
            host_network=_string(host_network) if host_network != "" else "default",
            ignore_collision=_bool(v.get("ignore_collision", False)),
        )

    def service(self, block: Block, task: str | None) -> Service:
        v, spans = self.values(block.body)
        connect = None
        tproxy = None
        mesh = False
        upstreams: list[Upstream] = []
        for c in block.body.blocks_of("connect"):
            cv, _ = self.values(c.body)
            for sidecar in c.body.blocks_of("sidecar_service"):
                for proxy in sidecar.body.blocks_of("proxy"):
                    for tp in proxy.body.blocks_of("transparent_proxy")[:1]:
                        tproxy = self.transparent_proxy(tp)
                    upstreams += [self.upstream(u) for u in proxy.body.blocks_of("upstreams")]
            mesh = mesh or any(g.body.blocks_of("mesh") for g in c.body.blocks_of("gateway"))
            if c.body.blocks_of("gateway"):
                connect = "gateway"
            elif c.body.blocks_of("sidecar_service"):
                connect = "sidecar"
            elif cv.get("native") is True:
                connect = "native"
        port = v.get("port")
        return Service(
            span=block.header_span,
            spans=spans,
            name=_string(v["name"]) if "name" in v else None,
            port=_port_ref(port),
            address_mode=_string(v["address_mode"]) if "address_mode" in v else None,
            provider=_string(v["provider"]) if "provider" in v else None,
            checks=tuple(self.check(b) for b in block.body.blocks_of("check")),
            connect=connect,
            task=task,
            address=_string(v["address"]) if "address" in v else None,
            transparent_proxy=tproxy,
            mesh_gateway=mesh,
            upstreams=tuple(upstreams),
        )

    def upstream(self, block: Block) -> Upstream:
        v, spans = self.values(block.body)
        return Upstream(
            span=block.header_span,
            spans=spans,
            local_bind_port=_number(v["local_bind_port"]) if "local_bind_port" in v else None,
            local_bind_address=_string(v["local_bind_address"]) if "local_bind_address" in v else None,
            local_bind_socket_path=_string(v["local_bind_socket_path"]) if "local_bind_socket_path" in v else None,
        )

    def transparent_proxy(self, block: Block) -> TransparentProxy:
        v, spans = self.values(block.body)
        attr = block.body.attribute("exclude_inbound_ports")
        return TransparentProxy(
            span=block.header_span,
            spans=spans,
            no_dns=_bool(v.get("no_dns", False)),
            exclude_inbound_ports=tuple(_list_items(attr.expr, self.scope)) if attr is not None else (),
        )

    def check(self, block: Block) -> Check:
        v, spans = self.values(block.body)
        return Check(
            span=block.header_span,
            spans=spans,
            name=_string(v["name"]) if "name" in v else None,
            type=_string(v["type"]) if "type" in v else None,
            port=_port_ref(v.get("port")),
            address_mode=_string(v["address_mode"]) if "address_mode" in v else None,
            task=_string(v["task"]) if "task" in v else None,
            path=_string(v["path"]) if "path" in v else None,
            command=_string(v["command"]) if "command" in v else None,
            interval=_duration(v["interval"]) if "interval" in v else None,
            timeout=_duration(v["timeout"]) if "timeout" in v else None,
        )

    def task(self, block: Block) -> Task:
        v, spans = self.values(block.body)
        name = block.label or ""
        config_ports: list[tuple[Any, Span]] = []
        for cfg in block.body.blocks_of("config"):
            attr = cfg.body.attribute("ports")
            if attr is not None:
                config_ports.extend(_list_items(attr.expr, self.scope))
        config_attr = block.body.attribute("config")
        if config_attr is not None:
            value = v.get("config")
            if isinstance(value, dict) and isinstance(value.get("ports"), list):
                config_ports.extend((p, config_attr.expr.span) for p in value["ports"])
        networks = tuple(
            self.network(n) for res in block.body.blocks_of("resources") for n in res.body.blocks_of("network")
        )
        return Task(
            span=block.header_span,
            spans=spans,
            name=name,
            driver=_string(v["driver"]) if "driver" in v else None,
            config_ports=tuple(config_ports),
            networks=networks,
            services=tuple(self.service(b, name) for b in block.body.blocks_of("service")),
            constraints=self.constraints(block.body),
            resources=self.resources(block.body),
        )

    def constraints(self, body: Body) -> tuple[Constraint, ...]:
        return tuple(self.constraint(b) for b in body.blocks_of("constraint"))

    def constraint(self, block: Block) -> Constraint:
        """jobspec2's ``decodeConstraint``: a shortcut argument sets the operator (the
        later shortcuts win), and an unset operator is ``=``."""
        v, spans = self.values(block.body)
        text = {k: _string(v[k]) if v.get(k) is not None else "" for k in v}
        attribute, operator, value = text.get("attribute", ""), text.get("operator", ""), text.get("value", "")
        where: dict[str, Span] = {k: spans[k] for k in ("attribute", "operator", "value") if k in spans}
        for shortcut in ("version", "semver", "regexp", "set_contains"):
            if text.get(shortcut, "") != "":
                operator, value = shortcut, text[shortcut]
                where["operator"] = where["value"] = spans[shortcut]
        if v.get("distinct_hosts") is not None:
            hosts = _bool(v["distinct_hosts"])
            operator = "distinct_hosts"
            value = ("true" if hosts else "false") if isinstance(hosts, bool) else hosts
            where["operator"] = where["value"] = spans["distinct_hosts"]
        if text.get("distinct_property", "") != "":
            operator, attribute = "distinct_property", text["distinct_property"]
            where["operator"] = where["attribute"] = spans["distinct_property"]
        return Constraint(
            span=block.header_span,
            spans=where,
            attribute=attribute,
            operator=operator or "=",
            value=value,
        )

    def resources(self, body: Body) -> Resources | None:
        for block in body.blocks_of("resources")[:1]:
            v, spans = self.values(block.body)
            return Resources(
                span=block.header_span,
                spans=spans,
                **{k: _number(v[k]) if v.get(k) is not None else None for k in ("cpu", "cores", "memory")},
            )
        return None

    def ephemeral_disk(self, body: Body) -> dict[str, Any]:
        for block in body.blocks_of("ephemeral_disk")[:1]:
            v, spans = self.values(block.body)
            if v.get("size") is not None:
                return {"disk": _number(v["size"]), "disk_span": spans["size"]}
        return {}


def _list_items(expr, scope: Scope) -> list[tuple[Any, Span]]:
    """Items of a list literal with the span of each, so a bad entry is pointed at."""
    node = expr.node
    inner = getattr(node, "expression", None)
    if inner is not None and type(inner).__name__ == "TupleRule":
        items = []
        for element in inner.elements:
            m = element._meta
            span = Span(expr.span.file, m.line, m.column, m.end_line, m.end_column)
            items.append((evaluate(Expr(span, "", element), scope), span))
        return items
    value = evaluate(expr, scope)
    if isinstance(value, list):
        return [(item, expr.span) for item in value]
    return []


def _unknown(value: Any, wanted: str) -> Unknown:
    return value if isinstance(value, Unknown) else Unknown(f"{value!r} is not {wanted}")


def _string(value: Any) -> str | Unknown:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return _unknown(value, "a string")


def _number(value: Any) -> int | Unknown:
    """HCL's string → number conversion, limited to the whole numbers Nomad's fields hold."""
    if isinstance(value, bool):
        return Unknown(f"{value!r} is not a number")
    number: int | float = value
    if isinstance(value, str):
        try:
            number = parse_number(value)  # cty's rules, as the schema applies them
        except ConversionError:
            return Unknown(f"{value!r} is not a number")
    if isinstance(number, float):
        if not number.is_integer():  # also inf and nan
            return Unknown(f"{value!r} is not a whole number")
        number = int(number)
    if isinstance(number, int):
        # Go's int is 64 bits: the schema reports a larger number, and no rule judges it.
        return number if -(2**63) <= number < 2**63 else Unknown(f"{value!r} does not fit in 64 bits")
    return _unknown(value, "a number")


def _duration(value: Any) -> str | int | Unknown:
    """A duration as written: Go's duration text, or a whole number of nanoseconds."""
    return value if isinstance(value, str) else _number(value)


def _bool(value: Any) -> bool | Unknown:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return _unknown(value, "a bool")


def _port_ref(value: Any) -> str | int | Unknown | None:
    if value is None or isinstance(value, (str, Unknown)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return Unknown(f"{value!r} is not a port label or number")


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()
