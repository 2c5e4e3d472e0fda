"""Which HTTP proxy, if any, a request to Nomad goes through: the rules of Go's
``golang.org/x/net/http/httpproxy`` (``FromEnvironment``, ``useProxy``, the
``NO_PROXY`` matchers), which the ``nomad`` CLI follows through go-cleanhttp's
``http.ProxyFromEnvironment``.

- ``HTTPS_PROXY`` for ``https://`` addresses, ``HTTP_PROXY`` for ``http://``
  (upper case first, then lower case); a value without a known scheme is read
  as ``http://`` + value.
- ``localhost`` and loopback IPs never go through a proxy.
- ``NO_PROXY``: ``*`` for every host; a CIDR; an IP, with or without a port; a
  domain (itself and its subdomains), ``.domain`` or ``*.domain`` (subdomains
  only), with or without a port.
- ``HTTP_PROXY`` is refused when ``REQUEST_METHOD`` is set (a CGI environment).
"""

from __future__ import annotations

import base64
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from jobspec.catalog.errors import EXIT_USAGE, PullError

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    shown: str
    """The proxy as messages name it, without a password, and the variable it came from."""
    authorization: str | None = field(default=None, repr=False)
    """``Proxy-Authorization`` from the proxy URL's user and password."""


def proxy_for(scheme: str, host: str, port: int | None, env: Mapping[str, str]) -> Proxy | None:
    names = ("HTTPS_PROXY", "https_proxy") if scheme == "https" else ("HTTP_PROXY", "http_proxy")
    variable = next((n for n in names if env.get(n)), None)
    if variable is None:
        return None
    if scheme == "http" and env.get("REQUEST_METHOD"):
        raise PullError(f"{variable} is not used in a CGI environment (REQUEST_METHOD is set), as Go refuses it")
    if not _use_proxy(host.lower(), str(port or _DEFAULT_PORTS[scheme]), _no_proxy(env)):
        return None
    return _parse(env[variable], variable)


def _parse(value: str, variable: str) -> Proxy:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https", "socks5"):
        parts = urlsplit("http://" + value)
    if parts.scheme != "http":
        raise PullError(
            f"{variable} names a {parts.scheme}:// proxy; jobspec reaches Nomad through http:// proxies only",
            EXIT_USAGE,
        )
    try:
        port = parts.port or 80
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise PullError(f"{variable} is not a proxy address (http://host:port)", EXIT_USAGE)
    authorization = None
    if parts.username is not None:
        raw = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(raw).decode("ascii")
    netloc = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return Proxy(parts.hostname, port, f"http://{netloc}:{port} ({variable})", authorization)


def _no_proxy(env: Mapping[str, str]) -> list[str]:
    value = env.get("NO_PROXY") or env.get("no_proxy") or ""
    return [entry.strip().lower() for entry in value.split(",") if entry.strip()]


def _use_proxy(host: str, port: str, no_proxy: list[str]) -> bool:
    if host == "localhost":
        return False
    ip = _ip(host)
    if ip is not None and ip.is_loopback:
        return False
    for entry in no_proxy:
        if entry == "*":
            return False
        if "/" in entry:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                continue
            if ip is not None and ip.version == network.version and ip in network:
                return False
            continue
        entry_host, entry_port = _split_host_port(entry)
        if not entry_host or (entry_port and entry_port != port):
            continue
        entry_ip = _ip(entry_host)
        if entry_ip is not None:
            if ip == entry_ip:
                return False
            continue
        suffix = entry_host[1:] if entry_host.startswith("*.") else entry_host
        exact = not suffix.startswith(".")
        suffix = suffix if suffix.startswith(".") else "." + suffix
        if host.endswith(suffix) or (exact and host == suffix[1:]):
            return False
    return True


def _split_host_port(entry: str) -> tuple[str, str]:
    """``host:port``, ``[v6]:port`` or a bare host (Go's net.SplitHostPort, else the whole entry)."""
    if entry.startswith("["):
        end = entry.find("]")
        if end > 0 and entry[end + 1 : end + 2] == ":":
            return entry[1:end], entry[end + 2 :]
        return entry, ""
    if entry.count(":") == 1:
        host, port = entry.split(":")
        return host, port
    return entry, ""


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
