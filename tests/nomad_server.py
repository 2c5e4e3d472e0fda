"""A fake Nomad HTTP API on 127.0.0.1 (pytest-httpserver), for `jobspec catalog pull`.

The JSON is shaped as Nomad serves it: a node is ``nomad/structs/structs.go:Node``
(the fields of ``api/nodes.go:Node`` plus the server-side
``NodeResources.NodeNetworks`` and ``Processors``), a list entry is
``Node.Stub`` (``NodeListStub``; ``NodeResources``/``ReservedResources`` only with
``resources=true``), ``/v1/agent/self`` is ``command/agent/agent_endpoint.go:agentSelf``.
Pagination follows ``nomad/state/paginator``: entries sorted by ID, ``next_token``
is the ID of the first entry of the next page, sent back in ``X-Nomad-NextToken``.
Errors are plain-text bodies, as ``command/agent/http.go:HTTPServer.wrap`` writes
them. ACLs: a token maps to its capabilities; an unknown token is
``ACL token not found``, a missing capability ``Permission denied`` (both 403).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

PLUGINS = ("bridge", "firewall", "host-local", "loopback", "portmap")


def node_detail(
    index: int,
    *,
    datacenter: str = "dc1",
    pool: str = "default",
    node_class: str = "web",
    cni: tuple[str, ...] = ("mynet",),
    public: bool = True,
    status: str = "ready",
    eligibility: str = "eligible",
    drain: bool = False,
    reserved: str = "22",
    version: str = "1.9.3",
    meta: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``GET /v1/node/:id`` for one client node."""
    ip = f"10.0.{index // 250}.{index % 250 + 1}"
    public_ip = f"198.51.{index // 250}.{index % 250 + 1}"
    node_id = f"{index:08x}-0000-4000-8000-{index:012x}"
    addresses = [{"Family": "ipv4", "Alias": "default", "Address": ip, "ReservedPorts": "", "Gateway": ""}]
    node_networks: list[dict[str, Any]] = [
        {"Mode": "host", "Device": "eth0", "MacAddress": "02:00:00:00:00:01", "Speed": 1000, "Addresses": addresses}
    ]
    host_networks: dict[str, Any] = {}
    if public:
        node_networks.append(
            {
                "Mode": "host",
                "Device": "eth1",
                "MacAddress": "02:00:00:00:00:02",
                "Speed": 1000,
                "Addresses": [
                    {"Family": "ipv4", "Alias": "public", "Address": public_ip, "ReservedPorts": "9000", "Gateway": ""}
                ],
            }
        )
        host_networks["public"] = {"Name": "public", "CIDR": "198.51.0.0/16", "Interface": "", "ReservedPorts": "9000"}
    node_networks.append({"Mode": "bridge", "Device": "nomad", "MacAddress": "", "Speed": 0, "Addresses": None})
    networks: list[dict[str, Any]] = [
        {"Mode": "host", "Device": "eth0", "CIDR": f"{ip}/32", "IP": ip, "MBits": 1000, "DNS": None},
        {"Mode": "bridge", "Device": "", "CIDR": "", "IP": "", "MBits": 0, "DNS": None},
    ]
    for name in cni:
        networks.append({"Mode": f"cni/{name}", "Device": "", "CIDR": "", "IP": "", "MBits": 0, "DNS": None})
        node_networks.append({"Mode": f"cni/{name}", "Device": "", "MacAddress": "", "Speed": 0, "Addresses": None})
    attributes = {
        "kernel.name": "linux",
        "os.name": "ubuntu",
        "cpu.arch": "amd64",
        "nomad.version": version,
        "nomad.revision": "0123456789abcdef",
        "unique.hostname": f"client-{index}",
        "unique.network.ip-address": ip,
        "driver.docker": "1",
        **{f"plugins.cni.version.{p}": "v1.6.2" for p in PLUGINS},
    }
    return {
        "ID": node_id,
        "SecretID": "",
        "Datacenter": datacenter,
        "Name": f"client-{index}",
        "HTTPAddr": f"{ip}:4646",
        "TLSEnabled": False,
        "Attributes": attributes,
        "Resources": {"CPU": 4000, "MemoryMB": 8192, "DiskMB": 51200, "Networks": None, "Devices": None},
        "Reserved": {"CPU": 0, "MemoryMB": 0, "DiskMB": 0, "Networks": None, "Devices": None},
        "NodeResources": {
            "Cpu": {"CpuShares": 4000, "TotalCpuCores": 4, "ReservableCpuCores": [0, 1, 2, 3]},
            "Processors": {"Topology": None},
            "Memory": {"MemoryMB": 8192},
            "Disk": {"DiskMB": 51200},
            "Devices": None,
            "NodeNetworks": node_networks,
            "Networks": networks,
            "MinDynamicPort": 20000,
            "MaxDynamicPort": 32000,
        },
        "ReservedResources": {
            "Cpu": {"CpuShares": 0, "ReservedCpuCores": None},
            "Memory": {"MemoryMB": 0},
            "Disk": {"DiskMB": 0},
            "Networks": {"ReservedHostPorts": reserved},
        },
        "Links": {},
        "Meta": {"connect.sidecar_image": "envoyproxy/envoy:v1.29.4", **(meta or {})},
        "NodeClass": node_class,
        "NodePool": pool,
        "CgroupParent": "/nomad",
        "DrainStrategy": {"Deadline": 3600000000000, "IgnoreSystemJobs": False} if drain else None,
        "SchedulingEligibility": eligibility,
        "Status": status,
        "StatusDescription": "",
        "StatusUpdatedAt": 1733300000,
        "Events": [{"Message": "Node registered", "Subsystem": "Cluster", "Details": None, "CreateIndex": 0}],
        "Drivers": {
            "docker": {
                "Attributes": {"driver.docker": "true"},
                "Detected": True,
                "Healthy": True,
                "HealthDescription": "Healthy",
                "UpdateTime": "2026-12-04T10:00:00Z",
            }
        },
        "HostVolumes": None,
        "HostNetworks": host_networks,
        "CSIControllerPlugins": None,
        "CSINodePlugins": None,
        "LastDrain": None,
        "NodeMaxAllocs": 0,
        "CreateIndex": 10 + index,
        "ModifyIndex": 20 + index,
    }


def stub_of(node: dict[str, Any], resources: bool) -> dict[str, Any]:
    """``structs.Node.Stub``: what ``GET /v1/nodes`` lists for a node."""
    stub = {
        "Address": node["HTTPAddr"].rsplit(":", 1)[0],
        "ID": node["ID"],
        "Datacenter": node["Datacenter"],
        "Name": node["Name"],
        "NodePool": node["NodePool"],
        "NodeClass": node["NodeClass"],
        "Version": node["Attributes"]["nomad.version"],
        "Drain": node["DrainStrategy"] is not None,
        "SchedulingEligibility": node["SchedulingEligibility"],
        "Status": node["Status"],
        "StatusDescription": node["StatusDescription"],
        "Drivers": node["Drivers"],
        "HostVolumes": node["HostVolumes"],
        "LastDrain": node["LastDrain"],
        "CreateIndex": node["CreateIndex"],
        "ModifyIndex": node["ModifyIndex"],
    }
    if resources:
        stub["NodeResources"] = node["NodeResources"]
        stub["ReservedResources"] = node["ReservedResources"]
    return stub


def agent_self(version: str, region: str) -> dict[str, Any]:
    return {
        "config": {
            "Region": region,
            "Datacenter": "dc1",
            "NodeName": "server-1",
            "Version": {
                "Revision": "0123456789abcdef",
                "Version": version,
                "VersionPrerelease": "",
                "VersionMetadata": "",
                "BuildDate": "2026-11-01T00:00:00Z",
            },
            "ACL": {"Enabled": False, "ReplicationToken": ""},
        },
        "member": {"Name": "server-1.global", "Addr": "127.0.0.1", "Port": 4648, "Tags": {"region": region}},
        "stats": {"nomad": {"leader": "true"}},
    }


@dataclass
class FakeNomad:
    """The endpoints `catalog pull` reads, on a running :class:`HTTPServer`."""

    server: HTTPServer
    nodes: list[dict[str, Any]]
    version: str = "1.9.3"
    region: str = "global"
    pools: tuple[str, ...] = ("all", "default")
    tokens: dict[str, set[str]] | None = None
    """Token → capabilities; None means ACLs are off."""
    anonymous: set[str] = field(default_factory=set)
    default_per_page: int = 0
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)

    def install(self) -> FakeNomad:
        self.server.expect_request(re.compile(r"^/v1/.*")).respond_with_handler(self.handle)
        return self

    @property
    def address(self) -> str:
        scheme = "https" if self.server.ssl_context is not None else "http"
        return f"{scheme}://127.0.0.1:{self.server.port}"

    def handle(self, request: Request) -> Response:
        query = {k: request.args[k] for k in request.args}
        self.requests.append((request.path, query, dict(request.headers)))
        if query.get("region", self.region) != self.region:
            return _text(500, "No path to region")
        path = request.path
        if path == "/v1/agent/self":
            return self._json(request, "agent:read", agent_self(self.version, self.region))
        if path == "/v1/node/pools":
            allowed = self._caps(request)
            if isinstance(allowed, Response):
                return allowed
            pools = [p for p in self.pools if "node_pool:read" in allowed]
            data = [{"Name": p, "Description": "", "Meta": None, "CreateIndex": 1, "ModifyIndex": 1} for p in pools]
            return _ok(request, data)
        if path == "/v1/nodes":
            return self._list(request, query, self.nodes, "node:read")
        match = re.fullmatch(r"/v1/node/pool/([^/]+)/nodes", path)
        if match:
            pool = match.group(1)
            if pool not in self.pools:
                return _ok(request, [])
            members = [n for n in self.nodes if pool == "all" or n["NodePool"] == pool]
            return self._list(request, query, members, "node:read", "node_pool:read")
        match = re.fullmatch(r"/v1/node/([^/]+)", path)
        if match:
            found = [n for n in self.nodes if n["ID"] == match.group(1)]
            allowed = self._caps(request)
            if isinstance(allowed, Response):
                return allowed
            if "node:read" not in allowed:
                return _text(403, "Permission denied")
            if not found:
                return _text(404, "node not found")
            return _ok(request, found[0])
        return Response("", status=404)

    def _caps(self, request: Request) -> set[str] | Response:
        if self.tokens is None:
            return {"node:read", "node_pool:read", "agent:read"}
        token = request.headers.get("X-Nomad-Token")
        if token is None:
            return self.anonymous
        if token not in self.tokens:
            return _text(403, "ACL token not found")
        return self.tokens[token]

    def _json(self, request: Request, capability: str, data: Any) -> Response:
        allowed = self._caps(request)
        if isinstance(allowed, Response):
            return allowed
        if capability not in allowed:
            return _text(403, "Permission denied")
        return _ok(request, data)

    def _list(self, request: Request, query: dict[str, str], nodes: list[dict], *capabilities: str) -> Response:
        allowed = self._caps(request)
        if isinstance(allowed, Response):
            return allowed
        if not set(capabilities) <= allowed:
            return _text(403, "Permission denied")
        ordered = sorted(nodes, key=lambda n: n["ID"])
        start = query.get("next_token", "")
        ordered = [n for n in ordered if n["ID"] >= start]
        per_page = int(query.get("per_page", self.default_per_page) or 0)
        page, rest = (ordered[:per_page], ordered[per_page:]) if per_page else (ordered, [])
        resources = query.get("resources") == "true"
        response = _ok(request, [stub_of(n, resources) for n in page])
        if rest:
            response.headers["X-Nomad-NextToken"] = rest[0]["ID"]
        return response


def _headers(response: Response) -> Response:
    response.headers["X-Nomad-Index"] = "42"
    response.headers["X-Nomad-LastContact"] = "0"
    response.headers["X-Nomad-KnownLeader"] = "true"
    return response


def _ok(request: Request, data: Any) -> Response:
    body = json.dumps(data).encode()
    response = Response(content_type="application/json")
    # Nomad's HTTP server gzips answers for clients that accept it (command/agent/http.go, gziphandler).
    if "gzip" in request.headers.get("Accept-Encoding", "") and len(body) > 1400:
        body = gzip.compress(body, compresslevel=1)
        response.headers["Content-Encoding"] = "gzip"
    response.set_data(body)
    return _headers(response)


def _text(status: int, message: str) -> Response:
    return _headers(Response(message, status=status, content_type="text/plain"))


def start_server(ssl_context: Any = None) -> HTTPServer:
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=ssl_context, threaded=True)
    server.start()
    return server


def stop_server(server: HTTPServer) -> None:
    server.clear()
    if server.is_running():
        server.stop()


@dataclass
class Pull:
    code: int
    stdout: str
    stderr: str


def clean_environment(monkeypatch: Any) -> None:
    """No NOMAD_* or proxy variable of the machine running the tests reaches the command."""
    import os

    proxies = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "REQUEST_METHOD")
    for name in list(os.environ):
        if name.startswith("NOMAD_") or name in (*proxies, "SOURCE_DATE_EPOCH"):
            monkeypatch.delenv(name, raising=False)


def run(*args: str, env: dict[str, str] | None = None) -> Pull:
    """``jobspec ARGS`` in-process; an exception other than the exit is a failure of the test."""
    from typer.testing import CliRunner

    from jobspec.cli import app

    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Pull(result.exit_code, result.stdout, result.stderr)


def one_sentence(text: str) -> bool:
    """Exactly one line, the project's error prefix, no traceback."""
    lines = text.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("jobspec: error: ") and "Traceback" not in text


# Fixtures for the test modules that import them.


@pytest.fixture(autouse=True)
def nomad_env(monkeypatch: Any) -> None:
    """No NOMAD_* or proxy variable of the machine reaches the command; the server's
    request log stays out of the test output."""
    import logging

    clean_environment(monkeypatch)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)


@pytest.fixture(scope="module")
def running() -> Any:
    srv = start_server()
    yield srv
    stop_server(srv)


@pytest.fixture
def server(running: HTTPServer) -> Any:
    """One server for the module (stopping one takes half a second); each test installs its own API."""
    running.clear()
    yield running
    running.clear()
