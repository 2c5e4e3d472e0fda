"""Issue 10, points 3 and 4: a conflist rule errs only where libcni or the plugin really fails.

Each case is a minimal conflist; the comment names the upstream function it follows
(containernetworking/cni v1.3.0, containernetworking/plugins at 3d27709f). The Go
wording of encoding/json was checked with a Go 1.19 probe decoding into a copy of
libcni's ``types.PluginConf``.
"""

from __future__ import annotations

import pytest

from tests.catalog_helpers import lint_files


def findings(text: str, name: str = "10-net.conflist") -> list[tuple[str, str, int, int, str]]:
    return [(d.rule, d.severity.value, d.span.line, d.span.column, d.message) for d in lint_files({name: text})]


def rules(text: str, name: str = "10-net.conflist") -> list[str]:
    return [d.rule for d in lint_files({name: text})]


BRIDGE = '{"type": "bridge", "bridge": "br0", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.1.0.0/24"}]]}}'


def conflist(*plugins: str) -> str:
    return '{"cniVersion": "1.0.0", "name": "net", "plugins": [\n' + ",\n".join(plugins) + "\n]}"


# -- point 3: cni-plugin-config ----------------------------------------------------------


def test_firewall_unknown_backend_is_a_warning_that_says_it_falls_back():
    # plugins/meta/firewall/firewall.go getBackend: only "iptables" and "firewalld" are
    # taken as asked; anything else uses firewalld when it runs, else iptables.
    text = conflist(BRIDGE, '{"type": "firewall", "backend": "nftables"}')
    assert findings(text) == [
        (
            "cni-plugin-config",
            "warning",
            3,
            33,
            'firewall backend "nftables" is not "iptables" or "firewalld": the plugin ignores it and uses '
            "firewalld when firewalld is running on the node, else iptables",
        )
    ]


@pytest.mark.parametrize("backend", ["iptables", "firewalld"])
def test_firewall_known_backends_are_fine(backend):
    # firewall.go getBackend: the two backends it knows
    assert rules(conflist(BRIDGE, f'{{"type": "firewall", "backend": "{backend}"}}')) == []


def test_firewall_unknown_ingress_policy_is_still_an_error():
    # plugins/meta/firewall/ingresspolicy.go setupIngressPolicy: "unknown ingress policy: %q"
    text = conflist(BRIDGE, '{"type": "firewall", "ingressPolicy": "closed"}')
    assert [(r, s, m) for r, s, _, _, m in findings(text)] == [
        ("cni-plugin-config", "error", 'unknown ingress policy: "closed"')
    ]


def test_host_local_subnet_with_empty_ranges_loads():
    # plugins/ipam/host-local/backend/allocator/config.go LoadIPAMConfig: the old-style
    # `subnet` is put in front of `ranges`; only an empty result is refused.
    text = conflist('{"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.9.0.0/24", "ranges": []}}')
    assert rules(text) == []


@pytest.mark.parametrize(
    ("ipam", "column"),
    [
        ('{"type": "host-local", "ranges": []}', 61),
        ('{"type": "host-local", "subnet": null, "ranges": []}', 77),
        ('{"type": "host-local"}', 37),
        ('{"type": "host-local", "subnet": null}', 37),
    ],
)
def test_host_local_without_any_range_is_refused(ipam, column):
    # LoadIPAMConfig: "no IP ranges specified" when neither subnet nor ranges gives one
    text = conflist(f'{{"type": "bridge", "ipam": {ipam}}}')
    assert findings(text) == [("cni-plugin-config", "error", 2, column, "no IP ranges specified")]


def test_bridge_ip_masq_must_be_a_boolean():
    # plugins/main/bridge/bridge.go loadNetConf: NetConf.IPMasq is a bool
    text = conflist('{"type": "bridge", "ipMasq": "yes", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}')
    assert findings(text) == [
        (
            "cni-plugin-config",
            "error",
            2,
            30,
            "failed to load netconf: json: cannot unmarshal string into Go struct field NetConf.ipMasq of type bool",
        )
    ]


def test_macvlan_ip_masq_is_not_read():
    # plugins/main/macvlan/macvlan.go NetConf declares no ipMasq, so json.Unmarshal ignores it
    text = conflist('{"type": "macvlan", "master": "eth0", "ipMasq": "yes", "ipam": {"type": "dhcp"}}')
    assert rules(text) == []


# -- point 4: cni-schema -------------------------------------------------------------------


@pytest.mark.parametrize(
    "plugin",
    [
        '{"type": "bridge", "dns": null}',
        '{"type": "bridge", "capabilities": {"bandwidth": null}}',
        '{"type": "bridge", "capabilities": null, "ipam": null, "prevResult": null}',
        '{"type": "bridge", "dns": {"nameservers": null, "search": [null], "domain": null}}',
        '{"type": "bridge", "name": null, "cniVersion": null}',
        '{"type": "bridge", "ipMasq": "yes", "isGateway": "no", "anything": [1, {"x": null}]}',
    ],
)
def test_nulls_and_undeclared_plugin_keys_load(plugin):
    # libcni/conf.go NetworkPluginConfFromBytes: json.Unmarshal into types.PluginConf;
    # null leaves a field as it is, and keys PluginConf does not declare are skipped.
    text = conflist(plugin.replace('"bridge"', '"bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}', 1))
    assert "cni-schema" not in rules(text)


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        # each the first UnmarshalTypeError encoding/json returns, as libcni wraps it
        (
            '{"type": "portmap", "Capabilities": {"portMappings": "true"}}',
            "cannot unmarshal string into Go struct field PluginConf.capabilities of type bool",
        ),
        (
            '{"type": "bridge", "dns": "8.8.8.8"}',
            "cannot unmarshal string into Go struct field PluginConf.dns of type types.DNS",
        ),
        (
            '{"type": "bridge", "dns": {"nameservers": [8]}}',
            "cannot unmarshal number into Go struct field DNS.dns.nameservers of type string",
        ),
        (
            '{"type": "bridge", "ipam": {"type": 5}}',
            "cannot unmarshal number into Go struct field IPAM.ipam.type of type string",
        ),
        (
            '{"type": "bridge", "prevResult": []}',
            "cannot unmarshal array into Go struct field PluginConf.prevResult of type map[string]interface {}",
        ),
    ],
)
def test_types_plugin_conf_declares_are_checked(plugin, message):
    # libcni/conf.go NetworkPluginConfFromBytes: "error parsing configuration: %w"
    text = conflist(plugin)
    found = [m for r, _, _, _, m in findings(text) if r == "cni-schema"]
    assert found == [f"failed to parse plugin config 0: error parsing configuration: json: {message}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # libcni/conf.go NetworkConfFromBytes: the list's keys are map lookups with type assertions
        ('{"name": null, "cniVersion": "1.0.0", "plugins": [{"type": "loopback"}]}', "invalid name type <nil>"),
        ('{"name": "n", "cniVersion": null, "plugins": [{"type": "loopback"}]}', "invalid cniVersion type <nil>"),
        ('{"name": "n", "cniVersion": "1.0.0", "plugins": null}', "invalid 'plugins' type <nil>"),
        (
            '{"name": "n", "cniVersion": "1.0.0", "disableCheck": null, "plugins": [{"type": "loopback"}]}',
            "invalid type <nil> for disableCheck",
        ),
        # %T of the failed assertion's zero value, whatever the JSON held
        (
            '{"name": "n", "cniVersions": "1.0.0", "plugins": [{"type": "loopback"}]}',
            "invalid type for cniVersions: []interface {}",
        ),
    ],
)
def test_list_level_nulls_are_refused(text, message):
    assert [m for r, _, _, _, m in findings(text) if r == "cni-schema"] == [
        f"error parsing configuration list: {message}"
    ]


def test_null_single_plugin_name_loads():
    # NetworkPluginConfFromBytes: a .conf decodes into PluginConf, where null is no value
    text = '{"type": "loopback", "name": null, "cniVersion": "1.0.0"}'
    assert "cni-schema" not in rules(text, "10-net.conf")


@pytest.mark.parametrize("plugin", ["null", '{"type": null}'])
def test_null_plugin_or_type_is_missing_type(plugin):
    # NetworkConfFromBytes marshals each entry back to JSON ("null") and
    # NetworkPluginConfFromBytes finds Type == "": "missing 'type'"
    text = conflist('{"type": "loopback"}', plugin)
    assert [(r, m) for r, _, _, _, m in findings(text)] == [
        ("cni-missing-type", "failed to parse plugin config 1: error parsing configuration: missing 'type'")
    ]


def test_a_null_plugin_defines_no_network():
    # libcni refuses the whole file, so Nomad fingerprints nothing from it
    from jobspec.catalog import cni

    conf = cni.conflist_from_bytes(conflist('{"type": "loopback"}', "null").encode(), "10-net.conflist", "conflist")
    assert cni.networks([conf]) == {}


def test_null_single_plugin_name_fingerprints_as_an_empty_name():
    # NetworkPluginConfFromBytes: null leaves PluginConf.Name "", which Nomad's
    # fingerprint turns into network "cni/" (cni-missing-name's warning, as for "")
    text = '{"type": "loopback", "name": null, "cniVersion": "1.0.0"}'
    assert [(r, s) for r, s, *_ in findings(text, "10-net.conf")] == [("cni-missing-name", "warning")]
