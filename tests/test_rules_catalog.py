"""The catalog cross-check rules: HCL text and a catalog in, positioned diagnostics out."""

from __future__ import annotations

from jobspec.model.catalog import Address
from tests.catalog_fixtures import catalog, cni, found_with, lint_with, messages, node, skipped_with

INGRESS = """\
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
          port "metrics" { to = 9100 }
        }
      }
    }
"""


def public(name: str, **fields):
    return node(name, aliases=("default", "public"), **fields)


def catalog_rules(text: str, cat) -> list[str]:
    return [d.rule for d in lint_with(text, cat) if d.rule.startswith("catalog-")]


# -- a job that fits ------------------------------------------------------------------


def test_job_that_fits_reports_nothing():
    cat = catalog(public("a"), public("b"), public("c"))
    assert catalog_rules(INGRESS, cat) == []


def test_without_catalog_no_catalog_rule_runs():
    from tests.conftest import lint

    assert [d for d in lint(INGRESS) if d.rule.startswith("catalog-")] == []


def test_empty_catalog_checks_nothing():
    assert catalog_rules(INGRESS, catalog()) == []


# -- catalog-placement --------------------------------------------------------------


def test_placement_counts_why_nodes_were_filtered():
    cat = catalog(
        public("a"),
        public("b"),
        node("c"),
        node("d"),
        node("e"),
        node("f", datacenter="dc2"),
        public("g", status="down"),
        public("h", eligible=False),
        public("i", draining=True),
    )
    diagnostics = [d for d in lint_with(INGRESS, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-placement", 4, 13)]
    assert diagnostics[0].message == (
        'group "ingress" needs 3 nodes for static port 443 on host network "public" but only 2 of 9 nodes qualify: '
        '3 ineligible/down, 3 missing host network "public" for port "https", 1 not in datacenter'
    )
    assert diagnostics[0].group == "ingress"


def test_placement_counts_canaries():
    text = INGRESS.replace("count = 3", "count = 2\n    update { canary = 1 }")
    cat = catalog(public("a"), public("b"))
    assert messages(text, cat, "catalog-placement") == [
        'group "ingress" needs 3 nodes (count 2 + 1 canary) for static port 443 on host network "public" '
        "but only 2 of 2 nodes qualify"
    ]
    assert found_with(text, cat, "catalog-placement") == [(4, 13)]


def test_placement_ignore_collision_lets_allocations_share_a_node():
    text = """\
        job "a" {
          group "g" {
            count = 3
            network {
              port "dns" {
                static           = 53
                ignore_collision = true
              }
            }
          }
        }
    """
    assert catalog_rules(text, catalog(node("a"))) == []


def test_placement_two_addresses_on_a_node_are_two_slots():
    text = INGRESS.replace("count = 3", "count = 2")
    addresses = (Address("public", "1.1.1.1"), Address("public", "1.1.1.2"))
    two = node("a", host_networks={"default": (Address("default", "10.0.0.1"),), "public": addresses})
    assert catalog_rules(text, catalog(two)) == []


def test_placement_without_static_ports_needs_one_node():
    text = """\
        job "a" {
          group "web" {
            count = 5
            network {
              port "http" {}
            }
          }
        }
    """
    assert catalog_rules(text, catalog(node("a"))) == []
    down = catalog(node("a", status="down"), node("b", draining=True))
    assert found_with(text, down, "catalog-placement") == [(2, 3)]
    assert messages(text, down, "catalog-placement") == [
        'group "web" cannot be placed: none of 2 nodes qualify: 2 ineligible/down'
    ]


def test_placement_system_job_needs_a_feasible_node():
    text = """\
        job "agent" {
          type = "system"
          group "agent" {
            network {
              port "metrics" { static = 9100 }
            }
          }
        }
    """
    fine = catalog(node("a"), node("b", status="down"))
    assert catalog_rules(text, fine) == []
    none_ready = catalog(node("a", status="down"), node("b", eligible=False))
    assert messages(text, none_ready, "catalog-placement") == [
        'system job group "agent" cannot be placed: none of 2 nodes qualify: 2 ineligible/down'
    ]
    assert found_with(text, none_ready, "catalog-placement") == [(3, 3)]


def test_placement_reports_dynamic_range_exhaustion():
    text = """\
        job "a" {
          group "g" {
            network {
              port "a" {}
              port "b" {}
            }
          }
        }
    """
    tiny = catalog(node("a", min_dynamic_port=20000, max_dynamic_port=20000))
    assert messages(text, tiny, "catalog-placement") == [
        'group "g" cannot be placed: none of 1 node qualify: 1 network: dynamic port selection failed'
    ]


def test_placement_skips_unknown_count():
    text = """\
        job "a" {
          group "g" {
            count = var.n
            network {
              port "h" { static = 80 }
            }
          }
        }
    """
    cat = catalog(node("a"))
    assert catalog_rules(text, cat) == []


def test_placement_stays_quiet_when_an_attribute_rule_explains_it():
    text = INGRESS.replace('"public"', '"pubic"')
    cat = catalog(public("a"), public("b"), public("c"))
    assert catalog_rules(text, cat) == ["catalog-host-network"]


def test_placement_node_pool_default_when_unset():
    text = """\
        job "a" {
          group "g" {}
        }
    """
    cat = catalog(node("a", node_pool="gpu"))
    assert messages(text, cat, "catalog-placement") == [
        'group "g" cannot be placed: none of 1 node qualify: 1 not in node pool'
    ]
    assert catalog_rules(text, cat) == ["catalog-placement"]


# -- catalog-host-network -------------------------------------------------------------


def test_host_network_missing_with_did_you_mean():
    text = INGRESS.replace('"public"', '"pubilc"')
    cat = catalog(public("a"), public("b"), public("c"))
    diagnostics = [d for d in lint_with(text, cat) if d.rule == "catalog-host-network"]
    assert [(d.span.line, d.span.column) for d in diagnostics] == [(9, 24)]
    assert diagnostics[0].message == (
        'missing host network "pubilc" for port "https": no node in the job\'s datacenters and node pool has it'
    )
    assert diagnostics[0].hint.startswith('did you mean "public"?')


def test_host_network_default_needed_by_every_port():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
          }
        }
    """
    only_public = catalog(node("a", aliases=("public",)))
    assert found_with(text, only_public, "catalog-host-network") == [(4, 12)]
    assert messages(text, only_public, "catalog-host-network") == [
        'missing host network "default" for port "http": no node in the job\'s datacenters and node pool has it'
    ]


def test_host_network_from_meta_resolves_per_node():
    text = """\
        job "a" {
          group "g" {
            count = 2
            network {
              port "http" {
                static       = 80
                host_network = "${meta.public_network}"
              }
            }
          }
        }
    """
    cat = catalog(
        node("a", aliases=("public",), meta={"public_network": "public"}),
        node("b", aliases=("edge",), meta={"public_network": "edge"}),
    )
    assert catalog_rules(text, cat) == []


def test_host_network_template_that_never_resolves():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {
                host_network = "${meta.public_netwrk}"
              }
            }
          }
        }
    """
    cat = catalog(node("a", aliases=("public",), meta={"public_network": "public"}))
    diagnostics = [d for d in lint_with(text, cat) if d.rule == "catalog-host-network"]
    assert [(d.span.line, d.span.column) for d in diagnostics] == [(5, 24)]
    assert diagnostics[0].message == (
        'invalid host network "${meta.public_netwrk}" template for port "http": it resolves on no node'
    )
    assert diagnostics[0].hint == 'no node sets meta "public_netwrk"; did you mean "${meta.public_network}"?'


def test_host_network_template_resolving_to_an_absent_alias():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { host_network = "${meta.net}" }
            }
          }
        }
    """
    cat = catalog(node("a", aliases=("public",), meta={"net": "empty"}))
    assert messages(text, cat, "catalog-host-network") == [
        'missing host network "empty" for port "http": no node in the job\'s datacenters and node pool has it'
    ]


def test_host_network_present_on_a_down_node_only_is_a_placement_problem():
    cat = catalog(public("a", status="down"), node("b"), node("c"))
    assert catalog_rules(INGRESS, cat) == ["catalog-placement"]


def test_host_network_unknown_offline_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" { host_network = var.net }
            }
          }
        }
    """
    assert catalog_rules(text, catalog(node("a"))) == []


# -- catalog-network-mode ---------------------------------------------------------------


def test_network_mode_no_node_offers_cni_network():
    text = """\
        job "a" {
          group "g" {
            network {
              mode = "cni/MyNet"
            }
          }
        }
    """
    cat = catalog(node("a", cni_networks={"mynet": cni("mynet")}))
    diagnostics = [d for d in lint_with(text, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-network-mode", 4, 14)]
    assert diagnostics[0].message == (
        'missing network: no node in the job\'s datacenters and node pool offers network mode "cni/MyNet"'
    )
    assert diagnostics[0].hint.startswith('did you mean "cni/mynet"?')


def test_network_mode_bridge_absent():
    text = INGRESS
    cat = catalog(*(public(n, network_modes=frozenset({"host"})) for n in "abc"))
    assert found_with(text, cat, "catalog-network-mode") == [(6, 14)]
    assert catalog_rules(text, cat) == ["catalog-network-mode"]


def test_network_mode_bridge_without_cni_plugins():
    cat = catalog(*(public(n, cni_plugins={"bridge": "1.0.0"}) for n in "abc"))
    assert messages(INGRESS, cat, "catalog-network-mode") == [
        "no node in the job's datacenters and node pool has the CNI plugins bridge mode needs: "
        '"${attr.plugins.cni.version.firewall} semver >= 0.4.0" fails on all of them'
    ]


def test_network_mode_unknown_is_skipped_not_reported():
    cat = catalog(*(public(n, network_modes=None, cni_plugins=None) for n in "abc"))
    assert catalog_rules(INGRESS, cat) == []
    assert any("network mode" in s for s in skipped_with(INGRESS, cat))


# -- catalog-reserved-port --------------------------------------------------------------


def test_reserved_port_everywhere():
    cat = catalog(*(public(n, reserved_ports=frozenset({22, 443})) for n in "abc"))
    diagnostics = [d for d in lint_with(INGRESS, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-reserved-port", 8, 24)]
    assert diagnostics[0].message == (
        'network: reserved port collision https=443: every node with host network "public" reserves port 443'
    )


def test_reserved_port_on_the_host_network_only():
    reserved = {
        "default": (Address("default", "10.0.0.1"),),
        "public": (Address("public", "203.0.113.1", frozenset({443})),),
    }
    cat = catalog(*(node(n, host_networks=reserved) for n in "abc"))
    assert found_with(INGRESS, cat, "catalog-reserved-port") == [(8, 24)]


def test_reserved_port_on_some_nodes_only_is_a_placement_problem():
    cat = catalog(public("a", reserved_ports=frozenset({443})), public("b"), public("c"))
    assert catalog_rules(INGRESS, cat) == ["catalog-placement"]
    assert "1 network: reserved port collision https=443" in messages(INGRESS, cat, "catalog-placement")[0]


# -- catalog-datacenter / catalog-node-pool ---------------------------------------------


def test_unknown_datacenter_at_the_list_item():
    text = """\
        job "a" {
          datacenters = ["dc1", "eu-wset-*"]
          group "g" {}
        }
    """
    cat = catalog(node("a"), node("b", datacenter="eu-west-1"))
    diagnostics = [d for d in lint_with(text, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-datacenter", 2, 25)]
    # dc1 has nodes, so the job is placed: a warning (point 2 of issue 10)
    assert diagnostics[0].message == (
        'no node in the catalog is in datacenter "eu-wset-*"; the job is placed only in its other datacenters'
    )
    assert diagnostics[0].severity.value == "warning"


def test_unknown_datacenter_did_you_mean_and_no_cascade():
    text = INGRESS.replace('["dc1"]', '["DC1"]')
    cat = catalog(public("a"), public("b"), public("c"))
    diagnostics = [d for d in lint_with(text, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-datacenter", 2, 18)]
    assert diagnostics[0].hint == 'did you mean "dc1"? the catalog\'s datacenters are "dc1"'


def test_datacenter_glob_matching_a_node_is_fine():
    text = """\
        job "a" {
          datacenters = ["eu-*"]
          group "g" {}
        }
    """
    assert catalog_rules(text, catalog(node("a", datacenter="eu-west-1"))) == []


def test_unknown_node_pool():
    text = """\
        job "a" {
          node_pool = "gpus"
          group "g" {}
        }
    """
    cat = catalog(node("a"), node("b", node_pool="gpu"))
    diagnostics = [d for d in lint_with(text, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.span.line, d.span.column) for d in diagnostics] == [("catalog-node-pool", 2, 15)]
    assert diagnostics[0].message == 'job "a" is in nonexistent node pool "gpus": no node in the catalog is in it'
    assert diagnostics[0].hint.startswith('did you mean "gpu"?')


def test_node_pool_all_is_any_pool():
    text = """\
        job "a" {
          node_pool = "all"
          group "g" {}
        }
    """
    assert catalog_rules(text, catalog(node("a", node_pool="gpu"))) == []


# -- catalog-cni-portmap ------------------------------------------------------------------

CNI_JOB = """\
    job "a" {
      group "g" {
        network {
          mode = "cni/mynet"
          port "http" { to = 8080 }
        }
      }
    }
"""


def test_cni_without_port_mappings_warns_at_the_mode():
    cat = catalog(node("a", cni_networks={"mynet": cni("mynet", port_mappings=False, file="cni/10-mynet.conflist")}))
    diagnostics = [d for d in lint_with(CNI_JOB, cat) if d.rule.startswith("catalog-")]
    assert [(d.rule, d.severity.value, d.span.line, d.span.column) for d in diagnostics] == [
        ("catalog-cni-portmap", "warning", 4, 14)
    ]
    assert diagnostics[0].message == (
        'CNI network "mynet" (cni/10-mynet.conflist:2) has no plugin with capabilities.portMappings: '
        'ports "http" are reserved on the host but never forwarded'
    )


def test_cni_with_port_mappings_or_unknown_is_quiet():
    assert catalog_rules(CNI_JOB, catalog(node("a", cni_networks={"mynet": cni("mynet")}))) == []
    unknown = catalog(node("a", cni_networks={"mynet": cni("mynet", port_mappings=None)}))
    assert catalog_rules(CNI_JOB, unknown) == []
    assert any("maps ports" in s for s in skipped_with(CNI_JOB, unknown))


def test_cni_without_ports_needs_no_port_mappings():
    text = CNI_JOB.replace('port "http" { to = 8080 }', "")
    cat = catalog(node("a", cni_networks={"mynet": cni("mynet", port_mappings=False)}))
    assert catalog_rules(text, cat) == []
