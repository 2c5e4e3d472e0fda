import pytest

from jobspec.diagnostics import Severity
from tests.conftest import found, lint

RULE = "job-type"


def text(kind: str) -> str:
    return f'job "a" {{\n  type = {kind}\n  group "g" {{}}\n}}\n'


def diagnostics(kind: str):
    return [d for d in lint(text(kind)) if d.rule == RULE]


@pytest.mark.parametrize("kind", ['"service"', '"batch"', '"system"', '"sysbatch"'])
def test_known_types_pass(kind):
    assert found(text(kind), RULE) == []


def test_type_defaults_to_service():
    assert found('job "a" {\n  group "g" {}\n}\n', RULE) == []


def test_invalid_type_points_at_value_with_nomads_words():
    [d] = diagnostics('"services"')
    assert (d.span.line, d.span.column) == (2, 10)
    assert d.message == 'Invalid job type: "services"'
    assert d.severity is Severity.ERROR
    assert '"service"' in (d.hint or "")


def test_types_are_case_sensitive():
    [d] = diagnostics('"Batch"')
    assert d.message == 'Invalid job type: "Batch"'


def test_empty_type_is_missing():
    [d] = diagnostics('""')
    assert d.message == "Missing job type"


def test_core_type_passes_offline_but_servers_refuse_it():
    [d] = diagnostics('"_core"')
    assert d.message == "job type cannot be core"
    assert d.severity is Severity.WARNING


def test_unknown_type_is_skipped():
    assert found(text("var.kind"), RULE) == []
