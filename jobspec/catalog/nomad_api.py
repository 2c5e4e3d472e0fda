"""A small read-only client of Nomad's HTTP API, configured as the ``nomad`` CLI is.

Only ``jobspec catalog pull`` imports this module, so no other command pays for
``http.client`` and ``ssl``. The standard library is used rather than httpx: it
imports in a fraction of the time, speaks to a unix socket with a few lines, and
keeps one persistent connection per worker thread.

Where the settings come from follows Nomad's ``api/api.go``: ``DefaultConfig``
(the environment), ``ConfigureTLS`` (certificates, ``InsecureSkipVerify``,
``ServerName``), ``defaultUDSClient`` (``unix://``), ``request.toHTTP`` (basic
auth from the address or ``NOMAD_HTTP_AUTH``, ``X-Nomad-Token``, gzip) and
``parseQueryMeta`` (``X-Nomad-NextToken``). Error bodies are those of
``command/agent/http.go:HTTPServer.wrap``.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import http.client
import json
import os
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from jobspec.catalog.errors import EXIT_USAGE, PullError
from jobspec.catalog.proxy import proxy_for

if TYPE_CHECKING:
    from jobspec.catalog.proxy import Proxy

DEFAULT_ADDRESS = "http://127.0.0.1:4646"

# Go's strconv.ParseBool, which Nomad uses for NOMAD_SKIP_VERIFY (an unparsable value is ignored).
_GO_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_GO_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


@dataclass(frozen=True)
class Setting:
    """A value and where it came from (``--ca-cert`` or ``NOMAD_CACERT``), for messages."""

    value: str
    origin: str


@dataclass(frozen=True)
class Settings:
    address: str = DEFAULT_ADDRESS
    token: str | None = field(default=None, repr=False)
    region: str | None = None
    namespace: str | None = None
    ca_cert: Setting | None = None
    ca_path: Setting | None = None
    client_cert: Setting | None = None
    client_key: Setting | None = None
    tls_server_name: str | None = None
    skip_verify: bool = False
    http_auth: tuple[str, str] | None = field(default=None, repr=False)
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.2
    proxy: Proxy | None = None


def settings_from(env: Mapping[str, str], flags: Mapping[str, Any]) -> Settings:
    """The environment as ``api.DefaultConfig`` reads it, each flag given overriding it."""

    def pick(flag: str, variable: str) -> Setting | None:
        if flags.get(flag) not in (None, ""):
            return Setting(str(flags[flag]), "--" + flag.replace("_", "-"))
        if env.get(variable):
            return Setting(env[variable], variable)
        return None

    def text(flag: str, variable: str) -> str | None:
        found = pick(flag, variable)
        return found.value if found else None

    skip = flags.get("tls_skip_verify")
    if skip is None:
        raw = env.get("NOMAD_SKIP_VERIFY", "")
        skip = raw in _GO_TRUE if raw in _GO_TRUE | _GO_FALSE else False
    auth = None
    if env.get("NOMAD_HTTP_AUTH"):
        user, _, password = env["NOMAD_HTTP_AUTH"].partition(":")
        auth = (user, password)
    extra = {k: flags[k] for k in ("timeout", "retries", "backoff") if flags.get(k) is not None}
    address = text("address", "NOMAD_ADDR") or DEFAULT_ADDRESS
    target = parse_address(address)
    if target.socket_path is None:
        extra["proxy"] = proxy_for(target.scheme, target.host, target.port, env)
    return Settings(
        address=address,
        token=env.get("NOMAD_TOKEN") or None,
        region=text("region", "NOMAD_REGION"),
        namespace=text("namespace", "NOMAD_NAMESPACE"),
        ca_cert=pick("ca_cert", "NOMAD_CACERT"),
        ca_path=pick("ca_path", "NOMAD_CAPATH"),
        client_cert=pick("client_cert", "NOMAD_CLIENT_CERT"),
        client_key=pick("client_key", "NOMAD_CLIENT_KEY"),
        tls_server_name=text("tls_server_name", "NOMAD_TLS_SERVER_NAME"),
        skip_verify=bool(skip),
        http_auth=auth,
        **extra,
    )


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int | None
    socket_path: str | None
    shown: str
    """The address as printed and saved: the scheme, host and port, never a password."""
    basic_auth: tuple[str, str] | None = field(default=None, repr=False)


def parse_address(address: str) -> Target:
    """``http://``, ``https://`` or ``unix://`` as ``api.NewClient`` accepts them."""
    parts = urlsplit(address)
    if parts.scheme == "unix":
        path = unquote(parts.path)
        if not path:
            raise PullError(f"the address {address!r} names no socket: write unix:///path/to/socket", EXIT_USAGE)
        return Target("unix", "127.0.0.1", None, path, f"unix://{path}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PullError(
            f"the address {_without_secrets(address)!r} is not an http://, https:// or unix:// URL "
            f"(e.g. {DEFAULT_ADDRESS})",
            EXIT_USAGE,
        )
    try:
        port = parts.port
    except ValueError:
        raise PullError(f"the address {_without_secrets(address)!r} has an invalid port", EXIT_USAGE) from None
    auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
    host = parts.hostname
    netloc = f"[{host}]" if ":" in host else host
    shown = f"{parts.scheme}://{netloc}" + (f":{port}" if port else "")
    return Target(parts.scheme, host, port, None, shown, auth)


def _without_secrets(address: str) -> str:
    parts = urlsplit(address)
    if parts.password is None:
        return address
    return address.replace(f":{parts.password}@", ":***@", 1)


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a unix socket, as Nomad's ``defaultUDSClient`` dials it."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("127.0.0.1", timeout=timeout)
        self.socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS that checks the certificate for ``NOMAD_TLS_SERVER_NAME`` when set, as Go's
    ``tls.Config.ServerName`` does; http.client would check the host of the address."""

    def __init__(self, host: str, port: int | None, timeout: float, context: ssl.SSLContext, name: str) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.server_name = name
        self.tls_context = context

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self.tls_context.wrap_socket(self.sock, server_hostname=self.server_name)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """GET requests with retries, one keep-alive connection per thread."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.target = parse_address(settings.address)
        self._context = make_tls_context(settings) if self.target.scheme == "https" else None
        self._local = threading.local()
        self._opened: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._headers = {"Accept-Encoding": "gzip", "User-Agent": "jobspec"}
        auth = self.target.basic_auth or settings.http_auth
        if auth is not None:
            raw = f"{auth[0]}:{auth[1]}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(raw).decode("ascii")
        if settings.token:
            self._headers["X-Nomad-Token"] = settings.token
        # Through an http:// proxy a plain-HTTP request names the whole URL.
        self._prefix = ""
        if settings.proxy is not None and self.target.scheme == "http":
            self._prefix = self.target.shown
            if settings.proxy.authorization:
                self._headers["Proxy-Authorization"] = settings.proxy.authorization

    def close(self) -> None:
        """Close every thread's connection; a request still waiting for its answer
        ends at once, and no request starts after this."""
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, []
        for connection in opened:
            if connection.sock is not None:
                # close() alone does not wake a thread blocked reading the socket.
                with contextlib.suppress(OSError):
                    connection.sock.shutdown(socket.SHUT_RDWR)
            connection.close()
        self._local.connection = None

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def url(self, path: str, params: Mapping[str, str] | None = None) -> str:
        """``path`` with the query Nomad's client adds (region, namespace), for requests and messages."""
        query = dict(params or {})
        if self.settings.region:
            query["region"] = self.settings.region
        if self.settings.namespace:
            query["namespace"] = self.settings.namespace
        return path + ("?" + urlencode(sorted(query.items()), quote_via=quote) if query else "")

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Response:
        """The response to GET ``path``; 5xx answers and broken connections are retried with
        exponential backoff. Raises :class:`PullError` with one sentence when it gives up."""
        url = self.url(path, params)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            if self._closed:
                raise PullError("the pull was stopped")
            try:
                response = self._once(url)
            except (ConnectionError, TimeoutError, http.client.HTTPException, OSError) as exc:
                if isinstance(exc, ssl.SSLError) or last or not _retryable(exc):
                    raise self._connection_error(exc, path) from None
            else:
                if response.status < 500 or last or _no_region(response):
                    return response
            time.sleep(self.settings.backoff * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            target, timeout = self.target, self.settings.timeout
            proxy = self.settings.proxy
            host, port = (proxy.host, proxy.port) if proxy else (target.host, target.port)
            if target.socket_path is not None:
                connection = _UnixConnection(target.socket_path, timeout)
            elif target.scheme == "https":
                assert self._context is not None
                name = server_hostname(self.settings, target)
                connection = _TLSConnection(host, port, timeout, self._context, name)
                if proxy is not None:
                    # CONNECT through the proxy; TLS runs end to end inside the tunnel.
                    auth = {"Proxy-Authorization": proxy.authorization} if proxy.authorization else None
                    connection.set_tunnel(target.host, target.port or 443, headers=auth)
            else:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
            self._local.connection = connection
            with self._lock:
                if self._closed:
                    raise PullError("the pull was stopped")
                self._opened.append(connection)
        return connection

    def _once(self, url: str) -> Response:
        connection = self._connection()
        reused = connection.sock is not None
        try:
            connection.request("GET", self._prefix + url, headers=self._headers)
            raw = connection.getresponse()
            body = raw.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self._drop()
            if not reused:
                raise
            # The server closed a kept-alive connection while it was idle: that is
            # no failure of this request, so it goes once more on a new connection.
            return self._once(url)
        except BaseException:
            self._drop()
            raise
        headers = {k.lower(): v for k, v in raw.getheaders()}
        if raw.will_close:
            self._drop()
        if headers.get("content-encoding") == "gzip":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError) as exc:
                raise http.client.HTTPException(f"a gzip body that does not decompress ({exc})") from None
        return Response(raw.status, headers, body)

    def _connection_error(self, exc: BaseException, path: str) -> PullError:
        shown = self.target.shown
        proxy = self.settings.proxy
        if proxy is not None and isinstance(exc, OSError) and str(exc).startswith("Tunnel connection failed"):
            return PullError(f"the proxy {proxy.shown} would not open a tunnel to {shown}: {str(exc)[25:].strip()}")
        if proxy is not None and isinstance(exc, (ConnectionRefusedError, socket.gaierror)):
            what = "connection refused" if isinstance(exc, ConnectionRefusedError) else "its host name does not resolve"
            return PullError(f"cannot connect to the proxy {proxy.shown} on the way to Nomad at {shown}: {what}")
        if isinstance(exc, ssl.SSLCertVerificationError):
            return PullError(_verify_words(exc, self.settings, self.target))
        if isinstance(exc, ssl.SSLError):
            return PullError(_handshake_words(exc, self.settings, shown))
        if isinstance(exc, ConnectionRefusedError):
            return PullError(
                f"cannot connect to Nomad at {shown}: connection refused (is the agent running, "
                "and is --address or NOMAD_ADDR right?)"
            )
        if isinstance(exc, FileNotFoundError) and self.target.socket_path:
            return PullError(f"cannot connect to Nomad at {shown}: the socket does not exist")
        if isinstance(exc, socket.gaierror):
            return PullError(f"cannot connect to Nomad at {shown}: the host name {self.target.host!r} does not resolve")
        if isinstance(exc, TimeoutError):
            return PullError(
                f"Nomad at {shown} did not answer GET {path} within {self.settings.timeout:g} s "
                f"({self.settings.retries + 1} attempt(s); --timeout sets the limit)"
            )
        if isinstance(exc, (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead)):
            return PullError(
                f"Nomad at {shown} closed the connection during GET {path} ({self.settings.retries + 1} attempt(s))"
            )
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return PullError(f"cannot talk to Nomad at {shown} (GET {path}): {reason}")


def _retryable(exc: BaseException) -> bool:
    # Name resolution failing, or a missing socket file, will not mend in a second.
    return not isinstance(exc, (socket.gaierror, FileNotFoundError))


def _no_region(response: Response) -> bool:
    """Nomad's ``ErrNoRegionPath`` (nomad/structs/errors.go), sent as a 500: retrying cannot help."""
    return response.status == 500 and response.body.strip() == b"No path to region"


def make_tls_context(settings: Settings) -> ssl.SSLContext:
    """``api.ConfigureTLS``: CA file or folder (else the system's), client certificate and
    key (both or neither), server name, and verification unless told to skip it."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # as api.defaultClient
    for setting, kind in ((settings.ca_cert, "cafile"), (settings.ca_path, "capath")):
        if setting is None:
            continue
        if not os.path.exists(setting.value):
            raise PullError(f"TLS: {setting.origin} names {setting.value!r}, which does not exist", EXIT_USAGE)
        try:
            context.load_verify_locations(**{kind: setting.value})
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise PullError(
                f"TLS: {setting.origin} {setting.value!r} holds no usable CA certificate ({_ssl_reason(exc)})",
                EXIT_USAGE,
            ) from None
    cert, key = settings.client_cert, settings.client_key
    if (cert is None) != (key is None):
        given = cert or key
        assert given is not None
        raise PullError(
            f"TLS: {given.origin} is set but not its pair: both client cert and client key must be provided",
            EXIT_USAGE,
        )
    if cert is not None and key is not None:
        for setting in (cert, key):
            if not os.path.exists(setting.value):
                raise PullError(f"TLS: {setting.origin} names {setting.value!r}, which does not exist", EXIT_USAGE)
        try:
            context.load_cert_chain(cert.value, key.value)
        except (ssl.SSLError, OSError) as exc:
            raise PullError(
                f"TLS: the client certificate {cert.value!r} ({cert.origin}) and key {key.value!r} "
                f"({key.origin}) do not load as a pair ({_ssl_reason(exc)})",
                EXIT_USAGE,
            ) from None
    if settings.skip_verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def server_hostname(settings: Settings, target: Target) -> str:
    return settings.tls_server_name or target.host


def _ssl_reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)


def _trust_source(settings: Settings) -> str:
    named = [f"{s.origin} {s.value!r}" for s in (settings.ca_cert, settings.ca_path) if s is not None]
    return " and ".join(named) if named else "the system's CA certificates (set NOMAD_CACERT or --ca-cert)"


def _verify_words(exc: ssl.SSLCertVerificationError, settings: Settings, target: Target) -> str:
    name = server_hostname(settings, target)
    message = exc.verify_message or _ssl_reason(exc)
    if "hostname mismatch" in message.lower() or "ip address mismatch" in message.lower():
        return (
            f"TLS: the certificate of {target.shown} is not valid for the name {name!r} "
            "(--tls-server-name or NOMAD_TLS_SERVER_NAME sets the name to check, e.g. server.global.nomad)"
        )
    return (
        f"TLS: the certificate of {target.shown} (checked for the name {name!r}) is not trusted by "
        f"{_trust_source(settings)}: {message}"
    )


def _handshake_words(exc: ssl.SSLError, settings: Settings, shown: str) -> str:
    reason = _ssl_reason(exc)
    lowered = reason.lower().replace("_", " ")  # OpenSSL names alerts both ways
    if "wrong version number" in lowered or "record layer" in lowered:
        return f"TLS: {shown} does not speak TLS (use http:// for a Nomad agent without TLS)"
    if "certificate required" in lowered or "bad certificate" in lowered or "unknown ca" in lowered:
        cert = settings.client_cert
        if cert is None:
            return (
                f"TLS: Nomad at {shown} requires a client certificate "
                "(set --client-cert and --client-key, or NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY)"
            )
        return f"TLS: Nomad at {shown} refused the client certificate {cert.value!r} ({cert.origin}): {reason}"
    if (isinstance(exc, ssl.SSLEOFError) or "eof occurred" in lowered) and settings.client_cert is None:
        # TLS 1.3 sends the server's refusal after the client's handshake: the alert
        # may be lost when the server closes first.
        return (
            f"TLS: Nomad at {shown} closed the connection during TLS, as a server that requires a client "
            "certificate does (set --client-cert and --client-key, or NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY)"
        )
    return f"TLS: the handshake with {shown} failed: {reason}"


def decode_json(response: Response, client: Client, path: str) -> Any:
    """The JSON body, or a :class:`PullError` saying the answer is not JSON."""
    try:
        return json.loads(response.body)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else type(exc).__name__
        where = f" at byte {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise PullError(
            f"Nomad at {client.target.shown} answered GET {path} with a body that is not JSON "
            f"({reason}{where}): is this a Nomad agent?"
        ) from None


def status_error(response: Response, client: Client, path: str, capability: str) -> PullError:
    """One sentence for a response that is not 200, in the terms of ``HTTPServer.wrap``."""
    shown = client.target.shown
    body = response.body.decode("utf-8", "replace").strip()
    first = body.splitlines()[0][:200] if body else ""
    if response.status == 403:
        if first == "ACL token not found":
            return PullError(f"Nomad at {shown} does not know the ACL token in NOMAD_TOKEN (ACL token not found)")
        who = "the ACL token in NOMAD_TOKEN" if client.settings.token else "an anonymous request (NOMAD_TOKEN is unset)"
        return PullError(f"Permission denied for GET {path}: {who} lacks the ACL capability {capability} on {shown}")
    if _no_region(response):
        return PullError(
            f"the region {client.settings.region!r} does not exist in the cluster at {shown} (No path to region)"
        )
    if response.status == 404:
        return PullError(
            f"Nomad at {shown} answered 404 Not Found to GET {path}: is {shown} a Nomad agent's HTTP address "
            "(wrong address or API path)?"
        )
    if response.status == 400 and "HTTP request to an HTTPS server" in body:
        return PullError(f"{shown} expects TLS: use https:// in --address or NOMAD_ADDR")
    if response.status == 401:
        return PullError(f"{shown} asks for HTTP authentication (NOMAD_HTTP_AUTH=user:password): 401 {first}")
    if response.status >= 500:
        attempts = client.settings.retries + 1
        return PullError(
            f"Nomad at {shown} answered {response.status} to GET {path} after {attempts} attempt(s): {first}"
        )
    return PullError(f"Nomad at {shown} refused GET {path} with {response.status}: {first}")
