"""The 251 real Nomad jobs: no traceback and no error (they are all valid Nomad jobs),
once the variables a file expects from -var are given."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobspec.diagnostics import Severity
from jobspec.inputs import Inputs
from jobspec.runner import discover
from tests.conftest import CORPUS, needs_shared
from tests.lint_helpers import lint_path
from tests.test_evaluate_corpus import NEEDED, REFUSED

pytestmark = needs_shared

# jobspec2 parser fixtures that Nomad parses but `nomad job validate` rejects
# ("Missing task driver", structs.go:Task.Validate): the one error they may show.
PARSER_FIXTURES_WITHOUT_DRIVER = {
    "jobspec2/test-fixtures/restart-render-templates.hcl",
    "jobspec2/test-fixtures/template-err-missing-key.hcl",
    "jobspec2/test-fixtures/template-wait-config.hcl",
}


def _expected(path: str, message: str) -> bool:
    relative = path.removeprefix(str(CORPUS / "jobs") + "/")
    return relative in PARSER_FIXTURES_WITHOUT_DRIVER and message == "Missing task driver"


@pytest.fixture(scope="module")
def corpus_outcomes():
    jobs = CORPUS / "jobs"
    outcomes = {}
    for path, _ in discover([str(jobs)]):
        name = str(Path(path).relative_to(jobs))
        given = Inputs(vars=tuple(f"{k}={v}" for k, v in NEEDED.get(name, {}).items()))
        outcomes[name] = lint_path(path, inputs=given)
    return outcomes


def test_every_corpus_job_is_found(corpus_outcomes):
    assert len(corpus_outcomes) == 251


def test_no_error_on_valid_jobs(corpus_outcomes):
    errors = [
        f"{d.span.file}:{d.span.line}:{d.span.column}: {d.message} [{d.rule}]"
        for name, outcome in corpus_outcomes.items()
        for d in outcome.diagnostics
        if d.severity is Severity.ERROR
        and d.rule not in REFUSED.get(name, [])
        and not _expected(d.span.file, d.message)
    ]
    assert errors == []
