"""``catalog pull`` through an HTTP proxy, chosen by the environment as Go's
``httpproxy.FromEnvironment`` chooses it for the nomad CLI. The "cluster" is
named ``nomad.test``, which only the proxy on 127.0.0.1 knows: nothing is
resolved or reached outside loopback."""

from __future__ import annotations

import json
import select
import socket
import ssl
import threading

import pytest
import trustme

from jobspec.catalog.errors import PullError
from jobspec.catalog.proxy import proxy_for
from tests import nomad_server
from tests.nomad_server import FakeNomad, node_detail, one_sentence, run, start_server, stop_server

FAST = ("--timeout", "2", "--retries", "0")


# The fake API's fixtures (tests/nomad_server.py) for this module's tests.
nomad_env, running = nomad_server.nomad_env, nomad_server.running


@pytest.mark.parametrize(
    ("host", "port", "no_proxy", "proxied"),
    [
        ("nomad.example", 4646, "", True),
        ("localhost", 4646, "", False),
        ("127.0.0.1", 4646, "", False),
        ("::1", 4646, "", False),
        ("nomad.example", 4646, "*", False),
        ("nomad.example", 4646, "example", False),
        ("nomad.example", 4646, "ample", True),
        ("nomad.example", 4646, "nomad.example", False),
        ("a.nomad.example", 4646, "nomad.example", False),
        ("nomad.example", 4646, ".nomad.example", True),
        ("a.nomad.example", 4646, ".nomad.example", False),
        ("a.nomad.example", 4646, "*.nomad.example", False),
        ("nomad.example", 4646, "*.nomad.example", True),
        ("nomad.example", 4646, "nomad.example:4647", True),
        ("nomad.example", 4646, "nomad.example:4646", False),
        ("10.1.2.3", 4646, "10.0.0.0/8", False),
        ("11.1.2.3", 4646, "10.0.0.0/8", True),
        ("10.1.2.3", 4646, "10.1.2.3:4646", False),
        ("10.1.2.3", 4646, "10.1.2.3:80", True),
        ("NOMAD.example", 4646, " Other.example , NOMAD.EXAMPLE ", False),
    ],
)
def test_which_hosts_go_through_the_proxy_as_in_go(host, port, no_proxy, proxied):
    env = {"HTTPS_PROXY": "proxy.internal:3128", "NO_PROXY": no_proxy}
    found = proxy_for("https", host, port, env)
    assert (found is not None) is proxied
    if found is not None:
        assert (found.host, found.port) == ("proxy.internal", 3128)


def test_the_scheme_picks_the_variable_and_lower_case_is_read_too():
    env = {"http_proxy": "http://p1:8080", "HTTPS_PROXY": "http://p2:8080"}
    assert proxy_for("http", "nomad.example", 4646, env).host == "p1"
    assert proxy_for("https", "nomad.example", 4646, env).host == "p2"
    assert proxy_for("https", "nomad.example", 4646, {"HTTP_PROXY": "http://p1:8080"}) is None


def test_cgi_refuses_http_proxy_and_other_schemes_are_usage_errors():
    with pytest.raises(PullError, match="CGI"):
        proxy_for("http", "nomad.example", 4646, {"HTTP_PROXY": "http://p:1", "REQUEST_METHOD": "GET"})
    with pytest.raises(PullError, match="socks5:// proxy") as caught:
        proxy_for("https", "nomad.example", 4646, {"HTTPS_PROXY": "socks5://p:1080"})
    assert caught.value.exit_code == 2


def test_proxy_credentials_become_proxy_authorization_and_stay_out_of_messages():
    found = proxy_for("https", "nomad.example", 4646, {"HTTPS_PROXY": "http://ops:pw%21@p:3128"})
    assert found.authorization == "Basic b3BzOnB3IQ=="  # ops:pw!
    assert "pw" not in found.shown and "pw" not in repr(found)


def test_plain_http_through_a_proxy(running, tmp_path):
    running.clear()
    fake = FakeNomad(running, [node_detail(0), node_detail(1)]).install()
    out = tmp_path / "cat.json"
    env = {"NOMAD_ADDR": "http://nomad.test:4646", "HTTP_PROXY": f"127.0.0.1:{running.port}"}
    result = run("catalog", "pull", "-o", str(out), *FAST, env=env)
    assert result.code == 0, result.stderr
    assert {headers["Host"] for _, _, headers in fake.requests} == {"nomad.test:4646"}
    assert json.loads(out.read_text())["pulled"]["address"] == "http://nomad.test:4646"


def test_a_loopback_address_never_uses_the_proxy(running):
    running.clear()
    fake = FakeNomad(running, [node_detail(0)]).install()
    result = run("catalog", "pull", *FAST, env={"NOMAD_ADDR": fake.address, "HTTP_PROXY": "http://127.0.0.1:1"})
    assert result.code == 0, result.stderr


def test_a_proxy_that_refuses_connections_is_named():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"NOMAD_ADDR": "http://nomad.test:4646", "HTTP_PROXY": f"http://127.0.0.1:{port}"}
    result = run("catalog", "pull", *FAST, env=env)
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"cannot connect to the proxy http://127.0.0.1:{port} (HTTP_PROXY) on the way to Nomad at" in result.stderr


class ConnectProxy:
    """A CONNECT proxy on 127.0.0.1 that sends every tunnel to one local port,
    or answers ``refuse`` (a status line) instead."""

    def __init__(self, upstream: int, refuse: str | None = None) -> None:
        self.upstream, self.refuse = upstream, refuse
        self.requests: list[bytes] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                client.close()
                return
            head += chunk
        self.requests.append(head)
        if self.refuse:
            client.sendall(f"HTTP/1.1 {self.refuse}\r\nContent-Length: 0\r\n\r\n".encode())
            client.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.upstream))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        sockets = [client, upstream]
        try:
            while True:
                ready, _, _ = select.select(sockets, [], [], 5)
                if not ready:
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    ca = trustme.CA()
    folder = tmp_path_factory.mktemp("proxy-tls")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("nomad.test").configure_cert(context)
    server = start_server(context)
    yield server, folder / "ca.pem"
    stop_server(server)


def test_https_through_a_connect_tunnel_checks_the_cluster_certificate(tls_server):
    server, ca = tls_server
    server.clear()
    fake = FakeNomad(server, [node_detail(0)]).install()
    proxy = ConnectProxy(server.port)
    env = {
        "NOMAD_ADDR": "https://nomad.test:4646",
        "NOMAD_CACERT": str(ca),
        "HTTPS_PROXY": f"http://ops:pw@127.0.0.1:{proxy.port}",
    }
    try:
        result = run("catalog", "pull", *FAST, env=env)
    finally:
        proxy.close()
    assert result.code == 0, result.stderr
    assert proxy.requests[0].startswith(b"CONNECT nomad.test:4646 HTTP/1.")
    assert b"Proxy-Authorization: Basic b3BzOnB3" in proxy.requests[0]
    assert fake.requests and "Proxy-Authorization" not in fake.requests[0][2]
    assert "pw" not in result.stderr


def test_a_tunnel_the_proxy_refuses(tls_server):
    server, ca = tls_server
    proxy = ConnectProxy(server.port, refuse="407 Proxy Authentication Required")
    env = {"NOMAD_ADDR": "https://nomad.test:4646", "NOMAD_CACERT": str(ca), "HTTPS_PROXY": f"127.0.0.1:{proxy.port}"}
    try:
        result = run("catalog", "pull", *FAST, env=env)
    finally:
        proxy.close()
    assert result.code == 1 and one_sentence(result.stderr)
    assert "would not open a tunnel to https://nomad.test:4646: 407 Proxy Authentication Required" in result.stderr
