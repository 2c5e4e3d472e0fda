"""A reference CNI plugin's settings are missing or out of range.

Checks the keys the reference plugins validate when an allocation starts, with
their messages: ``vlan`` needs ``master``; ``host-device`` needs ``device``,
``hwaddr``, ``kernelpath`` or ``pciBusID``; ``host-local`` IPAM needs ``ranges``
or ``subnet``, each a network address with room to allocate; ``static``
addresses are CIDRs; ``ipam.type`` names an IPAM plugin; ``macvlan``/``ipvlan``
modes, ``vlan`` ids, ``portmap`` ``markMasqBit`` and ``backend``, ``firewall``
``backend``/``ingressPolicy`` and ``bandwidth`` rate/burst pairs are valid; the
``bridge`` device name is a valid Linux interface name; ``bridge`` and ``ptp``
``ipMasq`` is a boolean (their ``NetConf`` refuses anything else). A
``macvlan`` without ``master`` is a warning: it attaches to the default-route
interface. So is a ``firewall`` ``backend`` other than ``iptables`` or
``firewalld``: the plugin's ``getBackend`` (``plugins/meta/firewall/firewall.go``)
ignores it and uses firewalld when it is running, else iptables. host-local
puts an old-style ``subnet`` in front of ``ranges``
(``allocator/config.go: LoadIPAMConfig``), so ``"ranges": []`` next to a
``subnet`` is fine; only no range at all is "no IP ranges specified".

FAIL:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.1.0.5/24"}]]}}]}

PASS:

    {"cniVersion": "1.0.0", "name": "mynet", "plugins": [
      {"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24", "ranges": []}},
      {"type": "firewall", "backend": "iptables"}]}
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jobspec.diagnostics import Finding, Severity, Span
from jobspec.load.jsontree import JArray, JObject, JScalar
from jobspec.model.conflist import INTERFACE_PLUGINS, META_PLUGINS, json_kind, plugin_type

if TYPE_CHECKING:
    from jobspec.load.jsontree import JMember, JNode, JObject
    from jobspec.model.conflist import ConflistContext, ConflistFile

ID = "cni-plugin-config"
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "conflist"

_ENUMS = {
    ("macvlan", "mode"): ("", "bridge", "private", "vepa", "passthru"),
    ("ipvlan", "mode"): ("", "l2", "l3", "l3s"),
    ("portmap", "backend"): ("iptables", "nftables"),
    ("firewall", "ingressPolicy"): ("", "open", "same-bridge", "isolated"),
}
_ENUM_MESSAGES = {
    ("macvlan", "mode"): "unknown macvlan mode: {value!r}",
    ("ipvlan", "mode"): "unknown ipvlan mode: {value!r}",
    ("portmap", "backend"): "failed to parse config: unrecognized backend {value!r}",
    ("firewall", "ingressPolicy"): "unknown ingress policy: {value!r}",
}
_PLAIN_IFNAME = re.compile(r"[A-Za-z0-9_.\-]+")


def check(conf: ConflistFile, ctx: ConflistContext) -> Iterator[Finding]:
    for plugin in conf.plugins():
        kind = plugin_type(plugin)
        if kind is None:
            continue
        yield from _enums(plugin, kind)
        if kind in ("bridge", "ptp"):
            yield from _ip_masq(plugin)
        if kind == "bridge":
            yield from _bridge(plugin)
        elif kind == "macvlan" and _get(plugin, "master") is None:
            yield Finding(
                'macvlan has no "master": it attaches to the interface of the default route',
                _type_span(plugin),
                'name the host interface: "master": "eth1"',
                severity=Severity.WARNING,
            )
        elif kind == "vlan":
            yield from _vlan(plugin)
        elif kind == "host-device" and not any(
            _get(plugin, k) is not None for k in ("device", "hwaddr", "kernelpath", "pciBusID")
        ):
            yield _diag('specify either "device", "hwaddr", "kernelpath" or "pciBusID"', _type_span(plugin))
        elif kind == "portmap":
            yield from _int_range(plugin, "markMasqBit", 0, 31, "MasqMarkBit must be between 0 and 31")
        elif kind == "bandwidth":
            yield from _bandwidth(plugin)
        elif kind == "firewall":
            yield from _firewall_backend(plugin)
        ipam = _get(plugin, "ipam")
        if ipam is not None and isinstance(ipam.value, JObject):
            yield from _ipam(ipam.value)


def _diag(message: str, span: Span, hint: str | None = None, severity: Severity = SEVERITY) -> Finding:
    return Finding(message, span, hint, severity=severity)


def _get(obj: JObject, key: str) -> JMember | None:
    return obj.member_folded(key)


def _str(member: JMember | None) -> str | None:
    if member is not None and isinstance(member.value, JScalar) and isinstance(member.value.value, str):
        return member.value.value
    return None


def _number(member: JMember | None) -> float | None:
    if member is None or not isinstance(member.value, JScalar):
        return None
    value = member.value.value
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _type_span(plugin: JObject) -> Span:
    member = plugin.member_folded("type")
    return member.value.span if member else plugin.span


def _enums(plugin: JObject, kind: str) -> Iterator[Finding]:
    for (plugin_kind, key), allowed in _ENUMS.items():
        if plugin_kind != kind:
            continue
        member = _get(plugin, key)
        value = _str(member)
        if member is not None and value is not None and value not in allowed:
            yield _diag(
                _ENUM_MESSAGES[(kind, key)].format(value=value).replace("'", '"'),
                member.value.span,
                f"{key} is one of: " + ", ".join(f'"{a}"' for a in allowed),
            )


def _ip_masq(plugin: JObject) -> Iterator[Finding]:
    # bridge.go / ptp.go: NetConf declares `IPMasq bool`, so loadNetConf's json.Unmarshal
    # refuses any other JSON kind (null leaves it false) when the allocation starts.

    member = _get(plugin, "ipMasq")
    kind = json_kind(member.value) if member is not None else "bool"
    if member is not None and kind not in ("bool", "null"):
        yield _diag(
            f"failed to load netconf: json: cannot unmarshal {kind} into Go struct field NetConf.ipMasq of type bool",
            member.value.span,
            "ipMasq is true or false (a JSON boolean)",
        )


def _firewall_backend(plugin: JObject) -> Iterator[Finding]:
    # firewall.go getBackend: "iptables" and "firewalld" are taken as asked; anything
    # else falls through to firewalld if it is running, else iptables. Never an error.
    member = _get(plugin, "backend")
    value = _str(member)
    if member is not None and value is not None and value not in ("iptables", "firewalld"):
        yield _diag(
            f'firewall backend "{value}" is not "iptables" or "firewalld": the plugin ignores it and uses '
            "firewalld when firewalld is running on the node, else iptables",
            member.value.span,
            'write "iptables" or "firewalld", or leave backend out to let the plugin choose',
            Severity.WARNING,
        )


def _bridge(plugin: JObject) -> Iterator[Finding]:
    member = _get(plugin, "bridge")
    name = _str(member)
    if member is not None and name is not None:
        problem = _ifname_problem(name)
        if problem:
            yield _diag(f"bridge {name!r}: {problem}", member.value.span, "use a name like nomad0 or cni-mynet")
        elif not _PLAIN_IFNAME.fullmatch(name):
            yield _diag(
                f"bridge name {name!r} has characters other than letters, digits, `_`, `.` and `-`; the kernel "
                "may accept it but iptables rules and tools quote it poorly",
                member.value.span,
                "use a name like nomad0 or cni-mynet",
                Severity.WARNING,
            )
    yield from _int_range(plugin, "vlan", 0, 4094, "invalid VLAN ID {value} (must be between 0 and 4094)")
    hairpin, promisc = _get(plugin, "hairpinMode"), _get(plugin, "promiscMode")
    if hairpin and promisc and getattr(hairpin.value, "value", None) is True and promisc.value.value is True:  # type: ignore[union-attr]
        yield _diag("cannot set hairpin mode and promiscuous mode at the same time", promisc.key_span)


def _ifname_problem(name: str) -> str | None:
    # libcni's ValidateInterfaceName, in its words.
    if name == "":
        return "interface name is empty"
    if len(name) > 15:
        return "interface name is too long; interface name should be less than 16 characters"
    if name in (".", ".."):
        return "interface name is . or .."
    if any(ch in "/:" or ch.isspace() for ch in name):
        return "interface name contains / or : or whitespace characters"
    return None


def _vlan(plugin: JObject) -> Iterator[Finding]:
    if _get(plugin, "master") is None:
        yield _diag(
            '"master" field is required. It specifies the host interface name to create the VLAN for',
            _type_span(plugin),
            'add "master": "eth1"',
        )
    yield from _int_range(plugin, "vlanId", 0, 4095, "invalid VLAN ID {value} (must be between 0 and 4095 inclusive)")


def _int_range(plugin: JObject, key: str, low: int, high: int, message: str) -> Iterator[Finding]:
    member = _get(plugin, key)
    value = _number(member)
    if member is not None and value is not None and not low <= value <= high:
        shown = int(value) if isinstance(value, float) and value.is_integer() else value
        yield _diag(message.format(value=shown), member.value.span, f"{key} must be between {low} and {high}")


def _bandwidth(plugin: JObject) -> Iterator[Finding]:
    for way in ("ingress", "egress"):
        rate, burst = _get(plugin, f"{way}Rate"), _get(plugin, f"{way}Burst")
        rate_set, burst_set = bool(_number(rate)), bool(_number(burst))
        if rate_set and not burst_set:
            yield _diag("if rate is set, burst must also be set", rate.key_span, f"add {way}Burst")  # type: ignore[union-attr]
        elif burst_set and not rate_set:
            yield _diag("if burst is set, rate must also be set", burst.key_span, f"add {way}Rate")  # type: ignore[union-attr]


def _ipam(ipam: JObject) -> Iterator[Finding]:
    member = _get(ipam, "type")
    kind = _str(member)
    if kind is None or member is None:
        return
    if kind in INTERFACE_PLUGINS or kind in META_PLUGINS:
        yield _diag(
            f'ipam type "{kind}" is not an IPAM plugin',
            member.value.span,
            "use host-local, dhcp or static (or a third-party IPAM plugin)",
        )
    elif kind == "host-local":
        yield from _host_local(ipam, member)
    elif kind == "static":
        yield from _static(ipam)


def _host_local(ipam: JObject, type_member: JMember) -> Iterator[Finding]:
    subnet, ranges = _get(ipam, "subnet"), _get(ipam, "ranges")
    # LoadIPAMConfig: a `subnet` at the ipam level is put in front of `ranges`
    # (JSON null leaves either unset), and only an empty result is refused.
    has_subnet = subnet is not None and json_kind(subnet.value) != "null"
    listed = ranges is not None and isinstance(ranges.value, JArray) and bool(ranges.value.items)
    if not has_subnet and not listed:
        empty = ranges is not None and isinstance(ranges.value, JArray)
        yield _diag(
            "no IP ranges specified",
            ranges.value.span if empty else type_member.value.span,  # type: ignore[union-attr]
            'add "ranges": [[{"subnet": "10.1.0.0/24"}]]; Nomad never passes the ipRanges capability',
        )
        return
    if subnet is not None:
        yield from _subnet(subnet.value, ipam)
    if ranges is not None and isinstance(ranges.value, JArray):
        for index, range_set in enumerate(ranges.value.items):
            if isinstance(range_set, JArray) and not range_set.items:
                yield _diag(f"invalid range set {index}: empty range set", range_set.span)
                continue
            for item in range_set.items if isinstance(range_set, JArray) else ():
                if isinstance(item, JObject):
                    sub = _get(item, "subnet")
                    if sub is None:
                        yield _diag(f"invalid range set {index}: a range has no subnet", item.span)
                    else:
                        yield from _subnet(sub.value, item, f"invalid range set {index}: ")


def _subnet(node: JNode, holder: JObject, prefix: str = "") -> Iterator[Finding]:
    text = node.value if isinstance(node, JScalar) else None
    if not isinstance(text, str):
        return
    try:
        network = ipaddress.ip_network(text, strict=False)
        if "/" not in text:
            raise ValueError
    except ValueError:
        yield _diag(f"{prefix}invalid CIDR address: {text}", node.span, 'write a network such as "10.1.0.0/24"')
        return
    interface = ipaddress.ip_interface(text)
    if interface.ip != network.network_address:
        yield _diag(
            f"{prefix}Network has host bits set. For a subnet mask of length {network.prefixlen} the network "
            f"address is {network.network_address}",
            node.span,
            f'write "{network}"',
        )
    if network.max_prefixlen - network.prefixlen < 2:
        yield _diag(f"{prefix}Network {network} too small to allocate from", node.span, "use a /30 or larger")
    for key in ("rangeStart", "rangeEnd"):
        bound = _get(holder, key)
        value = _str(bound)
        if bound is None or value is None:
            continue
        try:
            inside = ipaddress.ip_address(value) in network
        except ValueError:
            inside = False
        if not inside:
            name = "RangeStart" if key == "rangeStart" else "RangeEnd"
            yield _diag(f"{prefix}{name} {value} not in network {network}", bound.value.span)


def _static(ipam: JObject) -> Iterator[Finding]:
    addresses = _get(ipam, "addresses")
    if addresses is None or not isinstance(addresses.value, JArray):
        return
    for item in addresses.value.items:
        address = _get(item, "address") if isinstance(item, JObject) else None
        value = _str(address)
        if address is None or value is None:
            continue
        try:
            ipaddress.ip_interface(value)
            valid = "/" in value
        except ValueError:
            valid = False
        if not valid:
            yield _diag(
                f"the 'address' field is expected to be in CIDR notation, got: '{value}'",
                address.value.span,
                'write the address with its prefix, e.g. "10.1.0.10/24"',
            )
