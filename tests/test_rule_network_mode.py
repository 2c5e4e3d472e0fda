import pytest

from jobspec.rules.network_mode import suggest
from tests.conftest import in_network, lint

RULE = "network-mode"


def job(mode: str) -> str:
    return in_network(f'mode = "{mode}"')


def hits(text: str) -> list[tuple[int, int]]:
    return [(d.span.line, d.span.column) for d in lint(text) if d.rule == RULE]


@pytest.mark.parametrize("mode", ["", "host", "bridge", "none", "cni/mynet", "cni/my-net.v2"])
def test_valid_modes(mode):
    assert hits(job(mode)) == []


def test_unset_mode_is_host():
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
          }
        }
    """
    assert hits(text) == []


@pytest.mark.parametrize("mode", ["Bridge", "HOST", "cni/", "cni", "cni-mynet", "CNI/mynet", "brige", "overlay"])
def test_invalid_modes_point_at_the_value(mode):
    assert hits(job(mode)) == [(4, 14)]


def test_message_explains_the_scheduler_outcome_for_the_first_network():
    (d,) = [d for d in lint(job("Bridge")) if d.rule == RULE]
    assert d.message.startswith('network mode "Bridge" is not one of "host", "bridge", "none" or "cni/<name>"')
    assert '"missing network"' in d.message
    assert d.hint == 'did you mean "bridge"?'
    assert (d.job, d.group) == ("a", "g")


def test_later_network_is_reported_without_the_scheduler_claim():
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            network { mode = "brdge" }
          }
        }
    """
    (d,) = [d for d in lint(text) if d.rule == RULE]
    assert (d.span.line, d.span.column) == (4, 22)
    assert "missing network" not in d.message


def test_unknown_mode_is_skipped():
    text = """\
        job "a" {
          group "g" {
            network { mode = var.mode }
          }
        }
    """
    assert hits(text) == []


@pytest.mark.parametrize(
    ("mode", "wanted"),
    [
        ("Bridge", '"bridge"'),
        ("brige", '"bridge"'),
        ("hots", '"host"'),
        ("None", '"none"'),
        ("cni-mynet", '"cni/mynet"'),
        ("cni_mynet", '"cni/mynet"'),
        ("CNI/mynet", '"cni/mynet"'),
        ("cni/", "cni/<name>"),
        ("${meta.mode}", "not interpolated"),
    ],
)
def test_did_you_mean(mode, wanted):
    assert wanted in suggest(mode)
