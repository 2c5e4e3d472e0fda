"""The feasibility engine on catalogs built in code (Nomad's scheduler tests mirrored)."""

from __future__ import annotations

import pytest

from jobspec.model.catalog import Address, CatalogNode
from jobspec.placement import GroupAsk, PortAsk, index_for, plan_group
from jobspec.placement.engine import judge, resolve_target
from jobspec.placement.names import did_you_mean, glob_match
from tests.catalog_fixtures import SOURCE, catalog, cni, node


def ask(mode: str = "host", *ports: PortAsk, count: int | None = 1, **fields) -> GroupAsk:
    fields.setdefault("datacenters", ("*",))
    fields.setdefault("node_pool", "default")
    fields.setdefault("job_type", "service")
    return GroupAsk(mode=mode, ports=ports, count=count, **fields)


def dyn(label: str, host_network: str | None = "default") -> PortAsk:
    return PortAsk(label, None, host_network)


def static(label: str, value: int, host_network: str = "default", ignore: bool = False) -> PortAsk:
    return PortAsk(label, value, host_network, ignore)


# -- scheduler/feasible/feasible_test.go: TestNetworkChecker ----------------------

META = {"public_network": "public", "private_network": "private", "wrong_network": "empty"}
CHECKER_NODES = (
    node("bridge-1", aliases=("public", "private"), meta=META),
    node("bridge-2", aliases=("public", "private"), meta=META),
    node("cni", aliases=("default",), meta=META, network_modes=frozenset({"host", "cni/mynet"})),
)


@pytest.mark.parametrize(
    ("group_ask", "expected"),
    [
        (ask("host"), [True, True, True]),
        (ask("bridge"), [True, True, False]),
        (ask("bridge", dyn("http", "${meta.public_network}"), dyn("metrics", "${meta.private_network}")), [1, 1, 0]),
        (ask("bridge", dyn("metrics", "${meta.wrong_network}")), [False, False, False]),
        (ask("bridge", dyn("metrics", "${meta.nonetwork}")), [False, False, False]),
        (ask("bridge", dyn("metrics", "public")), [True, True, False]),
        (ask("bridge", dyn("metrics", "${meta.private_network}-nonexisting")), [False, False, False]),
        (ask("cni/mynet"), [False, False, True]),
        (ask("cni/nonexistent"), [False, False, False]),
    ],
)
def test_network_checker_table(group_ask, expected):
    assert [judge(group_ask, n).stage is None for n in CHECKER_NODES] == [bool(e) for e in expected]


def test_network_checker_reasons_use_nomads_words():
    reasons = [judge(ask("bridge", dyn("metrics", "${meta.wrong_network}")), n).reason for n in CHECKER_NODES]
    assert reasons == ['missing host network "empty" for port "metrics"'] * 2 + ["missing network"]
    unresolved = judge(ask("bridge", dyn("metrics", "${meta.nonetwork}")), CHECKER_NODES[0])
    assert unresolved.reason == 'invalid host network "${meta.nonetwork}" template for port "metrics"'


def test_bridge_upgrade_path_for_clients_before_0_12():
    old = node("old", network_modes=frozenset({"host"}), attributes={"nomad.version": "0.11.0"})
    new = node("new", network_modes=frozenset({"host"}), attributes={"nomad.version": "0.12.0"})
    assert judge(ask("bridge"), old).stage is None
    assert judge(ask("bridge"), new).reason == "missing network"


def test_mode_none_skips_network_checks_but_ports_still_need_addresses():
    n = node(network_modes=frozenset())
    assert judge(ask("none"), n).stage is None
    verdict = judge(ask("none", dyn("x", "nowhere")), n)
    assert (verdict.stage, verdict.reason) == ("ports", "network: no addresses available for nowhere network")


def test_modes_are_case_sensitive_like_the_scheduler():
    n = node(network_modes=frozenset({"host", "cni/mynet"}))
    assert judge(ask("cni/MyNet"), n).reason == "missing network"
    assert judge(ask("Bridge"), n).reason == "missing network"


def test_cni_network_from_conflists_counts_as_offered():
    n = node(network_modes=frozenset({"host"}), cni_networks={"mynet": cni("mynet")})
    assert judge(ask("cni/mynet"), n).stage is None


def test_unknown_modes_are_not_held_against_the_job():
    n = node(network_modes=None)
    verdict = judge(ask("cni/anything"), n)
    assert verdict.stage is None
    assert any("network mode" in s for s in verdict.skipped)


# -- implied CNI plugin constraints for bridge ------------------------------------


def test_bridge_needs_plugins_at_0_4_0():
    plugins = {"bridge": "1.0.0", "firewall": "0.3.0", "host-local": "1.0.0", "loopback": "1.0.0", "portmap": "v1.1.1"}
    verdict = judge(ask("bridge"), node(cni_plugins=plugins))
    assert (verdict.stage, verdict.reason) == ("constraint", "${attr.plugins.cni.version.firewall} semver >= 0.4.0")


def test_bridge_missing_plugin_fails_and_unknown_plugins_skip():
    missing = judge(ask("bridge"), node(cni_plugins={"bridge": "1.0.0"}))
    assert missing.reason == "${attr.plugins.cni.version.firewall} semver >= 0.4.0"
    unknown = judge(ask("bridge"), node(cni_plugins=None))
    assert unknown.stage is None and unknown.skipped


# -- templates --------------------------------------------------------------------


def test_resolve_target_follows_nomad():
    n = node("web-1", node_class="edge", node_pool="prod", meta={"net": "public"}, attributes={"os.name": "ubuntu"})
    assert resolve_target("literal", n) == "literal"
    assert resolve_target("${node.unique.name}", n) == "web-1"
    assert resolve_target("${node.unique.id}", n) == "id-web-1"
    assert resolve_target("${node.class}", n) == "edge"
    assert resolve_target("${node.pool}", n) == "prod"
    assert resolve_target("${node.datacenter}", n) == "dc1"
    assert resolve_target("${meta.net}", n) == "public"
    assert resolve_target("${attr.os.name}", n) == "ubuntu"
    assert resolve_target("${meta.absent}", n) is None
    assert resolve_target("${node.region}", n) is None


def test_unique_templates_are_judged_per_node_not_per_shape():
    a = node("a", aliases=("a", "default"), ip="10.0.0.1")
    b = node("b", aliases=("x", "default"), ip="10.0.0.2")
    plan = plan_group(ask("host", dyn("p", "${node.unique.name}")), index_for(catalog(a, b)))
    assert plan.feasible == 1
    assert [(r.reason, r.nodes) for r in plan.removed] == [('missing host network "b" for port "p"', 1)]


# -- candidates ---------------------------------------------------------------------


def test_candidates_filter_datacenter_pool_and_status():
    cat = catalog(
        node("ok"),
        node("other-dc", datacenter="dc2"),
        node("other-pool", node_pool="gpu"),
        node("down", status="down"),
        node("ineligible", eligible=False),
        node("draining", draining=True),
    )
    plan = plan_group(ask(datacenters=("dc1",)), index_for(cat))
    assert (plan.total, plan.candidates, plan.feasible, plan.scope) == (6, 1, 1, 4)
    assert [(r.stage, r.reason, r.nodes) for r in plan.removed] == [
        ("datacenter", "not in datacenter", 1),
        ("node pool", "not in node pool", 1),
        ("status", "down", 1),
        ("status", "draining", 1),
        ("status", "ineligible", 1),
    ]


def test_node_pool_all_matches_every_pool():
    cat = catalog(node("a"), node("b", node_pool="gpu"))
    assert plan_group(ask(node_pool="all"), index_for(cat)).feasible == 2


@pytest.mark.parametrize(
    ("pattern", "subject", "match"),
    [
        ("*", "anything", True),
        ("dc1", "dc1", True),
        ("dc1", "DC1", False),
        ("eu-*", "eu-west", True),
        ("eu-*", "us-east", False),
        ("*-west", "eu-west", True),
        ("e*w*t", "eu-west", True),
        ("e*x*t", "eu-west", False),
        ("", "", True),
        ("", "dc1", False),
    ],
)
def test_datacenter_glob_is_go_glob(pattern, subject, match):
    assert glob_match(pattern, subject) is match


# -- ports: reserved, slots, dynamic ------------------------------------------------


def test_static_port_reserved_globally_or_on_the_alias():
    assert judge(ask("host", static("ssh", 22)), node(reserved_ports=frozenset({22}))).reason == (
        "network: reserved port collision ssh=22"
    )
    alias_reserved = node(host_networks={"default": (Address("default", "10.0.0.1", frozenset({443})),)})
    assert (
        judge(ask("host", static("https", 443)), alias_reserved).reason == "network: reserved port collision https=443"
    )
    assert judge(ask("host", static("https", 443, ignore=True)), alias_reserved).stage is None


def test_aliases_sharing_an_ip_share_reservations():
    shared = node(
        host_networks={
            "default": (Address("default", "10.0.0.1", frozenset({22, 80})),),
            "private": (Address("private", "10.0.0.1", frozenset({22})),),
        }
    )
    assert judge(ask("host", static("web", 80, "private")), shared).reason == "network: reserved port collision web=80"
    assert judge(ask("host", static("web", 8080, "private")), shared).stage is None


def test_two_addresses_on_an_alias_give_two_slots():
    two = node(host_networks={"public": (Address("public", "1.1.1.1"), Address("public", "1.1.1.2"))})
    plan = plan_group(ask("host", static("https", 443, "public"), count=2), index_for(catalog(two)))
    assert (plan.feasible, plan.slots, plan.needed, plan.placeable) == (1, 2, 2, True)


def test_count_plus_canary_needs_that_many_slots():
    cat = catalog(node("a", aliases=("public",)), node("b", aliases=("public",)))
    plan = plan_group(ask("host", static("https", 443, "public"), count=3), index_for(cat))
    assert (plan.slots, plan.needed, plan.placeable, plan.explained) == (2, 3, False, False)


def test_ignore_collision_lifts_the_slot_limit():
    cat = catalog(node("a"))
    plan = plan_group(ask("host", static("https", 443, ignore=True), count=5), index_for(cat))
    assert (plan.needed, plan.available, plan.placeable) == (1, 1, True)


def test_node_classes_with_count_weigh_as_many_nodes():
    cat = catalog(node("edge", aliases=("public",), count=4))
    plan = plan_group(ask("host", static("https", 443, "public"), count=3), index_for(cat))
    assert (plan.total, plan.feasible, plan.slots, plan.placeable) == (4, 4, 4, True)


def test_system_job_needs_one_feasible_node():
    cat = catalog(node("a", status="down"), node("b", eligible=False))
    plan = plan_group(ask("host", job_type="system", count=1), index_for(cat))
    assert (plan.needed, plan.feasible, plan.placeable) == (1, 0, False)


def test_dynamic_ports_must_fit_the_dynamic_range():
    small = node(min_dynamic_port=20000, max_dynamic_port=20001)
    assert judge(ask("host", dyn("a"), dyn("b")), small).stage is None
    assert judge(ask("host", dyn("a"), dyn("b"), dyn("c")), small).reason == "network: dynamic port selection failed"
    reserved = node(min_dynamic_port=20000, max_dynamic_port=20001, reserved_ports=frozenset({20000}))
    assert judge(ask("host", dyn("a"), dyn("b")), reserved).reason == "network: dynamic port selection failed"
    static_inside = node(min_dynamic_port=20000, max_dynamic_port=20001)
    verdict = judge(ask("host", static("s", 20000), dyn("a"), dyn("b")), static_inside)
    assert verdict.reason == "network: dynamic port selection failed"


def test_an_invalid_dynamic_range_is_the_agent_rules_business():
    broken = node(min_dynamic_port=40000, max_dynamic_port=32000)
    verdict = judge(ask("host", dyn("a")), broken)
    assert verdict.stage is None and "invalid dynamic port range" in verdict.skipped[0]


def test_unknown_count_is_not_judged():
    plan = plan_group(ask("host", static("https", 443), count=None), index_for(catalog(node())))
    assert plan.needed is None and plan.placeable


# -- shapes and caching ------------------------------------------------------------


def test_identical_nodes_share_one_shape_and_one_evaluation():
    cat = catalog(*(node(f"n{i}", ip="10.0.0.1") for i in range(50)), node("odd", datacenter="dc2"))
    index = index_for(cat)
    assert len(index.shapes) == 2 and index.nodes == 51
    assert index_for(cat) is index
    plan = plan_group(ask(datacenters=("dc1",)), index)
    assert plan.feasible == 50
    assert plan_group(ask(datacenters=("dc1",)), index) is plan
    assert len(index.cache[ask(datacenters=("dc1",))]) == 2  # one verdict per shape, not per node


def test_addresses_do_not_split_shapes_but_shared_ips_do():
    a = node("a", aliases=("default", "public"), ip="10.0.0.1")
    b = node("b", aliases=("default", "public"), ip="10.0.0.2")
    c = node(
        "c", host_networks={"default": (Address("default", "10.0.0.3"),), "public": (Address("public", "1.1.1.1"),)}
    )
    assert len(index_for(catalog(a, b)).shapes) == 1
    assert len(index_for(catalog(a, b, c)).shapes) == 2


def test_unique_attributes_do_not_split_shapes():
    a = node("a", ip="10.0.0.1", attributes={"unique.hostname": "a"})
    b = node("b", ip="10.0.0.1", attributes={"unique.hostname": "b"})
    assert len(index_for(catalog(a, b)).shapes) == 1


def test_did_you_mean():
    assert did_you_mean("pubilc", ["public", "private"]) == "public"
    assert did_you_mean("Public", ["public", "private"]) == "public"
    assert did_you_mean("zzz", ["public"]) is None


def test_templates_on_facts_the_catalog_lacks_are_skipped():
    folder_class = node("edge", attributes_known=False, meta={"net": "public"}, aliases=("public",))
    verdict = judge(ask("host", dyn("a", "${attr.unique.network.ip-address}"), dyn("b", "${meta.net}")), folder_class)
    assert verdict.stage is None and verdict.skipped
    no_id = CatalogNode("x", SOURCE, host_networks={"default": (Address("default"),)})
    assert judge(ask("host", dyn("a", "${node.unique.id}")), no_id).stage is None
    from_json = node("j", attributes={"os.name": "linux"}, aliases=("default",))
    assert judge(ask("host", dyn("a", "${attr.absent}")), from_json).reason == (
        'invalid host network "${attr.absent}" template for port "a"'
    )
