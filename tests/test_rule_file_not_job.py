"""Nomad's volume and node pool specifications share `.nomad.hcl` with jobs (issue 10 point 8).

Nomad's CLI refuses to run them as jobs (jobspec2 "Missing job block"); `nomad volume create`
(command/volume_create.go) and `nomad node pool apply` (command/node_pool_apply.go) read them.
"""

import json

import pytest

from tests.cli_helpers import jobspec

VOLUME = 'name = "certs"\ntype = "host"\nplugin_id = "mkdir"\n'
POOL = 'node_pool "gpu" {\n  description = "nodes with a GPU"\n}\n'
JOB = 'job "a" {\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n'


def _folder(tmp_path):
    (tmp_path / "vol.nomad.hcl").write_text(VOLUME)
    (tmp_path / "pool.nomad.hcl").write_text(POOL)
    (tmp_path / "api.nomad").write_text(JOB)


def test_folder_search_skips_and_counts_files_without_a_job_block(tmp_path):
    _folder(tmp_path)
    run = jobspec("validate", ".", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["files"] == 1
    assert [s.split(":")[0] for s in report["summary"]["skipped"]] == ["./pool.nomad.hcl", "./vol.nomad.hcl"]
    assert report["diagnostics"] == []


def test_a_file_named_explicitly_is_an_error_of_its_own_rule(tmp_path):
    _folder(tmp_path)
    run = jobspec("validate", "vol.nomad.hcl", "pool.nomad.hcl", "-f", "json", cwd=tmp_path)
    assert run.code == 1
    found = [(d["rule"], d["file"], d["message"]) for d in json.loads(run.stdout)["diagnostics"]]
    assert found == [
        ("file-not-job", "pool.nomad.hcl", "Missing job block; A job block is required"),
        ("file-not-job", "vol.nomad.hcl", "Missing job block; A job block is required"),
    ]
    hints = [d["hint"] for d in json.loads(run.stdout)["diagnostics"]]
    assert "node pool specification" in hints[0] and "volume specification" in hints[1]


def test_a_job_file_in_the_folder_is_still_checked(tmp_path):
    _folder(tmp_path)
    (tmp_path / "bad.nomad").write_text(JOB.replace('driver = "docker"', 'driver = "docker"\n    }\n    task "u" {'))
    run = jobspec("validate", ".", "-f", "concise", cwd=tmp_path)
    assert "bad.nomad" in run.stdout


@pytest.mark.parametrize(
    "opening",
    [b"\xef\xbb\xbfjob ", b"job", b"/* the api */ job "],
    ids=["byte-order-mark", "label-without-space", "comment-first"],
)
def test_a_job_block_hclsyntax_reads_is_found_in_a_folder_search(tmp_path, opening):
    # hclsyntax takes each of these as a job block (checked with ../shared/tools/hclcheck): the
    # folder search must not skip them as "no top-level job block".
    (tmp_path / "api.nomad").write_bytes(opening + JOB[len("job ") :].encode())
    run = jobspec("validate", ".", "-f", "json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert (report["summary"]["files"], report["summary"]["skipped"]) == (1, [])


def test_an_empty_or_binary_job_file_in_a_folder_is_reported_not_skipped(tmp_path):
    # Neither is a volume or node pool specification: a job file emptied or overwritten by
    # mistake must fail the run, not pass as "not a job".
    _folder(tmp_path)
    (tmp_path / "emptied.nomad").write_text("\n")
    (tmp_path / "blob.nomad.hcl").write_bytes(b"\x7fELF\x00\x01")
    run = jobspec("validate", ".", "-f", "json", cwd=tmp_path)
    assert run.code == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    found = [(d["file"], d["rule"]) for d in report["diagnostics"]]
    assert found == [("./blob.nomad.hcl", "hcl-syntax"), ("./emptied.nomad", "file-unreadable")]
    assert report["diagnostics"][0]["message"] == "file is binary (it contains a NUL byte), not text"
    assert report["summary"]["files"] == 3
    assert [s.split(":")[0] for s in report["summary"]["skipped"]] == ["./pool.nomad.hcl", "./vol.nomad.hcl"]
