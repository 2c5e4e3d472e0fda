"""The small formats: concise, github, junit, text's summary and the registry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from jobspec.diagnostics import Diagnostic, Severity, Span
from jobspec.report import FORMATTERS, concise, github, junit, summary
from jobspec.report import text as text_format
from jobspec.report.model import Report
from tests.conftest import lint

DUPLICATE = """\
    job "a" {
      group "g" {
        network {
          port "http" { to = 8080 }
          port "http" { static = 80 }
        }
        task "t" { driver = "docker" }
      }
    }
"""


def _report(diagnostics=(), skipped=(), paths=("job.nomad",), sources=None) -> Report:
    return Report(
        files=len(paths),
        diagnostics=tuple(sorted(diagnostics, key=Diagnostic.sort_key)),
        skipped=tuple(sorted(skipped)),
        sources=sources or {},
        paths=tuple(paths),
    )


def _diag(message="boom", severity=Severity.ERROR, file="job.nomad", line=3, col=5, hint=None, rule="some-rule"):
    return Diagnostic(rule, severity, message, Span(file, line, col, line, col + 4), hint)


# -- registry -----------------------------------------------------------------


def test_registry_names_every_format_and_each_renders_an_empty_report():
    assert list(FORMATTERS) == ["text", "concise", "json", "sarif", "github", "junit"]
    for formatter in FORMATTERS.values():
        assert isinstance(formatter.render(_report()), str)


# -- concise ------------------------------------------------------------------


def test_concise_is_one_gcc_style_line_per_diagnostic():
    report = _report(lint(DUPLICATE))
    assert concise.render(report) == (
        "job.nomad:5:12: error[port-duplicate-label]: Port label http already in use by taskgroup network\n"
    )


def test_concise_folds_a_multiline_message_and_matches_a_problem_matcher():
    out = concise.render(_report([_diag("first\nsecond\r\nthird", Severity.WARNING)]))
    assert out.count("\n") == 1
    match = re.fullmatch(r"(.+?):(\d+):(\d+): (error|warning|info)\[([\w-]+)\]: (.*)\n", out)
    assert match is not None
    assert match.groups() == ("job.nomad", "3", "5", "warning", "some-rule", "first second third")


def test_concise_prints_nothing_for_a_clean_run():
    assert concise.render(_report()) == ""


# -- github -------------------------------------------------------------------


def test_github_annotation_carries_position_title_and_hint():
    report = _report(lint(DUPLICATE))
    assert github.render(report) == (
        "::error file=job.nomad,line=5,col=12,endLine=5,endColumn=18,title=jobspec port-duplicate-label::"
        "Port label http already in use by taskgroup network%0Ahint: the first port 'http' is at line 4; "
        "rename one of them\n"
    )


def test_github_escapes_data_and_properties_like_actions_toolkit():
    assert github.escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert github.escape_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"


def test_github_escapes_a_file_name_with_comma_and_colon():
    out = github.render(_report([_diag("x: 50%", file="we,ird:name.nomad")], paths=("we,ird:name.nomad",)))
    assert out.startswith("::error file=we%2Cird%3Aname.nomad,line=3,")
    assert out.endswith("::x: 50%25\n")


@pytest.mark.parametrize(
    ("severity", "command"), [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]
)
def test_github_command_per_severity(severity, command):
    assert github.render(_report([_diag(severity=severity)])).startswith(f"::{command} ")


def test_github_names_files_relative_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    absolute = str(tmp_path / "jobs" / "api.nomad")
    assert github.render(_report([_diag(file=absolute)])).startswith("::error file=jobs/api.nomad,")


# -- junit --------------------------------------------------------------------


def test_junit_has_one_testcase_per_file_and_a_failure_per_diagnostic():
    diagnostics = [_diag("one", file="b.nomad"), _diag("two", file="b.nomad", line=9), _diag("three", file="c.nomad")]
    out = junit.render(_report(diagnostics, paths=("a.nomad", "b.nomad", "c.nomad")))
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a.nomad", "b.nomad", "c.nomad"]
    assert [len(c.findall("failure")) for c in cases] == [0, 2, 1]
    first = cases[1].find("failure")
    assert first.get("type") == "error[some-rule]"
    assert first.get("message") == "3:5: one"
    assert first.text == "b.nomad:3:5: error[some-rule]: one"


def test_junit_escapes_markup_and_shows_control_characters_as_escapes():
    message = 'a <b> & "c"\x1b[31m\x00'
    out = junit.render(_report([_diag(message, hint="x < y")]))
    failure = ET.fromstring(out).find("testsuite/testcase/failure")
    assert failure.get("message") == '3:5: a <b> & "c"\\x1b[31m\\x00'
    assert failure.text.endswith("\nhint: x < y")


def test_junit_lists_skipped_reasons_in_system_out():
    out = junit.render(_report(skipped=["no catalog", "no catalog", "port from a variable"]))
    system_out = ET.fromstring(out).find("testsuite/system-out").text
    assert system_out.splitlines() == [
        "1 file checked, no problems found; 3 checks skipped",
        "  skipped (2): no catalog",
        "  skipped (1): port from a variable",
    ]


def test_junit_declares_utf8():
    report = _report([_diag("é"), _diag("b", line=1)], skipped=["x"])
    assert junit.render(report).startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')


def test_junit_adds_files_named_only_by_diagnostics():
    out = junit.render(_report([_diag(file="z.nomad")], paths=("a.nomad",)))
    assert [c.get("name") for c in ET.fromstring(out).iter("testcase")] == ["a.nomad", "z.nomad"]


# -- text summary -------------------------------------------------------------


def test_text_ends_with_summary_and_distinct_skipped_reasons_counted():
    skipped = ["no catalog given", "port from a variable", "no catalog given", "no catalog given"]
    out = text_format.render(_report(lint(DUPLICATE), skipped=skipped))
    assert out.splitlines()[-3:] == [
        "1 file checked: 1 error, 0 warnings; 4 checks skipped",
        "  skipped (3): no catalog given",
        "  skipped (1): port from a variable",
    ]


def test_summary_counts_infos_only_when_present_and_pluralises():
    report = _report([_diag(severity=Severity.INFO), _diag(severity=Severity.WARNING, line=9)], paths=("a", "b"))
    assert summary.headline(report) == "2 files checked: 0 errors, 1 warning, 1 info"
    assert summary.lines(_report(skipped=["why"])) == [
        "Summary: 1 file checked, no problems found; 1 check skipped",
        "  skipped (1): why",
    ]
