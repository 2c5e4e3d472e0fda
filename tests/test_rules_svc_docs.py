"""Each rule's own FAIL: example trips it and its PASS: example does not."""

import re
import textwrap

import pytest

from jobspec.rules import rules_by_id
from tests.conftest import found

# The service, job, Connect and task-driver rules (tests/test_corpus.py keeps them quiet on valid jobs).
RULES = [
    "service-port-label",
    "group-service-port-label",
    "job-type",
    "group-count",
    "job-datacenters",
    "connect-network",
    "task-network-deprecated",
    "network-mbits-deprecated",
    "driver-config-ports",
    "port-to-driver",
    "service-address-mode",
    "service-provider",
    "connect-task-service",
    "connect-name-case",
    "service-duplicate",
]


def example(doc: str, kind: str) -> str:
    match = re.search(rf"^{kind}:\n\n(.*?)(?=^\S|\Z)", doc, re.S | re.M)
    assert match, f"no {kind}: example"
    text = textwrap.dedent(match.group(1)).strip()
    # Examples show the interesting part; wrap them into a whole job where they are a fragment.
    if not text.startswith("job "):
        text = 'job "x" {\n' + (text if text.startswith("group ") else 'group "g" {\n' + text + "\n}") + "\n}"
    return text + "\n"


@pytest.mark.parametrize("rule", RULES)
def test_fail_example_fails_and_pass_example_passes(rule):
    doc = rules_by_id()[rule].doc
    assert found(example(doc, "FAIL"), rule) != []
    assert found(example(doc, "PASS"), rule) == []
