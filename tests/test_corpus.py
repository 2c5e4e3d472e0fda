"""The 251 real Nomad jobs: no traceback and no error (they are all valid Nomad jobs)."""

from __future__ import annotations

import pytest

from jobspec.cli import discover
from jobspec.diagnostics import Severity
from jobspec.pipeline import validate_file
from tests.conftest import CORPUS, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def corpus_outcomes():
    files = discover([str(CORPUS / "jobs")])
    return {path: validate_file(path) for path, _ in files}


def test_every_corpus_job_is_found(corpus_outcomes):
    assert len(corpus_outcomes) == 251


def test_no_error_on_valid_jobs(corpus_outcomes):
    errors = [
        f"{d.span.file}:{d.span.line}:{d.span.column}: {d.message} [{d.rule}]"
        for outcome in corpus_outcomes.values()
        for d in outcome.diagnostics
        if d.severity is Severity.ERROR
    ]
    assert errors == []
