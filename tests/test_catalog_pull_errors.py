"""Every way a pull can fail: one sentence on standard error, the documented exit
code (1 the cluster, 2 usage), no traceback, and no file written."""

from __future__ import annotations

import json
import re
import socket
import threading
import time

import pytest
from werkzeug import Response

from tests import nomad_server
from tests.nomad_server import FakeNomad, node_detail, one_sentence, run

TOKEN = "0f5e2d6a-token-that-must-not-leak"
FAST = ("--timeout", "0.3", "--retries", "0")


# The fake API's fixtures (tests/nomad_server.py) for this module's tests.
nomad_env, running, server = nomad_server.nomad_env, nomad_server.running, nomad_server.server


def replace(server, fake: FakeNomad, path: str, answer) -> None:
    """Serve ``answer(request, attempt)`` for ``path`` (a regex) and the fake API elsewhere."""
    attempts: dict[str, int] = {}

    def handle(request):
        if re.fullmatch(path, request.path):
            attempts[request.path] = attempts.get(request.path, 0) + 1
            found = answer(request, attempts[request.path])
            if found is not None:
                fake.requests.append((request.path, dict(request.args), dict(request.headers)))
                return found
        return fake.handle(request)

    server.clear()
    server.expect_request(re.compile(r"^/.*")).respond_with_handler(handle)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_names_the_address(tmp_path):
    address = f"http://127.0.0.1:{free_port()}"
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", address, "-o", str(out), *FAST)
    assert result.code == 1
    assert one_sentence(result.stderr)
    assert f"cannot connect to Nomad at {address}: connection refused" in result.stderr
    assert not out.exists()


def test_connection_refused_is_retried_with_backoff(tmp_path):
    address = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    result = run("catalog", "pull", "--address", address, "--retries", "2", "--timeout", "0.3")
    assert result.code == 1 and one_sentence(result.stderr)
    assert time.monotonic() - started >= 0.2 + 0.4  # backoff 0.2 s, then 0.4 s


@pytest.mark.parametrize(
    ("caps", "path", "words"),
    [
        ({"node_pool:read"}, "/v1/nodes", "lacks the ACL capability node:read"),
        ({"node:read"}, "/v1/node/pool/gpu/nodes", "lacks the ACL capability node:read and node_pool:read"),
    ],
)
def test_forbidden_names_the_missing_capability(server, tmp_path, caps, path, words):
    fake = FakeNomad(server, [node_detail(0, pool="gpu")], pools=("all", "default", "gpu"), tokens={TOKEN: caps})
    fake.install()
    if path != "/v1/nodes":
        # A token that may list the pool but not its nodes.
        fake.tokens = None
        replace(server, fake, path, lambda request, n: Response("Permission denied", status=403))
    args = ["catalog", "pull", "--address", fake.address, "-o", str(tmp_path / "c.json"), *FAST]
    if path != "/v1/nodes":
        args += ["--node-pool", "gpu"]
    result = run(*args, env={"NOMAD_TOKEN": TOKEN})
    assert result.code == 1
    assert one_sentence(result.stderr)
    assert f"Permission denied for GET {path}: the ACL token in NOMAD_TOKEN {words}" in result.stderr
    assert TOKEN not in result.stderr + result.stdout
    assert not (tmp_path / "c.json").exists()


def test_an_unknown_token_is_said_so(server):
    fake = FakeNomad(server, [node_detail(0)], tokens={"other": {"node:read"}}).install()
    result = run("catalog", "pull", "--address", fake.address, *FAST, env={"NOMAD_TOKEN": TOKEN})
    assert result.code == 1 and one_sentence(result.stderr)
    assert "does not know the ACL token in NOMAD_TOKEN (ACL token not found)" in result.stderr
    assert TOKEN not in result.stderr


def test_anonymous_forbidden_says_the_token_is_unset(server):
    fake = FakeNomad(server, [node_detail(0)], tokens={}, anonymous={"node_pool:read"}).install()
    result = run("catalog", "pull", "--address", fake.address, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "an anonymous request (NOMAD_TOKEN is unset) lacks the ACL capability node:read" in result.stderr


def test_a_500_then_success_is_retried(server, tmp_path):
    fake = FakeNomad(server, [node_detail(i) for i in range(3)]).install()
    target = f"/v1/node/{fake.nodes[1]['ID']}"
    replace(server, fake, re.escape(target), lambda r, n: Response("No cluster leader", status=500) if n == 1 else None)
    out = tmp_path / "cat.json"
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out), "--retries", "2")
    assert result.code == 0, result.stderr
    assert [p for p, _, _ in fake.requests].count(target) == 2
    assert len(json.loads(out.read_text())["nodes"]) == 3


def test_a_500_that_stays_fails_after_the_retries_and_writes_nothing(server, tmp_path):
    fake = FakeNomad(server, [node_detail(i) for i in range(4)]).install()
    target = f"/v1/node/{fake.nodes[2]['ID']}"
    replace(server, fake, re.escape(target), lambda r, n: Response("rpc error: EOF", status=500))
    out = tmp_path / "cat.json"
    out.write_text("the previous catalog\n")
    result = run("catalog", "pull", "--address", fake.address, "-o", str(out), "--retries", "1")
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"answered 500 to GET {target} after 2 attempt(s): rpc error: EOF" in result.stderr
    assert out.read_text() == "the previous catalog\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat.json"]


def test_a_slow_server_hits_the_timeout(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0)]).install()

    def slow(request, attempt):
        time.sleep(0.5)
        return None

    replace(server, fake, "/v1/nodes", slow)
    started = time.monotonic()
    result = run("catalog", "pull", "--address", fake.address, "--timeout", "0.1", "--retries", "0")
    assert time.monotonic() - started < 0.45
    assert result.code == 1 and one_sentence(result.stderr)
    assert "did not answer GET /v1/nodes within 0.1 s" in result.stderr


class RawServer:
    """A bare TCP server on 127.0.0.1: ``answer(connection, request)`` handles each
    connection's first request, then the connection is closed."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.paths: list[bytes] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.address = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            request = connection.recv(65536)
            self.paths.append(request.split(b" ")[1].split(b"?")[0] if b" " in request else b"")
            self.answer(connection, request)
            connection.close()

    def close(self) -> None:
        self.listener.close()


def test_a_server_that_closes_the_connection(tmp_path):
    server = RawServer(lambda connection, request: None)
    try:
        result = run("catalog", "pull", "--address", server.address, "--retries", "1", "--timeout", "1")
    finally:
        server.close()
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"Nomad at {server.address} closed the connection during GET /v1/agent/self (2 attempt(s))" in (
        result.stderr
    )
    assert server.paths == [b"/v1/agent/self"] * 2


def test_malformed_json_is_not_a_traceback(server, tmp_path):
    fake = FakeNomad(server, [node_detail(0)]).install()
    replace(server, fake, "/v1/nodes", lambda r, n: Response('[{"ID": "abc",', content_type="application/json"))
    result = run("catalog", "pull", "--address", fake.address, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "answered GET /v1/nodes with a body that is not JSON (Expecting property name" in result.stderr


def test_a_list_that_is_not_a_list(server):
    fake = FakeNomad(server, [node_detail(0)]).install()
    replace(server, fake, "/v1/nodes", lambda r, n: Response('{"Nodes": []}', content_type="application/json"))
    result = run("catalog", "pull", "--address", fake.address, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "answered GET /v1/nodes with an object, not a list" in result.stderr


def test_404_says_wrong_address_or_path(server):
    server.expect_request(re.compile(".*")).respond_with_data("404 page not found", status=404)
    address = f"http://127.0.0.1:{server.port}"
    result = run("catalog", "pull", "--address", address, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "answered 404 Not Found to GET /v1/agent/self" in result.stderr
    assert "wrong address or API path" in result.stderr


def test_an_unknown_region(server):
    fake = FakeNomad(server, [node_detail(0)], region="global").install()
    started = time.monotonic()
    result = run("catalog", "pull", "--address", fake.address, "--region", "mars", "--retries", "3")
    assert time.monotonic() - started < 0.5  # not retried: it cannot mend
    assert result.code == 1 and one_sentence(result.stderr)
    assert "the region 'mars' does not exist in the cluster at" in result.stderr


def test_an_unknown_node_pool(server):
    fake = FakeNomad(server, [node_detail(0)], pools=("all", "default")).install()
    result = run("catalog", "pull", "--address", fake.address, "--node-pool", "gpu", *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert 'node pool "gpu" does not exist' in result.stderr and '"all", "default"' in result.stderr


def test_a_refused_filter_expression(server):
    fake = FakeNomad(server, [node_detail(0)]).install()
    message = "failed to read result page: error finding value in datum: /Nope at part 0: couldn't find key"
    replace(server, fake, "/v1/nodes", lambda r, n: Response(message, status=400))
    result = run("catalog", "pull", "--address", fake.address, "--filter", "Nope == 1", *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"refused GET /v1/nodes with 400: {message}" in result.stderr


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--address", "ftp://127.0.0.1:21"], {}, "is not an http://, https:// or unix:// URL"),
        (["--address", "http://127.0.0.1:99999"], {}, "has an invalid port"),
        ([], {"NOMAD_ADDR": "127.0.0.1:4646"}, "is not an http://, https:// or unix:// URL"),
        (["-o", "/nonexistent-folder/cat.json"], {}, "the folder /nonexistent-folder does not exist"),
        (["--ca-cert", "/nonexistent/ca.pem"], {"NOMAD_ADDR": "https://127.0.0.1:1"}, "--ca-cert names"),
        ([], {"NOMAD_ADDR": "https://127.0.0.1:1", "NOMAD_CLIENT_CERT": "c.pem"}, "NOMAD_CLIENT_CERT is set but"),
        (["--timeout", "0"], {}, "--timeout"),
    ],
)
def test_usage_errors_exit_2_before_any_request(args, env, words):
    result = run("catalog", "pull", *args, env=env)
    assert result.code == 2, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_password_in_a_bad_address_is_not_echoed():
    result = run("catalog", "pull", "--address", "ftp://ops:s3cr3t@127.0.0.1")
    assert result.code == 2 and one_sentence(result.stderr)
    assert "s3cr3t" not in result.stderr and "ops:***@" in result.stderr


def test_the_output_is_never_a_file_the_pull_reads(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("not a certificate")
    result = run("catalog", "pull", "--address", "https://127.0.0.1:1", "--ca-cert", str(ca), "-o", str(ca))
    assert result.code == 2 and one_sentence(result.stderr)
    assert "never writes a file it reads" in result.stderr
    assert ca.read_text() == "not a certificate"


def test_errors_through_the_console_entry_point_have_no_traceback(tmp_path):
    """The real executable, as a user runs it."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("NOMAD_")}
    env["NOMAD_ADDR"] = f"http://127.0.0.1:{free_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "jobspec", "catalog", "pull", "--retries", "0", "-o", str(tmp_path / "c.json")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert one_sentence(done.stderr), done.stderr
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_an_idle_keep_alive_connection_closed_by_the_server_is_reopened():
    """A server may close a kept-alive connection between two requests; that is not
    a failed request, even with --retries 0."""
    answers = {b"/v1/agent/self": b"{}", b"/v1/node/pools": b"[]", b"/v1/nodes": b"[]"}

    def answer(connection, request):
        body = answers.get(request.split(b" ")[1].split(b"?")[0], b"[]")
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        connection.sendall(head + body)
        time.sleep(0.05)  # then closed, without "Connection: close": the client believes it may reuse it

    server = RawServer(answer)
    try:
        result = run("catalog", "pull", "--address", server.address, "--retries", "0", "--timeout", "2")
    finally:
        server.close()
    assert result.code == 0, result.stderr
    assert server.paths == [b"/v1/agent/self", b"/v1/node/pools", b"/v1/nodes"]


def test_a_failure_part_way_does_not_wait_for_the_requests_in_flight(server, tmp_path):
    fake = FakeNomad(server, [node_detail(i) for i in range(6)]).install()
    failing = f"/v1/node/{fake.nodes[0]['ID']}"

    def answer(request, attempt):
        if request.path == failing:
            time.sleep(0.2)  # the others are in flight by now
            return Response("Permission denied", status=403)
        time.sleep(3)
        return None

    replace(server, fake, r"/v1/node/[0-9a-f-]{36}", answer)
    started = time.monotonic()
    result = run("catalog", "pull", "--address", fake.address, "--timeout", "10", "-o", str(tmp_path / "c.json"))
    assert time.monotonic() - started < 2
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"Permission denied for GET {failing}" in result.stderr
    assert not (tmp_path / "c.json").exists()
