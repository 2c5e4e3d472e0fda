"""The service, job, Connect and task-driver rules raise no error on Nomad's own valid jobs."""

from jobspec.diagnostics import Severity
from jobspec.pipeline import validate_file
from tests.conftest import CORPUS, needs_shared

RULES = {
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
}


@needs_shared
def test_no_errors_on_the_corpus():
    files = sorted(p for p in (CORPUS / "jobs").rglob("*") if p.is_file())
    assert len(files) > 200
    errors = [
        f"{d.span.file}:{d.span.line}: {d.rule}: {d.message}"
        for path in files
        for d in validate_file(str(path)).diagnostics
        if d.rule in RULES and d.severity is Severity.ERROR
    ]
    assert errors == []
