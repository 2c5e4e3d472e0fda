"""JUnit fails a file only for findings at or above --fail-on (issue 11, point 7)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.cli_helpers import jobspec, write

TASK = '    task "t" {\n      driver = "docker"\n    }\n'
WARNS = 'job "a" {\n  group "g" {\n    network {\n      mbits = 10\n    }\n' + TASK + "  }\n}\n"
ERRS = 'job "b" {\n  group "g" {\n    count = -1\n' + TASK + "  }\n}\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "warns.nomad", WARNS)
    write(tmp_path, "errs.nomad", ERRS)
    return tmp_path


def _cases(xml: str) -> dict[str, ET.Element]:
    return {c.get("name"): c for c in ET.fromstring(xml).iter("testcase")}


def test_a_warning_under_fail_on_error_is_a_passed_case_with_its_message(folder):
    run = jobspec("validate", "-f", "junit", "warns.nomad", "errs.nomad", cwd=folder)
    assert run.code == 1  # the error fails the run
    root = ET.fromstring(run.stdout)
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    cases = _cases(run.stdout)
    assert cases["warns.nomad"].find("failure") is None
    out = cases["warns.nomad"].find("system-out").text
    assert "warning[network-mbits-deprecated]" in out and "warns.nomad:4:" in out
    [failure] = cases["errs.nomad"].findall("failure")
    assert failure.get("type") == "error[group-count]"


def test_a_green_run_has_no_failed_case(folder):
    run = jobspec("validate", "-f", "junit", "warns.nomad", cwd=folder)
    assert run.code == 0
    assert ET.fromstring(run.stdout).find("testsuite").get("failures") == "0"
    assert not list(ET.fromstring(run.stdout).iter("failure"))


def test_fail_on_warning_makes_the_warning_a_failure(folder):
    run = jobspec("validate", "-f", "junit", "--fail-on", "warning", "warns.nomad", cwd=folder)
    assert run.code == 1
    [failure] = _cases(run.stdout)["warns.nomad"].findall("failure")
    assert failure.get("type") == "warning[network-mbits-deprecated]"
    assert _cases(run.stdout)["warns.nomad"].find("system-out") is None


def test_fail_on_from_the_configuration_decides_too(folder):
    write(folder, ".jobspec.toml", 'fail-on = "warning"\n')
    run = jobspec("validate", "-f", "junit", "warns.nomad", cwd=folder)
    assert run.code == 1
    assert ET.fromstring(run.stdout).find("testsuite").get("failures") == "1"
