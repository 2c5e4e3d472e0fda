"""``catalog pull`` over TLS and mutual TLS (trustme certificates, a server on
127.0.0.1), configured as the nomad CLI is (``api.ConfigureTLS``): verified
unless told otherwise, the name checked is the host or ``NOMAD_TLS_SERVER_NAME``,
errors name the file and the name."""

from __future__ import annotations

import json
import ssl

import pytest
import trustme

from jobspec.catalog.nomad_api import settings_from
from tests import nomad_server
from tests.nomad_server import FakeNomad, node_detail, one_sentence, run, start_server, stop_server

FAST = ("--timeout", "2", "--retries", "0")


# The fake API's fixtures (tests/nomad_server.py) for this module's tests.
nomad_env = nomad_server.nomad_env


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def files(ca, tmp_path_factory):
    """The CA, a client certificate it signed, and a second CA that signed nothing here."""
    folder = tmp_path_factory.mktemp("tls")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    client = ca.issue_cert("cli.global.nomad")
    client.cert_chain_pems[0].write_to_path(str(folder / "cli.pem"))
    client.private_key_pem.write_to_path(str(folder / "cli-key.pem"))
    trustme.CA().cert_pem.write_to_path(str(folder / "other-ca.pem"))
    return folder


def _server(ca: trustme.CA, names: tuple[str, ...], client_auth: bool):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    if client_auth:
        ca.configure_trust(context)
        context.verify_mode = ssl.CERT_REQUIRED
    server = start_server(context)
    return server, FakeNomad(server, [node_detail(0), node_detail(1)]).install()


@pytest.fixture(scope="module")
def tls(ca):
    """Nomad's server certificates name ``server.<region>.nomad``; this one also 127.0.0.1."""
    server, fake = _server(ca, ("server.global.nomad", "127.0.0.1"), client_auth=False)
    yield fake
    stop_server(server)


@pytest.fixture(scope="module")
def tls_by_name(ca):
    server, fake = _server(ca, ("server.global.nomad",), client_auth=False)
    yield fake
    stop_server(server)


@pytest.fixture(scope="module")
def mutual(ca):
    server, fake = _server(ca, ("127.0.0.1",), client_auth=True)
    yield fake
    stop_server(server)


def test_verified_with_the_ca_from_the_environment(tls, files):
    result = run("catalog", "pull", *FAST, env={"NOMAD_ADDR": tls.address, "NOMAD_CACERT": str(files / "ca.pem")})
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["pulled"]["address"] == tls.address


def test_ca_path_holds_the_ca(tls, files, tmp_path):
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to name the CA folder's hash link")
    folder = tmp_path / "cas"
    folder.mkdir()
    (folder / "ca.pem").write_bytes((files / "ca.pem").read_bytes())
    # OpenSSL finds CAs in a folder by subject hash links, as `c_rehash` makes them.
    subject = subprocess.run(
        ["openssl", "x509", "-hash", "-noout", "-in", str(folder / "ca.pem")], capture_output=True, text=True
    )
    assert subject.returncode == 0, subject.stderr
    (folder / f"{subject.stdout.strip()}.0").symlink_to(folder / "ca.pem")
    result = run("catalog", "pull", "--address", tls.address, "--ca-path", str(folder), *FAST)
    assert result.code == 0, result.stderr


def test_not_trusted_without_the_ca(tls):
    result = run("catalog", "pull", "--address", tls.address, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"TLS: the certificate of {tls.address} (checked for the name '127.0.0.1') is not trusted by" in (
        result.stderr
    )
    assert "the system's CA certificates" in result.stderr


def test_not_trusted_by_another_ca_names_the_file(tls, files):
    other = str(files / "other-ca.pem")
    result = run("catalog", "pull", "--address", tls.address, "--ca-cert", other, *FAST)
    assert result.code == 1 and one_sentence(result.stderr)
    assert f"is not trusted by --ca-cert {other!r}" in result.stderr


def test_a_name_the_certificate_does_not_hold(tls_by_name, files):
    env = {"NOMAD_CACERT": str(files / "ca.pem")}
    result = run("catalog", "pull", "--address", tls_by_name.address, *FAST, env=env)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "is not valid for the name '127.0.0.1'" in result.stderr
    assert "NOMAD_TLS_SERVER_NAME" in result.stderr


def test_tls_server_name_checks_the_certificate_for_that_name(tls_by_name, files):
    env = {"NOMAD_CACERT": str(files / "ca.pem"), "NOMAD_TLS_SERVER_NAME": "server.global.nomad"}
    result = run("catalog", "pull", "--address", tls_by_name.address, *FAST, env=env)
    assert result.code == 0, result.stderr
    wrong = run(
        "catalog", "pull", "--address", tls_by_name.address, "--tls-server-name", "client.global.nomad", *FAST, env=env
    )
    assert wrong.code == 1 and "is not valid for the name 'client.global.nomad'" in wrong.stderr


def test_skip_verify_from_the_environment_and_the_flag_that_overrides_it(tls):
    result = run("catalog", "pull", "--address", tls.address, *FAST, env={"NOMAD_SKIP_VERIFY": "true"})
    assert result.code == 0, result.stderr
    verified = run("catalog", "pull", "--address", tls.address, "--tls-verify", *FAST, env={"NOMAD_SKIP_VERIFY": "1"})
    assert verified.code == 1 and "is not trusted" in verified.stderr


def test_mutual_tls_without_a_client_certificate(mutual, files):
    result = run("catalog", "pull", "--address", mutual.address, "--ca-cert", str(files / "ca.pem"), *FAST)
    assert result.code == 1 and one_sentence(result.stderr), result.stderr
    assert "require" in result.stderr and "client certificate" in result.stderr
    assert "NOMAD_CLIENT_CERT" in result.stderr


def test_mutual_tls_with_the_client_certificate(mutual, files):
    env = {
        "NOMAD_CACERT": str(files / "ca.pem"),
        "NOMAD_CLIENT_CERT": str(files / "cli.pem"),
        "NOMAD_CLIENT_KEY": str(files / "cli-key.pem"),
    }
    result = run("catalog", "pull", "--address", mutual.address, *FAST, env=env)
    assert result.code == 0, result.stderr
    assert len(json.loads(result.stdout)["nodes"]) == 2


def test_a_client_key_that_does_not_match(mutual, files, tmp_path):
    other = trustme.CA().issue_cert("x")
    other.private_key_pem.write_to_path(str(tmp_path / "wrong-key.pem"))
    args = ["--client-cert", str(files / "cli.pem"), "--client-key", str(tmp_path / "wrong-key.pem")]
    result = run("catalog", "pull", "--address", mutual.address, *args, *FAST)
    assert result.code == 2 and one_sentence(result.stderr)
    assert "do not load as a pair" in result.stderr and "wrong-key.pem" in result.stderr


def test_a_ca_file_that_is_no_certificate(tls, tmp_path):
    bad = tmp_path / "ca.pem"
    bad.write_text("hello\n")
    result = run("catalog", "pull", "--address", tls.address, *FAST, env={"NOMAD_CACERT": str(bad)})
    assert result.code == 2 and one_sentence(result.stderr)
    assert f"TLS: NOMAD_CACERT {str(bad)!r} holds no usable CA certificate" in result.stderr


def test_https_to_a_server_without_tls():
    server = start_server()
    try:
        fake = FakeNomad(server, [node_detail(0)]).install()
        result = run("catalog", "pull", "--address", fake.address.replace("http://", "https://"), *FAST)
    finally:
        stop_server(server)
    assert result.code == 1 and one_sentence(result.stderr)
    assert "does not speak TLS (use http://" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("T", True), ("false", False), ("0", False), ("yes", False), ("", False)],
)
def test_skip_verify_parses_as_go_parse_bool(value, expected):
    """strconv.ParseBool, as api.DefaultConfig uses it; a value it refuses is ignored."""
    assert settings_from({"NOMAD_SKIP_VERIFY": value}, {}).skip_verify is expected


def test_http_auth_without_a_colon_is_a_user_without_password():
    assert settings_from({"NOMAD_HTTP_AUTH": "ops"}, {}).http_auth == ("ops", "")
    assert settings_from({"NOMAD_HTTP_AUTH": "ops:a:b"}, {}).http_auth == ("ops", "a:b")


def test_the_token_is_not_in_the_settings_repr():
    settings = settings_from({"NOMAD_TOKEN": "s3cr3t", "NOMAD_HTTP_AUTH": "u:pw"}, {})
    assert settings.token == "s3cr3t"
    assert "s3cr3t" not in repr(settings) and "pw" not in repr(settings)
