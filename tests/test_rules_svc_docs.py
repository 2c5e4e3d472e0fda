"""Each rule's own FAIL: example trips it and its PASS: example does not."""

import re
import textwrap

import pytest

from jobspec.rules import rules_by_id
from tests.conftest import found
from tests.test_rules_svc_corpus import RULES


def example(doc: str, kind: str) -> str:
    match = re.search(rf"^{kind}:\n\n(.*?)(?=^\S|\Z)", doc, re.S | re.M)
    assert match, f"no {kind}: example"
    text = textwrap.dedent(match.group(1)).strip()
    # Examples show the interesting part; wrap them into a whole job where they are a fragment.
    if not text.startswith("job "):
        text = 'job "x" {\n' + (text if text.startswith("group ") else 'group "g" {\n' + text + "\n}") + "\n}"
    return text + "\n"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_fail_example_fails_and_pass_example_passes(rule):
    doc = rules_by_id()[rule].doc
    assert found(example(doc, "FAIL"), rule) != []
    assert found(example(doc, "PASS"), rule) == []
