"""``jobspec catalog pull`` against a fake Nomad API on 127.0.0.1: what it asks,
what it writes, and that the catalog it writes gives the verdicts the same nodes
give as node JSON files."""

from __future__ import annotations

import base64
import json

import pytest
from jsonschema import Draft202012Validator

from jobspec.schemas import load_schema
from tests import nomad_server
from tests.nomad_server import FakeNomad, node_detail, run, stop_server

TOKEN = "6c1d9c1e-3f0b-4f9a-9d2e-secret-token"


# The fake API's fixtures (tests/nomad_server.py) for this module's tests.
nomad_env, running, server = nomad_server.nomad_env, nomad_server.running, nomad_server.server


def fleet() -> list[dict]:
    """Nodes that differ in every fact placement reads."""
    return [
        node_detail(0),
        node_detail(1, status="down"),
        node_detail(2, node_class="batch", cni=(), public=False),
        node_detail(3, datacenter="dc2", eligibility="ineligible"),
        node_detail(4, drain=True),
        node_detail(5, pool="gpu"),
        node_detail(6, reserved="22,443"),
        node_detail(7, cni=("mynet", "lan"), meta={"rack": "r7"}),
        # Alike but for name, ID and addresses: one shape with node 0.
        node_detail(8),
        node_detail(9),
    ]


def test_pull_follows_three_pages_and_writes_a_valid_catalog(server, tmp_path):
    fake = FakeNomad(server, [node_detail(i) for i in range(5)], pools=("all", "default")).install()
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out), "--per-page", "2")
    assert result.code == 0, result.stderr
    lists = [(path, query) for path, query, _ in fake.requests if path == "/v1/nodes"]
    assert [q.get("next_token") for _, q in lists] == [None, fake.nodes[2]["ID"], fake.nodes[4]["ID"]]
    assert all(q["resources"] == "true" and q["per_page"] == "2" for _, q in lists)
    details = sorted(path for path, _, _ in fake.requests if path.startswith("/v1/node/") and "pool" not in path)
    assert details == sorted(f"/v1/node/{n['ID']}" for n in fake.nodes)
    document = json.loads(out.read_text())
    assert list(Draft202012Validator(load_schema("catalog.schema.json")).iter_errors(document)) == []
    assert [n["name"] for n in document["nodes"]] == [f"client-{i}" for i in range(5)]
    pulled = document["pulled"]
    assert pulled["address"] == fake.address
    assert (pulled["region"], pulled["nomad_version"], pulled["node_pools"]) == ("global", "1.9.3", ["all", "default"])
    assert pulled["time"].endswith("Z")
    assert result.stdout.startswith("pulled 5 nodes (")
    assert f"1 datacenter, 1 node pool) from {fake.address} (Nomad 1.9.3, region global) into {out}" in (result.stdout)
    assert result.stdout.count("\n") == 1


def test_node_facts_from_the_detail_reach_the_catalog(server, tmp_path):
    fake = FakeNomad(server, [node_detail(7, cni=("mynet",), meta={"rack": "r7"}, reserved="22,80")]).install()
    out = tmp_path / "cat.json"
    assert run("catalog", "pull", "--address", fake.address, "-o", str(out)).code == 0
    (node,) = json.loads(out.read_text())["nodes"]
    assert node["meta"]["rack"] == "r7"
    assert node["attributes"]["unique.hostname"] == "client-7"
    assert node["cni_plugins"]["portmap"] == "v1.6.2"
    assert node["host_networks"]["public"] == [{"address": "198.51.0.8", "reserved_ports": "9000"}]
    assert node["reserved_ports"] == "22,80"
    assert node["network_modes"] == ["bridge", "cni/mynet", "host"]
    assert node["cni_networks"]["mynet"]["port_mappings"] is None


def test_the_catalog_goes_to_standard_output_without_output(server):
    fake = FakeNomad(server, [node_detail(0), node_detail(1)]).install()
    result = run("catalog", "pull", "--address", fake.address)
    assert result.code == 0
    assert [n["name"] for n in json.loads(result.stdout)["nodes"]] == ["client-0", "client-1"]
    assert "pulled 2 nodes" in result.stderr and "into standard output" in result.stderr


def test_source_date_epoch_pins_the_time_so_two_pulls_are_identical(server, tmp_path):
    fake = FakeNomad(server, fleet()).install()
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = run("catalog", "pull", "--address", fake.address, env=env).stdout
    second = run("catalog", "pull", "--address", fake.address, "--per-page", "3", env=env).stdout
    assert first == second
    assert json.loads(first)["pulled"]["time"] == "2023-11-14T22:13:20Z"


JOBS = {
    "ingress.nomad": """
        job "ingress" {
          datacenters = ["dc1"]
          group "ingress" {
            count = 3
            network {
              mode = "bridge"
              port "https" {
                static       = 443
                host_network = "public"
              }
            }
            task "proxy" {
              driver = "docker"
              config { image = "proxy:1" }
            }
          }
        }
    """,
    "cni.nomad": """
        job "cni" {
          datacenters = ["dc*"]
          group "app" {
            count = 2
            network {
              mode = "cni/lan"
              port "http" { to = 8080 }
            }
            task "app" {
              driver = "docker"
              config { image = "app:1" }
            }
          }
        }
    """,
    "private.nomad": """
        job "private" {
          datacenters = ["dc1"]
          group "db" {
            network {
              port "pg" {
                static       = 5432
                host_network = "private"
              }
            }
            task "pg" {
              driver = "docker"
              config { image = "postgres:16" }
            }
          }
        }
    """,
    "gpu.nomad": """
        job "gpu" {
          datacenters = ["dc1", "dc2"]
          node_pool   = "gpu"
          group "train" {
            count = 2
            network {
              port "metrics" { static = 9100 }
            }
            task "train" {
              driver = "docker"
              config { image = "train:1" }
            }
          }
        }
    """,
}


def _verdicts(plan_json: str) -> tuple:
    plan = json.loads(plan_json)
    found = [
        (d["rule"], d["severity"], d["message"], d["line"], d["column"], d["hint"])
        for d in plan["report"]["diagnostics"]
    ]
    return plan["groups"], found, plan["catalog"]["nodes"]


@pytest.mark.parametrize("job", sorted(JOBS))
def test_plan_gives_the_same_verdicts_from_a_pulled_catalog_as_from_node_json(server, tmp_path, job):
    import textwrap

    nodes = fleet()
    fake = FakeNomad(server, nodes).install()
    pulled = tmp_path / "pulled.json"
    assert run("catalog", "pull", "--address", fake.address, "-o", str(pulled), "--per-page", "3").code == 0
    as_json = tmp_path / "nodes.json"
    as_json.write_text(json.dumps(sorted(nodes, key=lambda n: n["ID"]), indent=2))
    job_file = tmp_path / job
    job_file.write_text(textwrap.dedent(JOBS[job]))
    from_pull = run("plan", str(job_file), "--catalog", str(pulled), "--format", "json")
    from_files = run("plan", str(job_file), "--catalog", str(as_json), "--format", "json")
    assert from_pull.code == from_files.code
    assert _verdicts(from_pull.stdout) == _verdicts(from_files.stdout)
    # Nodes 0, 8 and 9 differ only in name, ID and addresses: one shape.
    assert json.loads(from_pull.stdout)["catalog"]["shapes"] == len(nodes) - 2
    # Both say what they could not verify: conflist contents for the CNI nodes.
    skipped = json.loads(from_pull.stdout)["report"]["summary"]["skipped"]
    if job == "cni.nomad":
        assert any("does not show conflist contents" in s for s in skipped)


def test_the_verdicts_differ_when_the_cluster_differs(server, tmp_path):
    """The equivalence above is not vacuous: a cluster without public networks fails the ingress job."""
    import textwrap

    fake = FakeNomad(server, [node_detail(i, public=False) for i in range(3)]).install()
    pulled = tmp_path / "pulled.json"
    assert run("catalog", "pull", "--address", fake.address, "-o", str(pulled)).code == 0
    job_file = tmp_path / "ingress.nomad"
    job_file.write_text(textwrap.dedent(JOBS["ingress.nomad"]))
    result = run("plan", str(job_file), "--catalog", str(pulled), "--format", "json")
    assert result.code == 1
    assert json.loads(result.stdout)["groups"][0]["placeable"] is False


def test_environment_as_the_nomad_cli_and_flags_override_it(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0)], tokens={TOKEN: {"node:read", "node_pool:read", "agent:read"}}).install()
    env = {
        "NOMAD_ADDR": "http://127.0.0.1:1",  # overridden by --address
        "NOMAD_TOKEN": TOKEN,
        "NOMAD_REGION": "elsewhere",  # overridden by --region
        "NOMAD_NAMESPACE": "team-a",
        "NOMAD_HTTP_AUTH": "ops:hunter2",
    }
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "--region", "global", "-o", str(out), env=env)
    assert result.code == 0, result.stderr
    for path, query, headers in fake.requests:
        assert headers["X-Nomad-Token"] == TOKEN, path
        assert (query["region"], query["namespace"]) == ("global", "team-a")
        assert headers["Authorization"] == "Basic " + base64.b64encode(b"ops:hunter2").decode()
    written = out.read_text()
    for secret in (TOKEN, "hunter2"):
        assert secret not in written and secret not in result.stdout and secret not in result.stderr
    assert json.loads(written)["pulled"]["namespace"] == "team-a"


def test_nomad_addr_is_used_when_no_flag_is_given(server):
    fake = FakeNomad(server, [node_detail(0)]).install()
    result = run("catalog", "pull", env={"NOMAD_ADDR": fake.address, "NOMAD_REGION": "global"})
    assert result.code == 0, result.stderr
    assert fake.requests and all(q.get("region") == "global" for _, q, _ in fake.requests)


def test_a_password_in_the_address_is_sent_but_never_written(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0)]).install()
    address = fake.address.replace("http://", "http://ops:s3cr3t@")
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", address, "-o", str(out))
    assert result.code == 0, result.stderr
    assert fake.requests[0][2]["Authorization"] == "Basic " + base64.b64encode(b"ops:s3cr3t").decode()
    assert "s3cr3t" not in out.read_text() + result.stdout + result.stderr
    assert json.loads(out.read_text())["pulled"]["address"] == fake.address


def test_node_pool_reads_the_pool_endpoint_and_filter_is_passed_on(server, tmp_path):
    fake = FakeNomad(server, fleet(), pools=("all", "default", "gpu")).install()
    out = tmp_path / "cat.json"
    expression = 'Datacenter == "dc1"'
    result = run(
        "catalog", "pull", "--address", fake.address, "--node-pool", "gpu", "--filter", expression, "-o", str(out)
    )
    assert result.code == 0, result.stderr
    lists = [(p, q) for p, q, _ in fake.requests if p.endswith("/nodes")]
    assert lists == [("/v1/node/pool/gpu/nodes", {"resources": "true", "per_page": "100", "filter": expression})]
    document = json.loads(out.read_text())
    assert [n["node_pool"] for n in document["nodes"]] == ["gpu"]
    assert (document["pulled"]["node_pool"], document["pulled"]["filter"]) == ("gpu", expression)


def test_a_node_gone_between_list_and_detail_is_left_out_and_said(server, tmp_path):
    nodes = [node_detail(0), node_detail(1)]
    fake = FakeNomad(server, nodes).install()
    original = fake.handle

    def handle(request):
        if request.path == f"/v1/node/{nodes[1]['ID']}":
            from werkzeug import Response

            return Response("node not found", status=404, content_type="text/plain")
        return original(request)

    server.clear()
    server.expect_request(__import__("re").compile(r"^/v1/.*")).respond_with_handler(handle)
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out))
    assert result.code == 0, result.stderr
    assert [n["name"] for n in json.loads(out.read_text())["nodes"]] == ["client-0"]
    assert "1 node left the cluster during the pull" in result.stdout


def test_agent_self_forbidden_leaves_the_version_unknown(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0)], tokens={TOKEN: {"node:read", "node_pool:read"}}).install()
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out), env={"NOMAD_TOKEN": TOKEN})
    assert result.code == 0, result.stderr
    assert json.loads(out.read_text())["pulled"]["nomad_version"] is None
    assert "Nomad version unknown" in result.stdout


def test_a_unix_socket_address(tmp_path, monkeypatch):
    from pytest_httpserver import HTTPServer

    socket_path = tmp_path / "nomad.sock"
    srv = HTTPServer(host=f"unix://{socket_path}", port=0, threaded=True)
    srv.start()
    try:
        fake = FakeNomad(srv, [node_detail(0)]).install()
        result = run("catalog", "pull", env={"NOMAD_ADDR": f"unix://{socket_path}"})
        assert result.code == 0, result.stderr
        assert json.loads(result.stdout)["pulled"]["address"] == f"unix://{socket_path}"
        assert [p for p, _, _ in fake.requests][:2] == ["/v1/agent/self", "/v1/node/pools"]
    finally:
        stop_server(srv)


def test_catalog_show_says_what_a_pulled_catalog_cannot_tell(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0), node_detail(1, cni=())]).install()
    out = tmp_path / "cat.json"
    assert run("catalog", "pull", "--address", fake.address, "-o", str(out)).code == 0
    shown = run("catalog", "show", str(out))
    # catalog show wraps to the terminal's width, so compare the words, not the lines.
    words = " ".join(shown.stdout.split())
    assert "the Nomad API does not show conflist contents" in words
    assert "CNI networks on 1 pulled node forward" in words


LAN_WITHOUT_PORTMAP = """{
  "cniVersion": "1.0.0",
  "name": "lan",
  "plugins": [
    { "type": "macvlan", "master": "eth1", "mode": "bridge", "ipam": { "type": "dhcp" } }
  ]
}
"""
LAN_WITH_PORTMAP = """{
  "cniVersion": "1.0.0",
  "name": "lan",
  "plugins": [
    { "type": "macvlan", "master": "eth1", "mode": "bridge", "ipam": { "type": "dhcp" } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
"""


def _class_folder(root, name: str, node_class: str | None, conflist: str, count: int = 5):
    folder = root / name
    (folder / "cni").mkdir(parents=True)
    config = 'datacenter = "dc1"\nclient {\n  enabled = true\n'
    if node_class:
        config += f'  node_class = "{node_class}"\n'
    (folder / "client.hcl").write_text(config + "}\n")
    (folder / "class.json").write_text(json.dumps({"count": count}))
    (folder / "cni" / "20-lan.conflist").write_text(conflist)
    return folder


@pytest.fixture
def lan_cluster(server, tmp_path):
    """Three web nodes with cni/lan, one batch node without CNI; pulled to pulled.json."""
    nodes = [node_detail(i, cni=("lan",)) for i in range(3)] + [node_detail(3, node_class="batch", cni=())]
    fake = FakeNomad(server, nodes).install()
    pulled = tmp_path / "pulled.json"
    assert run("catalog", "pull", "--address", fake.address, "-o", str(pulled)).code == 0
    job = tmp_path / "cni.nomad"
    job.write_text(__import__("textwrap").dedent(JOBS["cni.nomad"]))
    return pulled, job


def _plan(job, *catalogs):
    args = ["plan", str(job), "--format", "json"]
    for path in catalogs:
        args += ["--catalog", str(path)]
    return json.loads(run(*args).stdout)


def test_alone_a_pulled_catalog_says_port_forwarding_is_not_verified(lan_cluster):
    pulled, job = lan_cluster
    plan = _plan(job, pulled)
    assert not [d for d in plan["report"]["diagnostics"] if d["rule"] == "catalog-cni-portmap"]
    assert any("CNI networks on 3 pulled nodes forward" in s for s in plan["report"]["summary"]["skipped"])


@pytest.mark.parametrize(("folder", "node_class"), [("web", None), ("web-class", "web")])
def test_a_class_folder_matched_by_class_gives_the_conflists(lan_cluster, tmp_path, folder, node_class):
    pulled, job = lan_cluster
    _class_folder(tmp_path / "classes", folder, node_class, LAN_WITHOUT_PORTMAP)
    plan = _plan(job, pulled, tmp_path / "classes")
    warned = [d for d in plan["report"]["diagnostics"] if d["rule"] == "catalog-cni-portmap"]
    assert len(warned) == 1 and "lan" in warned[0]["message"]
    assert not any("pulled node" in s for s in plan["report"]["summary"]["skipped"])
    # The folder stands for the pulled nodes: its count of 5 adds none.
    assert plan["catalog"]["nodes"] == 4


def test_with_portmap_in_the_class_conflist_there_is_no_warning(lan_cluster, tmp_path):
    pulled, job = lan_cluster
    _class_folder(tmp_path / "classes", "web", None, LAN_WITH_PORTMAP)
    plan = _plan(job, pulled, tmp_path / "classes")
    assert not [d for d in plan["report"]["diagnostics"] if d["rule"] == "catalog-cni-portmap"]
    assert not any("pulled node" in s for s in plan["report"]["summary"]["skipped"])
    assert plan["groups"][0]["placeable"] is True


def test_a_folder_named_after_one_node_describes_only_that_node(lan_cluster, tmp_path):
    pulled, job = lan_cluster
    _class_folder(tmp_path / "classes", "client-1", "other", LAN_WITH_PORTMAP)
    plan = _plan(job, pulled, tmp_path / "classes")
    assert plan["catalog"]["nodes"] == 4
    assert any("CNI networks on 2 pulled nodes forward" in s for s in plan["report"]["summary"]["skipped"])


def test_a_folder_that_matches_no_pulled_node_stays_a_class(lan_cluster, tmp_path):
    pulled, job = lan_cluster
    _class_folder(tmp_path / "classes", "edge", "edge", LAN_WITH_PORTMAP, count=2)
    plan = _plan(job, pulled, tmp_path / "classes")
    assert plan["catalog"]["nodes"] == 6
    assert any("CNI networks on 3 pulled nodes forward" in s for s in plan["report"]["summary"]["skipped"])


def test_progress_counts_every_node_as_its_details_arrive(server):
    from jobspec.catalog.nomad_api import Client, settings_from
    from jobspec.catalog.pull import PullOptions, pull

    fake = FakeNomad(server, [node_detail(i) for i in range(7)]).install()
    calls: list[tuple[int, int]] = []
    pulled = pull(
        Client(settings_from({}, {"address": fake.address})),
        PullOptions(per_page=3),
        lambda done, listed: calls.append((done, listed)),
    )
    assert len(pulled.catalog.nodes) == 7
    assert sorted(done for done, _ in calls) == list(range(1, 8))
    assert all(done <= listed <= 7 for done, listed in calls) and max(listed for _, listed in calls) == 7


def test_the_file_gets_the_usual_permissions_or_keeps_its_own(server, tmp_path):
    import os

    fake = FakeNomad(server, [node_detail(0)]).install()
    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_text("{}")
    kept.chmod(0o640)
    umask = os.umask(0o022)
    try:
        assert run("catalog", "pull", "--address", fake.address, "-o", str(fresh)).code == 0
        assert run("catalog", "pull", "--address", fake.address, "-o", str(kept)).code == 0
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644
    assert kept.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.json", "kept.json"]


def test_a_nomad_without_node_pools(server, tmp_path):
    """Before Nomad 1.6, /v1/node/pools is read as the node with ID "pools"."""
    from werkzeug import Response

    fake = FakeNomad(server, [node_detail(0)]).install()

    def handle(request):
        if request.path == "/v1/node/pools":
            return Response("node not found", status=404, content_type="text/plain")
        return fake.handle(request)

    server.clear()
    server.expect_request(__import__("re").compile(r"^/v1/.*")).respond_with_handler(handle)
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out))
    assert result.code == 0, result.stderr
    assert json.loads(out.read_text())["pulled"]["node_pools"] is None
    refused = run("catalog", "pull", "--address", fake.address, "--node-pool", "gpu")
    assert refused.code == 1 and "has no node pools (they came with Nomad 1.6)" in refused.stderr


def test_a_progress_bar_on_a_terminal(server, tmp_path):
    """Standard error on a terminal (a pseudo-terminal here) shows the bar; the file is the same."""
    import os
    import pty
    import subprocess
    import sys

    fake = FakeNomad(server, [node_detail(i) for i in range(30)]).install()
    out = tmp_path / "cat.json"
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOMAD_")}
    env.update(TERM="xterm", COLUMNS="100")
    done = subprocess.run(
        [sys.executable, "-m", "jobspec", "catalog", "pull", "--address", fake.address, "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
        timeout=60,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert done.returncode == 0
    assert b"reading nodes" in shown
    assert len(json.loads(out.read_text())["nodes"]) == 30
    assert done.stdout.decode().startswith("pulled 30 nodes")


def test_a_pulled_catalog_beside_class_folders_in_one_catalog_folder(lan_cluster, tmp_path):
    pulled, job = lan_cluster
    folder = tmp_path / "infra"
    _class_folder(folder, "web", None, LAN_WITHOUT_PORTMAP)
    (folder / "pulled.json").write_text(pulled.read_text())
    plan = _plan(job, folder)
    assert plan["catalog"]["nodes"] == 4
    assert len([d for d in plan["report"]["diagnostics"] if d["rule"] == "catalog-cni-portmap"]) == 1
