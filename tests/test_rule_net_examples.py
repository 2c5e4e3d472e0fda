"""The FAIL/PASS examples in the network and port rules' docs do what they say."""

import re
import textwrap

import pytest

from jobspec.rules import rules_by_id
from tests.conftest import lint

NET_RULES = [
    "port-duplicate-static",
    "port-static-range",
    "port-to-range",
    "port-ignore-collision-mode",
    "port-env-collision",
    "network-cni-args",
    "network-hostname",
    "network-hostname-host-mode",
    "network-mode",
    "network-multiple",
    "network-none-ports",
    "network-duplicate-block",
]


def in_group(snippet: str) -> str:
    return f'job "a" {{\n  group "g" {{\n{snippet}\n    task "t" {{ driver = "docker" }}\n  }}\n}}\n'


@pytest.mark.parametrize("rule_id", NET_RULES)
def test_fail_example_fails_and_pass_example_is_clean(rule_id):
    doc = rules_by_id()[rule_id].doc
    match = re.search(r"\nFAIL:\n(.*?)\nPASS:\n(.*)", doc, re.S)
    assert match, f"{rule_id} documents no FAIL/PASS examples"
    fail, passing = (textwrap.dedent(example) for example in match.groups())
    assert rule_id in {d.rule for d in lint(in_group(fail))}
    assert lint(in_group(passing)) == []
