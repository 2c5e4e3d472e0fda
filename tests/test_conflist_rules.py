from jobspec.catalog import cni
from jobspec.diagnostics import Severity
from jobspec.engine.run import check_conflists
from tests.catalog_helpers import conf_found, lint_files, messages

GOOD = """\
{
  "cniVersion": "1.0.0",
  "name": "mynet",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "mynet0",
      "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]]}
    },
    {"type": "firewall"},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
"""


def test_a_good_conflist_has_no_findings():
    assert lint_files({"10-mynet.conflist": GOOD}) == []


def test_good_single_plugin_conf():
    text = (
        '{"cniVersion": "0.4.0", "name": "n", "type": "ptp", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}'
    )
    assert lint_files({"10-n.conf": text}) == []


# cni-json-syntax


def test_trailing_comma_points_at_the_bracket():
    text = '{\n  "name": "n",\n  "plugins": [{"type": "loopback"},]\n}'
    assert conf_found(text, "cni-json-syntax") == [(3, 36)]
    assert messages(text, "cni-json-syntax") == [
        "error parsing configuration list: invalid character ']' looking for beginning of value"
    ]


def test_comment_is_invalid_json():
    text = '{\n  // my network\n  "name": "n"\n}'
    assert conf_found(text, "cni-json-syntax") == [(2, 3)]


def test_empty_file_is_unexpected_end():
    assert messages("", "cni-json-syntax", "x.conf") == ["error parsing configuration: unexpected end of JSON input"]


def test_top_level_array():
    assert conf_found("[1]", "cni-json-syntax") == [(1, 1)]


def test_not_utf8_and_binary(tmp_path):
    bad = tmp_path / "10-x.conflist"
    bad.write_bytes(b'{"name": "\xff"}')
    conf = cni.read_conflist(str(bad), "10-x.conflist")
    found = check_conflists([conf]).diagnostics
    assert [d.rule for d in found] == ["cni-json-syntax"]
    assert "UTF-8" in found[0].message


def test_unreadable_file_is_a_diagnostic(tmp_path, monkeypatch):
    path = tmp_path / "10-x.conflist"
    path.write_text("{}")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    conf = cni.read_conflist(str(path), "10-x.conflist")
    monkeypatch.undo()
    found = check_conflists([conf]).diagnostics
    assert [(d.rule, d.span.line, d.span.column) for d in found] == [("cni-json-syntax", 1, 1)]
    assert "permission denied" in found[0].message


# cni-schema


def test_capability_must_be_a_boolean():
    text = (
        '{"cniVersion": "1.0.0", "name": "n", "plugins": [\n'
        ' {"type": "loopback", "capabilities": {"portMappings": "true"}}]}'
    )
    assert conf_found(text, "cni-schema") == [(2, 56)]
    assert messages(text, "cni-schema") == [
        "failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal string into Go "
        "struct field PluginConf.capabilities of type bool"
    ]


def test_name_must_be_a_string_with_libcni_words():
    text = '{"cniVersion": "1.0.0", "name": 7, "plugins": [{"type": "loopback"}]}'
    assert messages(text, "cni-schema") == ["error parsing configuration list: invalid name type float64"]


def test_disable_check_string_value():
    text = '{"cniVersion": "1.0.0", "name": "n", "disableCheck": "yes", "plugins": [{"type": "loopback"}]}'
    assert messages(text, "cni-schema") == ['error parsing configuration list: invalid value "yes" for disableCheck']
    ok = '{"cniVersion": "1.0.0", "name": "n", "disableCheck": "TRUE", "plugins": [{"type": "loopback"}]}'
    assert messages(ok, "cni-schema") == []


# cni-wrong-kind


def test_conflist_in_a_json_file():
    text = '{"cniVersion": "1.0.0", "name": "n",\n "plugins": [{"type": "loopback"}]}'
    assert conf_found(text, "cni-wrong-kind", "10-n.conflist.json") == [(2, 2)]
    assert conf_found(text, "cni-missing-type", "10-n.conflist.json") == []


def test_single_plugin_in_a_conflist_file():
    text = '{"cniVersion": "1.0.0", "name": "n", "type": "loopback"}'
    assert conf_found(text, "cni-wrong-kind") == [(1, 38)]
    assert conf_found(text, "cni-no-plugins") == []


# cni-missing-name


def test_conflist_without_name():
    text = '{"cniVersion": "1.0.0", "plugins": [{"type": "loopback"}]}'
    assert conf_found(text, "cni-missing-name") == [(1, 1)]
    assert messages(text, "cni-missing-name") == ["error parsing configuration list: no name"]


def test_name_key_is_case_sensitive_at_top_level():
    text = '{"cniVersion": "1.0.0", "Name": "n", "plugins": [{"type": "loopback"}]}'
    found = [d for d in lint_files({"10-n.conflist": text}) if d.rule == "cni-missing-name"]
    assert "case-sensitive" in found[0].hint


def test_conf_without_name_is_a_warning():
    found = [d for d in lint_files({"10-n.conf": '{"cniVersion": "1.0.0", "type": "loopback"}'})]
    assert [(d.rule, d.severity) for d in found] == [("cni-missing-name", Severity.WARNING)]


# cni-missing-type


def test_plugin_without_type_counts_from_zero():
    text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [\n  {"type": "loopback"},\n  {"ipMasq": true}]}'
    assert conf_found(text, "cni-missing-type") == [(3, 3)]
    assert messages(text, "cni-missing-type") == [
        "failed to parse plugin config 1: error parsing configuration: missing 'type'"
    ]


def test_ipam_without_type():
    text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "ipam": {}}]}'
    assert messages(text, "cni-missing-type") == ["no plugin name provided: `ipam` has no `type`"]


def test_plugin_type_key_is_case_insensitive():
    text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"Type": "loopback"}]}'
    assert conf_found(text, "cni-missing-type") == []


# cni-no-plugins


def test_empty_plugin_list():
    text = '{"cniVersion": "1.0.0", "name": "n", "plugins": []}'
    assert conf_found(text, "cni-no-plugins") == [(1, 49)]
    assert messages(text, "cni-no-plugins") == ["error parsing configuration list: no plugins in list"]


def test_missing_plugins_key():
    assert conf_found('{"cniVersion": "1.0.0", "name": "n"}', "cni-no-plugins") == [(1, 1)]


# cni-version


def test_unknown_cni_version():
    text = '{"cniVersion": "1.0", "name": "n", "plugins": [{"type": "loopback"}]}'
    assert conf_found(text, "cni-version") == [(1, 16)]
    found = [d for d in lint_files({"10-n.conflist": text}) if d.rule == "cni-version"]
    assert 'config is "1.0"' in found[0].message
    assert found[0].hint == 'write the full version, e.g. "1.0.0"'


def test_missing_cni_version_is_a_warning():
    found = [d for d in lint_files({"10-n.conflist": '{"name": "n", "plugins": [{"type": "loopback"}]}'})]
    assert [(d.rule, d.severity) for d in found] == [("cni-version", Severity.WARNING)]


def test_firewall_needs_0_4_0():
    text = GOOD.replace('"1.0.0"', '"0.3.1"')
    assert messages(text, "cni-version") == [
        'plugin type="firewall" failed (add): incompatible CNI versions; config is "0.3.1", plugin supports '
        '["0.4.0" "1.0.0" "1.1.0"]'
    ]


def test_cni_versions_entries():
    text = '{"cniVersion": "1.0.0", "cniVersions": ["1.0.0", "2.0"], "name": "n", "plugins": [{"type": "loopback"}]}'
    assert conf_found(text, "cni-version") == [(1, 50)]


# cni-chained-first


def test_portmap_first():
    text = (
        '{"cniVersion": "1.0.0", "name": "n", "plugins": [\n'
        '  {"type": "portmap", "capabilities": {"portMappings": true}},\n  {"type": "loopback"}]}'
    )
    assert conf_found(text, "cni-chained-first") == [(2, 12)]
    assert messages(text, "cni-chained-first")[0].startswith(
        'plugin type="portmap" failed (add): must be called as chained plugin'
    )


def test_loopback_first_is_fine():
    assert conf_found(GOOD.replace('"plugins": [', '"plugins": [{"type": "loopback"},'), "cni-chained-first") == []


def test_ipam_plugin_as_a_plugin():
    text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "loopback"}, {"type": "host-local"}]}'
    assert messages(text, "cni-chained-first")[0].startswith(
        "plugin type=\"host-local\" failed (add): IPAM config missing 'ipam' key"
    )


# cni-no-ipam


def test_macvlan_without_ipam():
    text = '{"cniVersion": "1.0.0", "name": "lan", "plugins": [\n  {"type": "macvlan", "master": "eth1"}]}'
    assert conf_found(text, "cni-no-ipam") == [(2, 12)]
    assert "no interface with an address" in messages(text, "cni-no-ipam")[0]


def test_ptp_without_ipam():
    text = '{"cniVersion": "1.0.0", "name": "p", "plugins": [{"type": "ptp"}]}'
    assert "no plugin name provided" in messages(text, "cni-no-ipam")[0]


def test_third_party_plugin_without_ipam_is_not_judged():
    text = '{"cniVersion": "1.0.0", "name": "c", "plugins": [{"type": "cilium-cni"}]}'
    assert conf_found(text, "cni-no-ipam") == []


# cni-plugin-config


def _plugin(body: str) -> str:
    return '{"cniVersion": "1.0.0", "name": "n", "plugins": [\n  ' + body + "\n]}"


def test_vlan_needs_master():
    assert messages(_plugin('{"type": "vlan", "vlanId": 5000, "ipam": {"type": "dhcp"}}'), "cni-plugin-config") == [
        '"master" field is required. It specifies the host interface name to create the VLAN for',
        "invalid VLAN ID 5000 (must be between 0 and 4095 inclusive)",
    ]


def test_macvlan_without_master_is_a_warning():
    found = [
        d
        for d in lint_files({"10-n.conflist": _plugin('{"type": "macvlan", "ipam": {"type": "dhcp"}}')})
        if d.rule == "cni-plugin-config"
    ]
    assert [(d.severity, d.span.line, d.span.column) for d in found] == [(Severity.WARNING, 2, 12)]


def test_macvlan_mode():
    text = _plugin('{"type": "macvlan", "master": "eth1", "mode": "bridged", "ipam": {"type": "dhcp"}}')
    assert messages(text, "cni-plugin-config") == ['unknown macvlan mode: "bridged"']
    assert conf_found(text, "cni-plugin-config") == [(2, 49)]


def test_host_device_needs_a_selector():
    text = _plugin('{"type": "host-device", "ipam": {"type": "dhcp"}}')
    assert messages(text, "cni-plugin-config") == ['specify either "device", "hwaddr", "kernelpath" or "pciBusID"']


def test_host_local_needs_ranges():
    text = _plugin('{"type": "bridge", "ipam": {"type": "host-local"}}')
    assert messages(text, "cni-plugin-config") == ["no IP ranges specified"]


def test_host_local_subnet_with_host_bits():
    text = _plugin('{"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.1.0.5/24"}]]}}')
    assert messages(text, "cni-plugin-config") == [
        "invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 10.1.0.0"
    ]
    assert conf_found(text, "cni-plugin-config") == [(2, 76)]


def test_host_local_bad_and_small_subnets():
    text = _plugin('{"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/31"}}')
    assert messages(text, "cni-plugin-config") == ["Network 10.1.0.0/31 too small to allocate from"]
    text = _plugin('{"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0"}}')
    assert messages(text, "cni-plugin-config") == ["invalid CIDR address: 10.1.0.0"]


def test_range_start_outside_subnet():
    text = _plugin(
        '{"type": "bridge", "ipam": {"type": "host-local", '
        '"ranges": [[{"subnet": "10.1.0.0/24", "rangeStart": "10.2.0.10"}]]}}'
    )
    assert messages(text, "cni-plugin-config") == [
        "invalid range set 0: RangeStart 10.2.0.10 not in network 10.1.0.0/24"
    ]


def test_static_address_needs_cidr():
    text = _plugin('{"type": "bridge", "ipam": {"type": "static", "addresses": [{"address": "10.1.0.10"}]}}')
    assert messages(text, "cni-plugin-config") == [
        "the 'address' field is expected to be in CIDR notation, got: '10.1.0.10'"
    ]


def test_ipam_type_that_is_not_ipam():
    text = _plugin('{"type": "bridge", "ipam": {"type": "bridge"}}')
    assert messages(text, "cni-plugin-config") == ['ipam type "bridge" is not an IPAM plugin']


def test_bridge_name_too_long():
    text = _plugin('{"type": "bridge", "bridge": "a-very-long-bridge", "ipam": {"type": "dhcp"}}')
    assert messages(text, "cni-plugin-config") == [
        "bridge 'a-very-long-bridge': interface name is too long; interface name should be less than 16 characters"
    ]


def test_portmap_mark_bit_and_bandwidth_pairs():
    text = _plugin(
        '{"type": "bridge", "ipam": {"type": "dhcp"}}, '
        '{"type": "portmap", "markMasqBit": 40, "capabilities": {"portMappings": true}}, '
        '{"type": "bandwidth", "ingressRate": 1000}'
    )
    assert messages(text, "cni-plugin-config") == [
        "MasqMarkBit must be between 0 and 31",
        "if rate is set, burst must also be set",
    ]


def test_firewall_ingress_policy():
    text = _plugin('{"type": "bridge", "ipam": {"type": "dhcp"}}, {"type": "firewall", "ingressPolicy": "closed"}')
    assert messages(text, "cni-plugin-config") == ['unknown ingress policy: "closed"']


# cni-portmap-capability


def test_portmap_without_capability():
    text = GOOD.replace('{"type": "portmap", "capabilities": {"portMappings": true}}', '{"type": "portmap"}')
    assert conf_found(text, "cni-portmap-capability") == [(11, 14)]


def test_portmap_capability_false_points_at_capabilities():
    text = GOOD.replace('"portMappings": true', '"portMappings": false')
    assert conf_found(text, "cni-portmap-capability") == [(11, 41)]


# cni-duplicate-name


def test_duplicate_names_later_file_is_reported_and_winner_named():
    found = [
        d
        for d in lint_files({"20-b.conflist": GOOD, "10-a.conf": GOOD.replace("plugins", "x")})
        if d.rule == "cni-duplicate-name"
    ]
    assert [(d.span.file, d.span.line, d.span.column) for d in found] == [("20-b.conflist", 3, 11)]
    assert "10-a.conf, which sorts first and wins" in found[0].message


def test_extensions_are_mixed_in_lexical_order():
    files = {"10-x.conflist": GOOD, "05-x.json": GOOD}
    found = [d for d in lint_files(files) if d.rule == "cni-duplicate-name"]
    assert [d.span.file for d in found] == ["10-x.conflist"]


def test_first_file_wins_for_the_catalog():
    confs = [
        cni.conflist_from_bytes(GOOD.encode(), "10-a.conflist", "conflist"),
        cni.conflist_from_bytes(GOOD.replace("mynet0", "other0").encode(), "20-b.conflist", "conflist"),
    ]
    networks = cni.networks(confs)
    assert list(networks) == ["mynet"]
    assert networks["mynet"].file == "10-a.conflist"
    assert networks["mynet"].port_mappings is True
    assert networks["mynet"].plugins == ("bridge", "firewall", "portmap")


def test_broken_files_define_no_network():
    confs = [
        cni.conflist_from_bytes(b'{"name": "x", "plugins": []}', "10-x.conflist", "conflist"),
        cni.conflist_from_bytes(GOOD.encode(), "20-x.json", "conf"),
        cni.conflist_from_bytes(b"{", "30-y.conflist", "conflist"),
    ]
    assert cni.networks(confs) == {}


# cni-network-name


def test_uppercase_name():
    text = GOOD.replace('"mynet"', '"MyNet"')
    assert conf_found(text, "cni-network-name") == [(3, 11)]
    assert 'rename the network to "mynet"' in [d.hint for d in lint_files({"a.conflist": text})]


def test_invalid_characters_in_name():
    text = GOOD.replace('"mynet"', '"my net"')
    assert messages(text, "cni-network-name") == ["invalid characters found in network name; my net"]
