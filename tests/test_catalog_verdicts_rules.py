"""Issue 10, points 2, 5, 11 and 20: catalog rules give Nomad's verdict, once per mistake.

Each case is a minimal job and catalog; the comment names the Nomad function it follows
(hashicorp/nomad at aa026cc99cfb).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from jobspec.engine.catalog import load_catalog
from jobspec.rules import rule_by_id
from tests.catalog_fixtures import catalog, cni, lint_with, node, skipped_with


def found(text: str, cat) -> list[tuple[str, str, int, int]]:
    return [
        (d.rule, d.severity.value, d.span.line, d.span.column)
        for d in lint_with(text, cat)
        if d.rule != "job-datacenters"
    ]


def job(datacenters: str = '["dc1"]', network: str = "") -> str:
    return f"""\
        job "web" {{
          datacenters = {datacenters}
          group "g" {{
            {network}
            task "t" {{
              driver = "docker"
              config {{ image = "nginx" }}
            }}
          }}
        }}
    """


# -- point 2: catalog-datacenter -------------------------------------------------------------


def test_a_listed_datacenter_without_nodes_is_a_warning_when_another_has_nodes():
    # scheduler/util.go readyNodesInDCsAndPool keeps a node when Node.IsInAnyDC
    # (nomad/structs/structs.go) finds one pattern matching its datacenter
    text = job('["dc1", "dc2"]')
    assert found(text, catalog(node("a"))) == [("catalog-datacenter", "warning", 2, 25)]


def test_no_listed_datacenter_with_nodes_is_an_error_per_datacenter():
    text = job('["dc2", "eu-*"]')
    assert found(text, catalog(node("a"))) == [
        ("catalog-datacenter", "error", 2, 18),
        ("catalog-datacenter", "error", 2, 25),
    ]


def test_a_glob_matching_some_node_keeps_the_others_warnings():
    text = job('["dc9", "eu-*"]')
    assert found(text, catalog(node("a", datacenter="eu-west-1"))) == [("catalog-datacenter", "warning", 2, 18)]


def test_plan_and_validate_agree_the_job_places():
    # the warning does not stop placement: catalog-placement stays quiet
    text = job('["dc1", "dc2"]')
    assert [r for r, *_ in found(text, catalog(node("a")))] == ["catalog-datacenter"]


def example(rule_id: str, kind: str) -> str:
    found = rule_by_id(rule_id)
    assert found is not None
    match = re.search(rf"^{kind}:\n\n(.*?)(?=^\S|\Z)", found.doc, re.S | re.M)
    assert match
    return textwrap.dedent(match.group(1)).strip()


def test_catalog_datacenter_doc_examples():
    # the FAIL/PASS examples `jobspec rule catalog-datacenter` prints
    cat = catalog(node("a"), node("b", datacenter="eu-west-1"))
    fail, passing = example("catalog-datacenter", "FAIL"), example("catalog-datacenter", "PASS")
    # The examples hold a group with a task, written as Nomad's parser reads them.
    assert "catalog-datacenter" in [d.rule for d in lint_with(fail, cat)]
    assert "catalog-datacenter" not in [d.rule for d in lint_with(passing, cat)]


# -- point 5: catalog-host-network with class folders ----------------------------------------------


def class_folder(root: Path, name: str, networks: str = "", conflists: dict[str, str] | None = None) -> str:
    folder = root / name
    (folder / "cni").mkdir(parents=True)
    (folder / "client.hcl").write_text(f"client {{\n  enabled = true\n{networks}}}\n")
    for file, text in (conflists or {}).items():
        (folder / "cni" / file).write_text(text)
    return str(folder)


def test_node_unique_name_is_unknown_for_a_class_folder(tmp_path):
    # scheduler/feasible/feasible.go resolveTarget: ${node.unique.name} is Node.Name, the
    # node's hostname; a class folder stands for many nodes and names none of them.
    cat, _ = load_catalog([class_folder(tmp_path, "edge", '  host_network "public" { cidr = "10.0.0.0/8" }\n')])
    text = job('["*"]', 'network {\n port "http" { host_network = "${node.unique.name}" }\n}')
    assert [d for d in lint_with(text, cat) if d.rule.startswith("catalog-")] == []
    assert any("host network ${node.unique.name}: the catalog does not state it" in s for s in skipped_with(text, cat))


def test_node_unique_name_still_resolves_for_node_json():
    # a node from the API has its own Name: resolveTarget answers per node
    cat = catalog(node("web-1", aliases=("default", "public")))
    text = job('["*"]', 'network {\n port "http" { host_network = "${node.unique.name}" }\n}')
    assert [r for r, *_ in found(text, cat)] == ["catalog-host-network"]


# -- point 11: cni/MyNet with a catalog --------------------------------------------------------------


MIXED = 'network {\n mode = "cni/MyNet"\n}'


def test_mixed_case_cni_mode_says_which_nodes_fail_which_way():
    # scheduler/feasible/feasible.go NetworkChecker matches the mode exactly; the client's
    # newNetworkConfigurator (client/allocrunner/network_manager_linux.go) lower-cases it and
    # loadCNIConf (networking_cni.go) then finds no conflist named "mynet".
    cat = catalog(
        node("a", cni_networks={"MyNet": cni("MyNet")}),
        node("b", cni_networks={"MyNet": cni("MyNet"), "mynet": cni("mynet", file="cni/lower.conflist")}),
        node("c", cni_networks={}),
        node("d", cni_networks={}),
    )
    [d] = [d for d in lint_with(job('["*"]', MIXED), cat) if d.rule.startswith("catalog-")]
    assert (d.rule, d.span.line, d.span.column) == ("catalog-network-mode", 5, 9)
    assert d.message == (
        'network mode "cni/MyNet" has uppercase letters, which never works: 1 node has a conflist named "MyNet", '
        "so the scheduler places the group there, but the client lower-cases the mode and fails with "
        '"CNI network config not found for name "mynet""; 1 node has both "MyNet" and "mynet": the group is placed '
        'by "MyNet" and joins the network "mynet" ("cni/lower.conflist"); 2 nodes are filtered as "missing network"'
    )
    assert d.hint.startswith('name the conflist "mynet" and write mode = "cni/mynet"')


def test_mixed_case_cni_mode_offered_nowhere_is_missing_network():
    cat = catalog(node("a", cni_networks={"mynet": cni("mynet")}))
    [d] = [d for d in lint_with(job('["*"]', MIXED), cat) if d.rule == "catalog-network-mode"]
    assert d.message.startswith("missing network:") and d.hint.startswith('did you mean "cni/mynet"?')


def test_mixed_case_cni_mode_with_unknown_networks_is_skipped():
    cat = catalog(node("a", cni_networks=None, network_modes=None))
    text = job('["*"]', MIXED)
    assert [d for d in lint_with(text, cat) if d.rule == "catalog-network-mode"] == []


def test_broken_conflist_the_group_uses_is_reported_at_the_mode(tmp_path):
    # libcni refuses nothing here, but every plugin fails at ADD (pkg/version: the exact
    # version string must be one the plugin supports): the job meets it when it starts.
    folder = class_folder(
        tmp_path,
        "edge",
        conflists={
            "10-mynet.conflist": '{"cniVersion": "1.0", "name": "mynet", "plugins": [\n'
            '{"type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}]}\n'
        },
    )
    cat, problems = load_catalog([folder])
    assert [p.rule for p in problems] == ["cni-version"]
    [d] = [
        d for d in lint_with(job('["*"]', 'network {\n mode = "cni/mynet"\n}'), cat) if d.rule.startswith("catalog-")
    ]
    assert (d.rule, d.span.line, d.span.column) == ("catalog-network-mode", 5, 9)
    assert d.message.startswith(f'network "mynet" comes from {folder}/cni/10-mynet.conflist, which has 1 error: ')
    assert d.message.endswith(f"[cni-version] at {folder}/cni/10-mynet.conflist:1:16")


def test_a_broken_conflist_the_group_does_not_use_is_not_the_jobs(tmp_path):
    folder = class_folder(
        tmp_path,
        "edge",
        conflists={"20-caps.conflist": '{"cniVersion": "1.0.0", "name": "CapsNet", "plugins": [{"type": "loopback"}]}'},
    )
    cat, problems = load_catalog([folder])
    assert [p.rule for p in problems] == ["cni-network-name"]
    assert [d for d in lint_with(job('["*"]'), cat) if d.rule.startswith("catalog-")] == []


# -- point 20: one finding per mistake ----------------------------------------------------------------


def test_invalid_mode_is_reported_once():
    # network-mode says it without a catalog; catalog-network-mode does not repeat it
    cat = catalog(node("a"))
    text = job('["*"]', 'network {\n mode = "Bridge"\n}')
    assert [r for r, *_ in found(text, cat)] == ["network-mode"]


def test_interpolated_mode_is_left_to_network_mode():
    # NetworkChecker compares the mode as written: nothing the nodes offer changes that
    cat = catalog(node("a", cni_networks={"mynet": cni("mynet")}))
    text = job('["*"]', 'network {\n mode = "cni/${meta.net}"\n}')
    assert [d for d in lint_with(text, cat) if d.rule == "catalog-network-mode"] == []


def test_a_refining_catalog_finding_replaces_the_job_rules_at_the_same_spot():
    from jobspec.diagnostics import Diagnostic, Severity, Span
    from jobspec.engine.run import one_per_mistake

    mode = Span("job.nomad", 5, 9, 5, 20)
    job_rule = Diagnostic("network-mode", Severity.ERROR, "upper-case cni name", mode)
    catalog_rule = Diagnostic("catalog-network-mode", Severity.ERROR, "on which nodes it fails how", mode)
    elsewhere = Diagnostic("network-mode", Severity.ERROR, "second group", Span("job.nomad", 9, 9, 9, 20))
    assert one_per_mistake([job_rule, catalog_rule, elsewhere]) == [catalog_rule, elsewhere]
    assert one_per_mistake([job_rule, elsewhere]) == [job_rule, elsewhere]


def test_ignoring_the_catalog_rule_brings_the_job_rules_finding_back(monkeypatch):
    # selection runs before the one-finding-per-mistake step (jobspec/runner.py check); the
    # job rule's upper-case finding (another branch's network-mode) is stood in for here.
    from jobspec.diagnostics import Diagnostic, Severity
    from jobspec.engine.file import lint_file
    from jobspec.engine.options import Options
    from jobspec.rules import network_mode

    def upper_case(job, ctx):
        for group in job.groups:
            network = group.networks[0]
            yield Diagnostic("network-mode", Severity.ERROR, "upper-case cni name", network.at("mode"))

    monkeypatch.setattr(network_mode, "check", upper_case)
    cat = catalog(node("a", cni_networks={"MyNet": cni("MyNet")}))
    data = textwrap.dedent(job('["*"]', MIXED)).encode()
    both = lint_file(data, "job.nomad", Options(catalog=cat)).diagnostics
    assert [d.rule for d in both if "network-mode" in d.rule] == ["catalog-network-mode"]
    ignored = lint_file(data, "job.nomad", Options(catalog=cat, ignore=("catalog-network-mode",))).diagnostics
    assert [d.rule for d in ignored if "network-mode" in d.rule] == ["network-mode"]


def in_group(snippet: str) -> str:
    return job('["*"]', snippet.replace("\n", "\n    "))


def test_catalog_network_mode_doc_examples():
    # the FAIL/PASS examples `jobspec rule catalog-network-mode` prints
    cat = catalog(node("a", cni_networks={"MyNet": cni("MyNet")}), node("b", cni_networks={"mynet": cni("mynet")}))
    fail, passing = example("catalog-network-mode", "FAIL"), example("catalog-network-mode", "PASS")
    assert "catalog-network-mode" in [d.rule for d in lint_with(in_group(fail), cat)]
    assert [d for d in lint_with(in_group(passing), cat) if d.rule.startswith("catalog-")] == []


def test_catalog_host_network_doc_examples():
    cat = catalog(node("a", aliases=("default", "public")))
    fail, passing = example("catalog-host-network", "FAIL"), example("catalog-host-network", "PASS")
    net = "network {{\n{}\n}}"
    assert "catalog-host-network" in [d.rule for d in lint_with(in_group(net.format(fail)), cat)]
    assert [d for d in lint_with(in_group(net.format(passing)), cat) if d.rule.startswith("catalog-")] == []


def test_a_lower_case_mode_against_an_upper_case_conflist_points_at_the_conflist():
    # The nodes offer only "cni/MyNet", which no job can use (newNetworkConfigurator lower-cases
    # the mode): the hint renames the conflist rather than suggest the broken mode.
    cat = catalog(node("a", cni_networks={"MyNet": cni("MyNet")}))
    [d] = [
        d for d in lint_with(job('["*"]', 'network {\n mode = "cni/mynet"\n}'), cat) if d.rule.startswith("catalog-")
    ]
    assert (
        d.message == 'missing network: no node in the job\'s datacenters and node pool offers network mode "cni/mynet"'
    )
    assert d.hint.startswith('the nodes\' conflist is named "MyNet", which no job can use')
    assert 'name it "mynet";' in d.hint and 'did you mean "cni/MyNet"' not in d.hint
