from tests.conftest import found, lint

RULE = "connect-network"


def job(network: str, connect: str = "sidecar_service {}", group: str = "g1") -> str:
    return f"""\
job "a" {{
  group "{group}" {{
{network}
    service {{
      name = "api"
      port = "9090"
      connect {{
        {connect}
      }}
    }}
    task "t" {{ driver = "docker" }}
  }}
}}
"""


def messages(text: str) -> list[str]:
    return [d.message for d in lint(text) if d.rule == RULE]


def test_sidecar_without_network_points_at_service():
    text = job("")
    assert found(text, RULE) == [(4, 5)]
    assert messages(text) == [
        'connect sidecar: must have exactly one network for Consul Connect: group "g1" has 0 networks'
    ]


def test_sidecar_in_host_mode_points_at_mode():
    text = job('    network {\n      mode = "host"\n    }', group="g2")
    assert found(text, RULE) == [(4, 14)]
    assert messages(text) == [
        'connect sidecar: invalid network mode for Consul Connect: group "g2" uses network mode "host"; '
        'must be "bridge" or "cni/*"'
    ]


def test_sidecar_with_unset_mode_points_at_network_block():
    text = job("    network {}")
    assert found(text, RULE) == [(3, 5)]
    assert 'uses network mode ""' in messages(text)[0]


def test_sidecar_in_bridge_or_cni_mode_passes():
    assert found(job('    network { mode = "bridge" }'), RULE) == []
    assert found(job('    network { mode = "cni/test-net" }'), RULE) == []


def test_two_networks_point_at_the_second():
    text = job('    network { mode = "bridge" }\n    network { mode = "bridge" }')
    assert found(text, RULE) == [(4, 5)]
    assert messages(text) == [
        'connect sidecar: must have exactly one network for Consul Connect: group "g1" has 2 networks'
    ]


def test_gateway_without_network():
    text = job("", connect="gateway {\n          ingress {}\n        }")
    assert messages(text) == [
        'connect gateway: must have exactly one network for Consul Connect: group "g1" has 0 networks'
    ]


def test_gateway_with_unset_mode_is_refused():
    text = job("    network {}", connect="gateway {\n          ingress {}\n        }")
    assert found(text, RULE) == [(3, 5)]
    assert messages(text) == [
        'connect gateway: invalid network mode for Consul Connect: group "g1" uses network mode ""; '
        'must be "bridge", "host", or "cni/*"'
    ]


def test_gateway_in_bridge_host_or_cni_mode_passes():
    for mode in ("bridge", "host", "cni/test-net"):
        text = job(f'    network {{ mode = "{mode}" }}', connect="gateway {\n          ingress {}\n        }")
        assert found(text, RULE) == []


def test_connect_native_is_not_checked():
    assert found(job("", connect="native = true"), RULE) == []


def test_one_report_per_group_like_nomad():
    text = """\
        job "a" {
          group "g" {
            service {
              name = "one"
              connect {
                sidecar_service {}
              }
            }
            service {
              name = "two"
              connect {
                sidecar_service {}
              }
            }
          }
        }
    """
    assert found(text, RULE) == [(3, 5)]


def test_unknown_mode_is_skipped():
    assert found(job("    network { mode = var.mode }"), RULE) == []


def test_dynamic_network_is_skipped():
    text = job('    dynamic "network" {\n      for_each = ["bridge"]\n      content { mode = network.value }\n    }')
    assert found(text, RULE) == []
