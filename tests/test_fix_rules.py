"""The fixes rules offer: HCL in, fixed HCL out (through the same loop as `validate --fix`),
and a second run changes nothing."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from jobspec.diagnostics import Applicability, Span
from jobspec.engine.file import lint_file as check
from jobspec.engine.options import Options
from jobspec.fix import fix_file, syntax_error
from jobspec.model.catalog import CniNetwork
from tests.catalog_fixtures import catalog, node
from tests.cli_helpers import jobspec
from tests.test_report_sarif import _validator as sarif_validator

NAME = "job.nomad"


def _fixed(text: str, unsafe: bool = False, options: Options | None = None) -> str:
    options = options or Options()
    data = text.encode()

    def recheck(content: bytes):
        return check(content, NAME, options).diagnostics

    result = fix_file(data, NAME, recheck(data), recheck, unsafe, lambda t: syntax_error(t, NAME))
    assert result.problem is None, result.problem
    return result.after.decode()


def fixes(text: str, unsafe: bool = False, options: Options | None = None) -> str:
    """The text after fixing, checked to be a fixed point: fixing it again changes nothing."""
    text = textwrap.dedent(text)
    once = _fixed(text, unsafe, options)
    assert _fixed(once, unsafe, options) == once
    return once


def offered(text: str, rule: str, options: Options | None = None) -> list[tuple[str, Applicability]]:
    found = check(textwrap.dedent(text).encode(), NAME, options or Options()).diagnostics
    return [(d.fix.title, d.fix.applicability) for d in found if d.rule == rule and d.fix is not None]


TASK = 'task "t" {\n      driver = "docker"\n    }'


def service(port: str) -> str:
    return f'service {{\n      name = "web"\n      port = "{port}"\n    }}\n    {TASK}'


def group(network: str, rest: str = TASK) -> str:
    return f'job "a" {{\n  group "g" {{\n    network {{\n{network}\n    }}\n    {rest}\n  }}\n}}\n'


# -- safe ------------------------------------------------------------------------


def test_mbits_is_deleted_with_its_line():
    before = group('      mbits = 10\n      port "http" {\n        to = 8080\n      }')
    assert fixes(before) == group('      port "http" {\n        to = 8080\n      }')


def test_mbits_in_a_one_line_block_is_left_alone():
    before = (
        'job "a" {\n  group "g" {\n    network { mbits = 10 }\n    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'
    )
    assert offered(before, "network-mbits-deprecated") == []
    assert fixes(before) == before


@pytest.mark.parametrize(("written", "meant"), [("Bridge", "bridge"), ("HOST", "host"), ("None", "none")])
def test_a_capitalised_mode_keyword_is_lower_cased(written, meant):
    assert fixes(group(f'      mode = "{written}"')) == group(f'      mode = "{meant}"')
    assert offered(group(f'      mode = "{written}"'), "network-mode")[0][1] is Applicability.SAFE


def test_a_capitalised_cni_prefix_is_lower_cased_and_the_name_kept():
    assert fixes(group('      mode = "CNI/mynet"')) == group('      mode = "cni/mynet"')


def test_a_mode_from_a_variable_is_never_rewritten():
    before = 'variable "m" {\n  default = "Bridge"\n}\n' + group("      mode = var.m")
    assert fixes(before, unsafe=True) == before


def test_a_close_mode_is_only_an_unsafe_fix():
    before = group('      mode = "brigde"')
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == group('      mode = "bridge"')


# -- unsafe ----------------------------------------------------------------------


def test_a_cni_name_with_capitals_is_lower_cased_only_when_unsafe():
    before = group('      mode = "cni/MyNet"')
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == group('      mode = "cni/mynet"')


def test_hostname_in_host_mode_is_removed_when_unsafe():
    before = group('      mode     = "host"\n      hostname = "web"')
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == group('      mode     = "host"')


def test_ports_of_a_none_network_are_removed_when_unsafe():
    before = group('      mode = "none"\n      port "a" {\n        static = 80\n      }\n      port "b" {}')
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == group('      mode = "none"')


def test_a_service_port_label_typo_is_renamed_when_unsafe():
    service = (
        'service {\n      name = "web"\n      port = "htpp"\n    }\n    task "t" {\n      driver = "docker"\n    }'
    )
    before = group('      port "http" {}', service)
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == group('      port "http" {}', service.replace("htpp", "http"))


def test_a_ports_list_typo_is_renamed_when_unsafe():
    task = 'task "t" {\n      driver = "docker"\n      config {\n        ports = ["http", "metrcs"]\n      }\n    }'
    before = group('      port "http" {}\n      port "metrics" {}', task)
    assert fixes(before, unsafe=True) == group(
        '      port "http" {}\n      port "metrics" {}', task.replace("metrcs", "metrics")
    )


def test_a_label_with_no_close_match_has_no_fix():
    service = (
        'service {\n      name = "web"\n      port = "zzzz"\n    }\n    task "t" {\n      driver = "docker"\n    }'
    )
    assert offered(group('      port "http" {}', service), "group-service-port-label") == []


# -- against a catalog -----------------------------------------------------------

CATALOG_JOB = """\
job "a" {
  datacenters = ["dc1", "eu-wset"]
  node_pool   = "prodution"
  group "g" {
    network {
      mode = "bridge"
      port "https" {
        static       = 443
        host_network = "publc"
      }
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def _catalog_options() -> Options:
    nodes = [
        node(f"n{i}", aliases=("default", "public"), datacenter=dc, node_pool="production")
        for i, dc in enumerate(("eu-west", "eu-west"))
    ]
    return Options(catalog=catalog(*nodes))


def test_catalog_names_are_renamed_to_the_close_ones_when_unsafe():
    options = _catalog_options()
    assert fixes(CATALOG_JOB, options=options) == CATALOG_JOB
    after = fixes(CATALOG_JOB, unsafe=True, options=options)
    assert '["dc1", "eu-west"]' in after
    assert 'node_pool   = "production"' in after
    assert 'host_network = "public"' in after


def test_a_cni_network_name_is_renamed_to_the_catalog_one_when_unsafe():
    net = CniNetwork("mynet", "cni/mynet.conflist", Span.point("cni/mynet.conflist", 2, 3), ("bridge", "portmap"), True)
    options = Options(
        catalog=catalog(
            node("n1", network_modes=frozenset({"host", "bridge", "cni/mynet"}), cni_networks={"mynet": net})
        )
    )
    before = group('      mode = "cni/mynte"')
    assert offered(before, "catalog-network-mode", options) == [('rename to "cni/mynet"', Applicability.UNSAFE)]
    assert fixes(before, unsafe=True, options=options) == group('      mode = "cni/mynet"')


def test_examples_broken_fix_what_is_safe_and_a_second_run_changes_nothing(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples" / "broken"
    copy = tmp_path / "broken"
    shutil.copytree(examples, copy)
    first = jobspec("validate", "broken", "--fix", "--format", "concise", "--summary", cwd=tmp_path)
    assert first.code == 1  # what cannot be fixed safely stays reported
    assert "; 1 fixed, 1 more fixable with --unsafe-fixes;" in first.stderr
    ports = (copy / "ports.nomad").read_text()
    assert 'mode = "bridge"' in ports and 'port = "htpp"' in ports  # the label guess is unsafe
    assert (copy / "schema.nomad").read_bytes() == (examples / "schema.nomad").read_bytes()
    assert (copy / "syntax.nomad").read_bytes() == (examples / "syntax.nomad").read_bytes()
    snapshot = {p.name: p.read_bytes() for p in copy.iterdir()}
    second = jobspec("validate", "broken", "--fix", "--format", "concise", "--summary", cwd=tmp_path)
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == snapshot
    assert second.stdout == first.stdout and second.code == 1
    assert "; 0 fixed, 1 more fixable with --unsafe-fixes;" in second.stderr
    diff = jobspec("validate", "broken", "--diff", cwd=tmp_path)
    assert diff.stdout == "" and {p.name: p.read_bytes() for p in copy.iterdir()} == snapshot


def test_sarif_of_examples_broken_carries_the_fixes_and_validates(tmp_path):
    examples = Path(__file__).resolve().parent.parent / "examples" / "broken"
    shutil.copytree(examples, tmp_path / "broken")
    run = jobspec("validate", "broken", "--format", "sarif", cwd=tmp_path)
    data = json.loads(run.stdout)
    sarif_validator().validate(data)
    fixes = {r["ruleId"]: r["fixes"] for r in data["runs"][0]["results"] if "fixes" in r}
    assert set(fixes) == {"network-mode", "group-service-port-label"}
    change = fixes["network-mode"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "broken/ports.nomad", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 7, "startColumn": 14, "endLine": 7, "endColumn": 22},
            "insertedContent": {"text": '"bridge"'},
        }
    ]
    assert fixes["group-service-port-label"][0]["properties"] == {"applicability": "unsafe"}


def test_crlf_lines_are_deleted_with_their_line_end():
    before = group('      mbits = 10\n      port "http" {}').replace("\n", "\r\n")
    assert fixes(before) == group('      port "http" {}').replace("\n", "\r\n")


@given(st.sampled_from(["host", "bridge", "none"]), st.data())
@settings(max_examples=30, deadline=None)
def test_any_capitalisation_of_a_mode_keyword_is_fixed_safely(keyword, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(keyword), max_size=len(keyword)))
    written = "".join(c.upper() if flip else c for c, flip in zip(keyword, flips, strict=True))
    assert fixes(group(f'      mode = "{written}"')) == group(f'      mode = "{keyword}"')


def test_a_capitalised_job_type_is_lower_cased_and_a_plural_only_when_unsafe():
    job = 'job "a" {{\n  type = "{}"\n  group "g" {{\n    {}\n  }}\n}}\n'
    assert fixes(job.format("Batch", TASK)) == job.format("batch", TASK)
    assert fixes(job.format("services", TASK)) == job.format("services", TASK)
    assert fixes(job.format("services", TASK), unsafe=True) == job.format("service", TASK)


def test_a_capitalised_service_provider_is_lower_cased():
    service = 'service {\n      name     = "web"\n      provider = "Nomad"\n    }\n    ' + TASK
    assert fixes(group('      port "http" {}', service)) == group(
        '      port "http" {}', service.replace("Nomad", "nomad")
    )
    spaced = service.replace('"Nomad"', '" nomad"')
    assert fixes(group('      port "http" {}', spaced)) == group('      port "http" {}', spaced)
    assert offered(group('      port "http" {}', spaced), "service-provider") == [
        ('write "nomad"', Applicability.UNSAFE)
    ]


def test_a_misspelt_rule_id_in_a_suppression_is_renamed_when_unsafe():
    before = group('      port "http" {\n        to = 70000 # jobspec:ignore port-to-rang\n      }')
    assert offered(before, "suppression-invalid") == [("write `port-to-range`", Applicability.UNSAFE)]
    assert fixes(before) == before
    assert fixes(before, unsafe=True) == before.replace("port-to-rang\n", "port-to-range\n")


def test_a_line_deleted_by_a_fix_takes_its_comment_along():
    before = group('      mbits = 10 # jobspec:ignore network-mbits-deprecatd\n      port "http" {}')
    assert fixes(before) == group('      port "http" {}')
