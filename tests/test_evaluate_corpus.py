"""The corpus files that declare variables: each validates cleanly once given values for
the variables without defaults (and only those), and reports exactly those when not."""

import re

import pytest

from jobspec.inputs import Inputs
from tests.conftest import CORPUS, needs_shared
from tests.lint_helpers import lint_path

JOBS = CORPUS / "jobs"
DECLARES = re.compile(r"(?m)^\s*variables?\s")

NEEDED = {
    "e2e/cni/input/config_format.nomad.hcl": {"format": "conflist"},
    "e2e/consul/input/service_reversion.nomad": {"service": "echo"},
    "e2e/docker/input/docker_config.hcl": {"registry_address": "localhost:5000", "user": "auser"},
    "e2e/docker_registry/registry-auths.hcl": {"registry_address": "localhost:5000", "user": "auser"},
    "e2e/e2eutil/input/disconnect-node.nomad": {"nodeID": "9f1d2c3b"},
    "e2e/e2eutil/input/restart-node.nomad": {"nodeID": "9f1d2c3b"},
    "e2e/jobsubmissions/input/xyz.hcl": {"X": "x", "Y": "2", "Z": "true"},
    "e2e/pledge/input/curl.hcl": {"address": "http://127.0.0.1:8080"},
    "e2e/secret/input/custom_secret.hcl": {"secret_value": "s3cr3t"},
    "e2e/secret/input/nomad_secret.hcl": {"secret_path": "secret/data/app"},
    "e2e/secret/input/vault_secret.hcl": {"secret_path": "secret/data/app"},
    "e2e/servicediscovery/input/checks_task_restart_helper.nomad": {
        "nodeID": "9f1d2c3b",
        "cmd": "touch",
        "delay": "5",
        "filename": "ready",
    },
    "e2e/servicediscovery/input/checks_task_restart_main.nomad": {"filename": "ready"},
    "e2e/task_schedule/input/schedule.nomad.hcl": {"start": "0 9 * * *", "end": "0 17"},
    "e2e/workload_id/input/node-meta.nomad.hcl": {
        "foo_key": "foo",
        "empty_key": "empty",
        "unset_key": "unset",
        "foo_constraint": "${meta.foo}",
        "empty_constraint": "${meta.empty}",
        "unset_constraint": "${meta.unset}",
    },
}

# controller.nomad reads file(pathexpand("~/.ssh/id_rsa")): outside the job's folder, so refused.
REFUSED = {"demo/csi/kadalu-csi/controller.nomad": ["hcl-fs-refused"]}


def _files() -> list[str]:
    if not JOBS.is_dir():
        return []
    found = [p for p in sorted(JOBS.rglob("*")) if p.suffix in (".nomad", ".hcl") and p.is_file()]
    return [str(p.relative_to(JOBS)) for p in found if DECLARES.search(p.read_text(encoding="utf-8"))]


@needs_shared
def test_the_corpus_has_41_files_with_variables():
    assert len(_files()) == 41


@needs_shared
@pytest.mark.parametrize("name", _files())
def test_corpus_file_with_its_needed_values_is_clean(name):
    needed = NEEDED.get(name, {})
    given = Inputs(vars=tuple(f"{k}={v}" for k, v in needed.items()))
    rules = [d.rule for d in lint_path(str(JOBS / name), inputs=given).diagnostics]
    assert rules == REFUSED.get(name, [])
    unset = [d for d in lint_path(str(JOBS / name)).diagnostics if d.rule == "hcl-variable-unset"]
    assert sorted(d.message.split('"')[1] for d in unset) == sorted(needed)
