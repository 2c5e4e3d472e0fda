"""Classic mistakes planted in real corpus jobs are caught at the planted spot."""

from __future__ import annotations

import re

import pytest

from jobspec.engine.file import lint_text
from tests.conftest import CORPUS, needs_shared

PER_MUTATION = 6  # corpus files tried per mistake: enough variety, still fast


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _mode_typo(text):
    m = re.search(r'^[ \t]*mode\s*=\s*"(bridge|host)"', text, re.M)
    return m and (text[: m.start(1)] + m.group(1) + "e" + text[m.end(1) :], m.start(1) - 1)


def _duplicate_label(text):
    m = re.search(r'^([ \t]*)port\s+"([^"]+)"\s*\{', text, re.M)
    if not m:
        return None
    planted = f'{m.group(1)}port "{m.group(2)}" {{}}\n'
    return text[: m.start()] + planted + text[m.start() :], m.start() + len(planted) + len(m.group(1)) + len("port ")


def _static_out_of_range(text):
    m = re.search(r"^[ \t]*static\s*=\s*(\d+)", text, re.M)
    return m and (text[: m.start(1)] + "70000" + text[m.end(1) :], m.start(1))


def _negative_count(text):
    m = re.search(r"^[ \t]*count\s*=\s*(\d+)\s*$", text, re.M)
    return m and (text[: m.start(1)] + "-1" + text[m.end(1) :], m.start(1))


def _unknown_argument(text):
    m = re.search(r'^([ \t]*)task\s+"[^"]+"\s*\{[ \t]*\n', text, re.M)
    return m and (text[: m.end()] + m.group(1) + "  bogus_arg = 1\n" + text[m.end() :], m.end() + len(m.group(1)) + 2)


def _service_port_typo(text):
    labels = set(re.findall(r'\bport\s+"([^"]+)"\s*\{', text))
    for m in re.finditer(r'\bservice\s*\{[^{}]*?\bport\s*=\s*"([^"$]+)"', text, re.S):
        if m.group(1) in labels:
            return text[: m.start(1)] + m.group(1) + "x" + text[m.end(1) :], m.start(1) - 1
    return None


MUTATIONS = [
    (_mode_typo, {"network-mode"}),
    (_duplicate_label, {"port-duplicate-label"}),
    (_static_out_of_range, {"port-static-range"}),
    (_negative_count, {"group-count"}),
    (_unknown_argument, {"schema-unknown-argument"}),
    (_service_port_typo, {"service-port-label", "group-service-port-label"}),
]


@needs_shared
@pytest.mark.parametrize(("mutate", "rules"), MUTATIONS, ids=[m.__name__.strip("_") for m, _ in MUTATIONS])
def test_planted_mistake_is_found_at_its_spot(mutate, rules):
    tried = 0
    for path in sorted((CORPUS / "jobs").rglob("*.nomad*")):
        planted = mutate(path.read_text(encoding="utf-8", errors="replace"))
        if not planted:
            continue
        text, index = planted
        found = {(d.rule, d.span.line, d.span.column) for d in lint_text(text, str(path)).diagnostics}
        spot = _position(text, index)
        assert any((rule, *spot) in found for rule in rules), (path, spot, sorted(found))
        tried += 1
        if tried == PER_MUTATION:
            break
    assert tried == PER_MUTATION
