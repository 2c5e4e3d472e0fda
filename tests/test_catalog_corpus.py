"""Nomad's own CNI configs and agent configs (../shared corpus)."""

import os

import pytest

from jobspec.catalog import cni
from jobspec.engine.catalog import load_catalog
from jobspec.engine.run import check_conflists
from tests.conftest import CORPUS, needs_shared

CNI = CORPUS / "cni"
AGENT = CORPUS / "agent"


def _files(root, suffixes):
    if not root.is_dir():
        return []
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def _lint(path):
    return check_conflists([cni.read_conflist(path, os.path.basename(path))]).diagnostics


@needs_shared
@pytest.mark.parametrize("path", _files(CNI, (".conf", ".conflist", ".json")), ids=os.path.basename)
def test_every_corpus_config_is_read_without_crashing(path):
    for d in _lint(path):
        assert d.span.line >= 1 and d.span.column >= 1


@needs_shared
def test_the_two_broken_fixtures_are_caught_beyond_their_extension():
    base = CNI / "client" / "allocrunner" / "test_fixtures"
    bad = [(d.rule, d.severity.value, d.span.line, d.span.column) for d in _lint(str(base / "bad_input.conflist.json"))]
    empty = [(d.rule, d.severity.value, d.span.line, d.span.column) for d in _lint(str(base / "empty.conflist.json"))]
    # Both hold plugin lists in `.json` files, which Nomad reads as single plugins.
    assert ("cni-wrong-kind", "error", 4, 2) in bad and ("cni-wrong-kind", "error", 4, 2) in empty
    # bad_input: a bridge name with a quote; empty: an empty bridge name and an empty subnet.
    assert ("cni-plugin-config", "warning", 10, 14) in bad
    assert ("cni-plugin-config", "error", 10, 14) in empty
    assert ("cni-plugin-config", "error", 20, 18) in empty
    fine = _lint(str(base / "hairpin.conflist.json"))
    assert [d.rule for d in fine] == ["cni-wrong-kind"]


@needs_shared
@pytest.mark.parametrize(
    "name",
    ["net1.conf", "net2.conflist", "loopback.conf", "loopback.conflist", "loopback.json", "nomad_bridge_copy.conflist"],
)
def test_real_configs_have_no_findings(name):
    (path,) = [p for p in _files(CNI, (name,)) if os.path.basename(p) == name]
    assert _lint(path) == []


@needs_shared
def test_fingerprint_fixture_folder_gives_two_networks():
    files, problems = cni.read_cni_dir(str(CNI / "client" / "fingerprint" / "test_fixtures" / "cni"))
    assert problems == []
    assert sorted(cni.networks(files)) == ["net1", "net2"]


@needs_shared
@pytest.mark.parametrize("path", _files(AGENT, (".hcl",)), ids=lambda p: p.split("agent/", 1)[-1])
def test_every_corpus_agent_config_loads(path):
    catalog, diagnostics = load_catalog([path])
    assert [d for d in diagnostics if d.rule in ("hcl-syntax", "catalog-unreadable")] == []
    assert len(catalog.nodes) == 1


@needs_shared
def test_agent_basic_fixture_values():
    catalog, _ = load_catalog([str(AGENT / "command" / "agent" / "testdata" / "basic.hcl")])
    node = catalog.nodes[0]
    assert (node.datacenter, node.node_class) == ("dc2", "linux-medium-64bit")
    assert node.reserved_ports == {1, 10, 11, 12, 100}
    assert node.meta == {"foo": "bar", "baz": "zip"}
    assert node.bridge_network_name == "custom_bridge_name"


@needs_shared
def test_hcl1_quoted_meta_keys_in_e2e_configs():
    folder = AGENT / "e2e" / "terraform" / "provision-infra" / "provision-nomad" / "etc" / "nomad.d"
    path = folder / "client-linux-0.hcl"
    catalog, diagnostics = load_catalog([str(path)])
    assert diagnostics == []
    assert catalog.nodes[0].meta == {"rack": "r1"}
