"""``jobspec catalog pull``: a live cluster's node catalog, saved for offline use.

The requests are those the ``nomad`` CLI makes for the same facts:

- ``GET /v1/agent/self`` for the Nomad version and the agent's region
  (``command/agent/agent_endpoint.go:AgentSelfRequest``; it needs ``agent:read``,
  so a 403 leaves the version unknown rather than failing the pull);
- ``GET /v1/node/pools`` for the pools the token can read
  (``nomad/node_pool_endpoint.go:NodePool.List``, filtered by ``node_pool:read``);
- ``GET /v1/nodes?resources=true`` page by page (``per_page``, ``next_token``,
  the ``X-Nomad-NextToken`` header; ``nomad/node_endpoint.go:Node.List``), or
  ``GET /v1/node/pool/:name/nodes`` for ``--node-pool``
  (``NodePool.ListNodes``, which needs ``node:read`` and ``node_pool:read``);
- ``GET /v1/node/:id`` once per node, for what the list stub lacks
  (``structs.Node.Stub`` drops ``Meta``, ``Attributes``, ``HostNetworks``). It is
  per node, not per shape: attributes such as ``unique.hostname`` and each node's
  meta differ between nodes of one shape, and constraints read them.

Node details are fetched by a bounded pool of threads while the next page is
being listed. The nodes are read by the same code as node JSON files
(:func:`jobspec.catalog.nodes.load_node_json`), so a pulled catalog and the same
nodes given as JSON files give the same verdicts.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from jobspec.catalog.errors import PullError
from jobspec.catalog.nodes import load_node_json
from jobspec.catalog.nomad_api import Client, Response, decode_json, status_error
from jobspec.catalog.saved import catalog_to_json
from jobspec.diagnostics import Finding
from jobspec.model.catalog import Catalog
from jobspec.placement import index_for

PER_PAGE = 100
WORKERS = 8


@dataclass(frozen=True)
class PullOptions:
    node_pool: str | None = None
    filter: str | None = None
    per_page: int = PER_PAGE
    workers: int = WORKERS


@dataclass
class Pulled:
    document: dict[str, Any]
    """The saved catalog (schemas/catalog.schema.json) with its ``pulled`` provenance."""
    catalog: Catalog
    problems: list[tuple[str, Finding]] = field(default_factory=list)
    """(node URL, problem) for what the node reader found wrong in a node's JSON."""
    gone: int = 0
    """Nodes listed, then removed (garbage-collected) before their details were read."""


Progress = Callable[[int, int], None]
"""Called with (nodes read, nodes listed so far) as details arrive."""


def pull(client: Client, options: PullOptions, progress: Progress | None = None) -> Pulled:
    try:
        version, agent_region = _agent(client)
        pools = _pools(client)
        if options.node_pool is not None and pools is None:
            raise PullError(
                f"Nomad at {client.target.shown} has no node pools (they came with Nomad 1.6), so --node-pool "
                "cannot select any; --filter selects nodes by other fields"
            )
        if options.node_pool is not None and pools is not None and options.node_pool not in pools:
            known = ", ".join(f'"{p}"' for p in pools) or "none"
            raise PullError(
                f'node pool "{options.node_pool}" does not exist at {client.target.shown}, or the token cannot '
                f"read it (node_pool:read); the pools it can read: {known}"
            )
        details = _nodes(client, options, progress)
    finally:
        client.close()
    return _catalog(client, options, details, version, agent_region, pools)


def _get_json(client: Client, path: str, capability: str, params: dict[str, str] | None = None) -> tuple[Any, Response]:
    response = client.get(path, params)
    if response.status != 200:
        raise status_error(response, client, path, capability)
    return decode_json(response, client, path), response


def _agent(client: Client) -> tuple[str | None, str | None]:
    response = client.get("/v1/agent/self")
    if response.status in (401, 403):
        return None, None  # agent:read is not needed for the catalog: the version stays unknown
    if response.status != 200:
        raise status_error(response, client, "/v1/agent/self", "agent:read")
    data = decode_json(response, client, "/v1/agent/self")
    config = data.get("config") if isinstance(data, dict) else None
    if not isinstance(config, dict):
        return None, None
    info = config.get("Version")
    version = None
    if isinstance(info, dict) and isinstance(info.get("Version"), str):
        version = info["Version"]
        if isinstance(info.get("VersionPrerelease"), str) and info["VersionPrerelease"]:
            version += "-" + info["VersionPrerelease"]
    region = config.get("Region") if isinstance(config.get("Region"), str) else None
    return version, region


def _pages(
    client: Client, path: str, capability: str, params: dict[str, str], first: Response | None = None
) -> Iterator[list[Any]]:
    """Each page of a paginated list, following ``X-Nomad-NextToken`` until it is empty
    (``first`` is the answer for the first page when already asked)."""
    token = ""
    seen: set[str] = set()
    while True:
        query = dict(params)
        if token:
            query["next_token"] = token
        if first is not None:
            response, first = first, None
            if response.status != 200:
                raise status_error(response, client, path, capability)
            data = decode_json(response, client, path)
        else:
            data, response = _get_json(client, path, capability, query)
        if not isinstance(data, list):
            raise PullError(f"Nomad at {client.target.shown} answered GET {path} with {_kind(data)}, not a list")
        yield data
        token = response.headers.get("x-nomad-nexttoken", "")
        if not token:
            return
        if token in seen:
            raise PullError(f"Nomad at {client.target.shown} sent the page token {token!r} twice for GET {path}")
        seen.add(token)


def _kind(value: Any) -> str:
    return {dict: "an object", str: "a string", type(None): "null"}.get(type(value), "a " + type(value).__name__)


def _pools(client: Client) -> list[str] | None:
    """The pools the token can read; None for a Nomad older than 1.6, where
    ``/v1/node/pools`` is read as the node with ID "pools" (404 ``node not found``)."""
    probe = client.get("/v1/node/pools", {"per_page": str(PER_PAGE)})
    if probe.status == 404:
        return None
    names: list[str] = []
    for page in _pages(client, "/v1/node/pools", "node_pool:read", {"per_page": str(PER_PAGE)}, probe):
        names.extend(p["Name"] for p in page if isinstance(p, dict) and isinstance(p.get("Name"), str))
    return names


def _nodes(client: Client, options: PullOptions, progress: Progress | None) -> list[dict[str, Any] | None]:
    """Every node's detail object, in list order (None for a node removed meanwhile)."""
    if options.node_pool is None:
        path, capability = "/v1/nodes", "node:read"
    else:
        path, capability = f"/v1/node/pool/{quote(options.node_pool, safe='')}/nodes", "node:read and node_pool:read"
    params = {"resources": "true", "per_page": str(options.per_page)}
    if options.filter:
        params["filter"] = options.filter
    futures: list[Future[dict[str, Any] | None]] = []
    done = itertools.count(1)  # next() on it is atomic: callbacks run in the worker threads

    def fetched(_: Future) -> None:
        if progress is not None:
            progress(next(done), len(futures))

    executor = ThreadPoolExecutor(max_workers=options.workers, thread_name_prefix="jobspec-pull")
    try:
        for page in _pages(client, path, capability, params):
            for stub in page:
                if not isinstance(stub, dict) or not isinstance(stub.get("ID"), str) or not stub["ID"]:
                    raise PullError(f"Nomad at {client.target.shown} listed a node without an ID in GET {path}")
                future = executor.submit(_detail, client, stub)
                futures.append(future)
                future.add_done_callback(fetched)
            _raise_first_failure(futures)
        wait(futures, return_when=FIRST_EXCEPTION)
        _raise_first_failure(futures)
        return [f.result() for f in futures]
    except BaseException:
        client.close()  # the requests in flight end now, the queued ones never start
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _raise_first_failure(futures: list[Future]) -> None:
    for future in futures:
        if future.done() and not future.cancelled():
            error = future.exception()
            if error is not None:
                raise error


def _detail(client: Client, stub: dict[str, Any]) -> dict[str, Any] | None:
    path = "/v1/node/" + quote(stub["ID"], safe="")
    response = client.get(path)
    if response.status == 404 and response.body.strip() == b"node not found":
        return None  # garbage-collected since it was listed (nomad/node_endpoint.go:GetNode)
    if response.status != 200:
        raise status_error(response, client, path, "node:read")
    data = decode_json(response, client, path)
    if not isinstance(data, dict):
        raise PullError(f"Nomad at {client.target.shown} answered GET {path} with {_kind(data)}, not a node object")
    # The detail object is a superset of the stub; the stub's resources stand in
    # only where a node's detail lacks them.
    for key in ("NodeResources", "ReservedResources"):
        if data.get(key) is None and stub.get(key) is not None:
            data[key] = stub[key]
    return data


def _catalog(
    client: Client,
    options: PullOptions,
    details: list[dict[str, Any] | None],
    version: str | None,
    agent_region: str | None,
    pools: list[str] | None,
) -> Pulled:

    shown = client.target.shown
    # One name for every node, as for the nodes of one node JSON file: the CNI
    # networks a node reader states carry it, and nodes alike but for it must
    # share a shape (jobspec.placement.shapes).
    display = f"{shown}/v1/nodes"
    nodes = []
    problems: list[tuple[str, Finding]] = []
    for data in details:
        if data is None:
            continue
        # Skipped sentences of the node reader are left out: the loader states what
        # a pulled catalog cannot say, after merging class folders (jobspec.catalog.merge).
        result = load_node_json(json.dumps(data), display, data)
        nodes.extend(result.nodes)
        problems.extend((f"{shown}/v1/node/{data.get('ID')}", d) for d in result.diagnostics)
    catalog = Catalog(nodes=tuple(nodes), sources=(shown,))
    document = catalog_to_json(catalog)
    document["pulled"] = {
        "address": shown,
        "region": client.settings.region or agent_region,
        "namespace": client.settings.namespace,
        "node_pool": options.node_pool,
        "filter": options.filter or None,
        "time": _now(),
        "nomad_version": version,
        "node_pools": pools,
    }
    return Pulled(document, catalog, problems, sum(1 for d in details if d is None))


def _now() -> str:
    """UTC, to the second; ``SOURCE_DATE_EPOCH`` pins it for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.fromtimestamp(stamp, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def summary(pulled: Pulled, seconds: float, destination: str) -> str:
    """One line: nodes, shapes, datacenters, pools, where from and where to."""

    catalog = pulled.catalog
    provenance = pulled.document["pulled"]
    datacenters = sorted({n.datacenter for n in catalog.nodes})
    pools = sorted({n.node_pool for n in catalog.nodes})
    about = [f"Nomad {provenance['nomad_version']}" if provenance["nomad_version"] else "Nomad version unknown"]
    if provenance["region"]:
        about.append(f"region {provenance['region']}")
    line = (
        f"pulled {_count(len(catalog.nodes), 'node')} ({_count(len(index_for(catalog).shapes), 'shape')}, "
        f"{_count(len(datacenters), 'datacenter')}, {_count(len(pools), 'node pool')}) from {provenance['address']} "
        f"({', '.join(about)}) into {destination} in {seconds:.1f} s"
    )
    if pulled.gone:
        line += f"; {_count(pulled.gone, 'node')} left the cluster during the pull"
    cni = sum(1 for n in catalog.nodes if n.cni_networks)
    if cni:
        line += (
            f"; {_count(cni, 'node')} {'has' if cni == 1 else 'have'} CNI networks whose conflists the API does "
            "not show, so port forwarding into them is not verified (add their class folders with --catalog)"
        )
    return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render_document(document: dict[str, Any]) -> str:
    """Byte-stable JSON, as :func:`jobspec.catalog.saved.render` prints a catalog."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
