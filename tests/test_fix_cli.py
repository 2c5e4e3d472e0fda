"""`jobspec validate --fix / --unsafe-fixes / --diff`, end to end, and fixes in the reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from jobspec.app.fixing import fix_files
from jobspec.cache import Cache
from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from jobspec.engine.options import Options
from jobspec.report import concise, json_format, sarif, text
from jobspec.report.model import Report
from jobspec.schemas import load_schema
from tests.cli_helpers import jobspec, write
from tests.test_report_sarif import _validator as sarif_validator

UNUSED = """\
job "a" {
  group "g" {
    network {
      # jobspec:ignore port-duplicate-label — legacy names
      port "http" {
        to = 8080
      }
      mode = "host" # jobspec:ignore network-mode, port-to-range
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""

UNUSED_FIXED = """\
job "a" {
  group "g" {
    network {
      port "http" {
        to = 8080
      }
      mode = "host"
    }
    task "t" {
      driver = "docker"
    }
  }
}
"""


def _stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_fix_applies_safe_fixes_and_reports_what_remains(tmp_path):
    job = write(tmp_path, "a.nomad", UNUSED)
    run = jobspec("validate", "a.nomad", "--fix", cwd=tmp_path)
    assert job.read_text() == UNUSED_FIXED
    assert run.code == 0
    assert run.stdout == "1 file checked, no problems found; 3 fixed\n"
    again = jobspec("validate", "a.nomad", "--fix", cwd=tmp_path)
    assert job.read_text() == UNUSED_FIXED and again.stdout == "1 file checked, no problems found; 0 fixed\n"


def test_exit_code_counts_only_what_remains(tmp_path):
    write(tmp_path, "a.nomad", UNUSED)
    # Warnings fail the run before --fix, not after: what they were about is fixed.
    assert jobspec("validate", "a.nomad", "--fail-on", "warning", cwd=tmp_path).code == 1
    assert jobspec("validate", "a.nomad", "--fail-on", "warning", "--fix", cwd=tmp_path).code == 0


def test_without_fix_the_fixable_findings_are_marked(tmp_path):
    write(tmp_path, "a.nomad", UNUSED)
    run = jobspec("validate", "a.nomad", cwd=tmp_path)
    assert "a.nomad:4:24: warning: [*] unused suppression" in run.stdout
    assert "  = fix: delete the unused suppression comment\n" in run.stdout
    assert run.stdout.endswith("1 file checked: 0 errors, 3 warnings\n[*] 3 fixable with --fix\n")
    concise_run = jobspec("validate", "a.nomad", "--format", "concise", cwd=tmp_path)
    assert concise_run.stdout.splitlines()[0] == (
        "a.nomad:4:24: warning[suppression-unused]: [*] unused suppression: no `port-duplicate-label` "
        "diagnostic on line 5"
    )


def test_diff_prints_a_patch_and_writes_nothing(tmp_path):
    job = write(tmp_path, "a.nomad", UNUSED)
    os.utime(job, ns=(1_000_000_000, 1_000_000_000))
    before = _stamp(job)
    run = jobspec("validate", "a.nomad", "--diff", "--fail-on", "warning", cwd=tmp_path)
    assert _stamp(job) == before
    assert run.stdout.startswith("--- a.nomad\n+++ a.nomad\n@@ ")
    assert "-      # jobspec:ignore port-duplicate-label — legacy names\n" in run.stdout
    assert '+      mode = "host"\n' in run.stdout
    assert "3 would be fixed (--diff: nothing written)" in run.stderr
    assert run.code == 0  # as --fix would leave it
    # The diff is a patch that makes the file --fix makes.
    if shutil.which("patch") is None:
        pytest.skip("patch(1) is not installed")
    patched = tmp_path / "patched"
    patched.mkdir()
    write(patched, "a.nomad", UNUSED)
    (patched / "fix.diff").write_text(run.stdout)
    subprocess.run(["patch", "-s", "-p0", "-i", "fix.diff"], cwd=patched, check=True)
    assert (patched / "a.nomad").read_text() == UNUSED_FIXED


def test_diff_refuses_a_report_on_standard_output_and_takes_one_in_a_file(tmp_path):
    job = write(tmp_path, "a.nomad", UNUSED)
    refused = jobspec("validate", "a.nomad", "--diff", "--format", "json", cwd=tmp_path)
    assert refused.code == 2 and "--diff prints the diff on standard output" in refused.stderr
    run = jobspec("validate", "a.nomad", "--diff", "--format", "json", "--output", "r.json", cwd=tmp_path)
    assert run.code == 0 and job.read_text() == UNUSED
    report = json.loads((tmp_path / "r.json").read_text())
    jsonschema.validate(report, load_schema("report.schema.json"))
    assert report["summary"]["fixed"] == 3 and report["diagnostics"] == []


def test_standard_input_is_refused_with_fix_and_diffed_with_diff(tmp_path):
    refused = jobspec("validate", "-", "--fix", cwd=tmp_path, stdin=UNUSED)
    assert refused.code == 2
    assert (
        refused.stderr
        == "jobspec: error: --fix cannot write standard input back; use --diff to print the fixes as a diff\n"
    )
    run = jobspec("validate", "-", "--diff", "--stdin-filename", "in.nomad", cwd=tmp_path, stdin=UNUSED)
    assert run.code == 0 and run.stdout.startswith("--- in.nomad\n+++ in.nomad\n")


def test_var_files_and_other_inputs_are_never_written(tmp_path):
    job = write(tmp_path, "a.nomad", 'variable "m" {\n  default = "host"\n}\n' + UNUSED)
    var_file = write(tmp_path, "vars.hcl", 'm = "host" # jobspec:ignore network-mode\n')
    os.utime(var_file, ns=(1_000_000_000, 1_000_000_000))
    before = _stamp(var_file)
    run = jobspec("validate", "a.nomad", "--var-file", "vars.hcl", "--fix", cwd=tmp_path)
    assert run.code == 0, run.stdout
    assert _stamp(var_file) == before
    assert "jobspec:ignore" not in job.read_text()


def test_a_job_file_also_read_as_another_input_is_not_written(tmp_path):
    job = write(tmp_path, "a.nomad", UNUSED)
    span = Span("a.nomad", 1, 1, 1, 4)
    finding = Diagnostic("r", Severity.WARNING, "m", span, fix=Fix("t", Applicability.SAFE, (Edit(span, "jab"),)))
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        outcome = fix_files(
            [("a.nomad", "a.nomad")],
            [finding],
            Options(),
            unsafe=False,
            write=True,
            read_elsewhere=[str(job)],
            folders_read=[],
            stdin=None,
            stdin_name="stdin",
        )
    finally:
        os.chdir(old)
    assert job.read_text() == UNUSED
    assert outcome.problems() == ["a.nomad: not fixed: the run also reads this file as an input"]


# -- reports ---------------------------------------------------------------------

SPAN = Span("job.nomad", 7, 14, 7, 22)
FIXED = Diagnostic(
    "network-mode",
    Severity.ERROR,
    'network mode "Bridge" is not valid',
    SPAN,
    "write it in lower case",
    "a",
    "g",
    Fix('lower-case the mode: "bridge"', Applicability.SAFE, (Edit(SPAN, '"bridge"'),)),
    (Related(Span("job.nomad", 2, 1, 2, 4), "declared here"),),
)
UNSAFE = Diagnostic(
    "service-port-label",
    Severity.ERROR,
    'invalid port "htpp"',
    Span("job.nomad", 9, 12, 9, 18),
    fix=Fix(
        'rename to "http"',
        Applicability.UNSAFE,
        (Edit(Span("job.nomad", 9, 12, 9, 18), '"http"'), Edit(Span("job.nomad", 10, 1, 11, 1), "")),
    ),
)
PLAIN = Diagnostic("port-to-range", Severity.ERROR, "too big", Span("job.nomad", 3, 1, 3, 5))


def _report(*diagnostics: Diagnostic, **kwargs) -> Report:
    return Report(1, tuple(sorted(diagnostics, key=Diagnostic.sort_key)), (), {}, ("job.nomad",), **kwargs)


def test_json_report_carries_the_fix_and_validates():
    document = json.loads(json_format.render(_report(FIXED, UNSAFE, PLAIN)))
    jsonschema.validate(document, load_schema("report.schema.json"))
    by_rule = {d["rule"]: d for d in document["diagnostics"]}
    assert "fix" not in by_rule["port-to-range"]
    assert by_rule["network-mode"]["fix"] == {
        "title": 'lower-case the mode: "bridge"',
        "applicability": "safe",
        "edits": [{"file": "job.nomad", "line": 7, "column": 14, "end_line": 7, "end_column": 22, "text": '"bridge"'}],
    }
    assert by_rule["service-port-label"]["fix"]["applicability"] == "unsafe"
    assert "fixed" not in document["summary"]


def test_the_schema_refuses_a_malformed_fix():
    document = json.loads(json_format.render(_report(FIXED)))
    document["diagnostics"][0]["fix"]["applicability"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, load_schema("report.schema.json"))


def test_sarif_fixes_are_artifact_changes_and_validate():
    data = json.loads(sarif.render(_report(FIXED, UNSAFE, PLAIN)))
    sarif_validator().validate(data)
    results = {r["ruleId"]: r for r in data["runs"][0]["results"]}
    assert "fixes" not in results["port-to-range"]
    (fix,) = results["network-mode"]["fixes"]
    assert fix == {
        "description": {"text": 'lower-case the mode: "bridge"'},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": "job.nomad", "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {
                        "deletedRegion": {"startLine": 7, "startColumn": 14, "endLine": 7, "endColumn": 22},
                        "insertedContent": {"text": '"bridge"'},
                    }
                ],
            }
        ],
        "properties": {"applicability": "safe"},
    }
    replacements = results["service-port-label"]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacements[1]["deletedRegion"] == {"startLine": 10, "startColumn": 1, "endLine": 11, "endColumn": 1}


def test_text_marks_only_findings_with_a_fix():
    plain = text.render(_report(PLAIN))
    assert plain == "job.nomad:3:1: error: too big [port-to-range]\n1 file checked: 1 error, 0 warnings\n"
    marked = text.render(_report(FIXED, UNSAFE))
    assert "job.nomad:7:14: error: [*] network mode" in marked
    assert "job.nomad:9:12: error: invalid port" in marked  # unsafe: not applied by --fix alone
    assert '  = fix: rename to "http" (unsafe: --fix --unsafe-fixes applies it)\n' in marked
    assert marked.endswith("[*] 1 fixable with --fix (1 more with --unsafe-fixes)\n")
    assert text.render(_report(UNSAFE, unsafe_fixes=True)).endswith("[*] 1 fixable with --fix --unsafe-fixes\n")
    assert text.render(_report(UNSAFE)).endswith("[*] 1 fixable with --fix --unsafe-fixes\n")


def test_concise_marks_only_findings_with_a_fix():
    assert concise.render(_report(PLAIN, FIXED, UNSAFE)) == (
        "job.nomad:3:1: error[port-to-range]: too big\n"
        'job.nomad:7:14: error[network-mode]: [*] network mode "Bridge" is not valid\n'
        'job.nomad:9:12: error[service-port-label]: invalid port "htpp"\n'
    )


def test_summary_after_fix_says_how_many_more_unsafe_fixes_would_fix():
    assert text.render(_report(UNSAFE, fixed=2)).endswith(
        "1 file checked: 1 error, 0 warnings; 2 fixed, 1 more fixable with --unsafe-fixes\n"
    )


def test_the_cache_keeps_fixes_and_related_places(tmp_path):
    cache = Cache(tmp_path, "options")
    elsewhere = Diagnostic(
        "r",
        Severity.WARNING,
        "m",
        Span("vars.hcl", 1, 1, 1, 2),
        fix=Fix("t", Applicability.UNSAFE, (Edit(Span("vars.hcl", 1, 1, 1, 2), "x"),)),
    )
    found = [FIXED, UNSAFE, PLAIN, elsewhere]
    cache.put("k" * 64, "job.nomad", found, [])
    assert cache.get("k" * 64, "job.nomad") == (found, [])
    # Under another name the same content answers with that name, in fixes too.
    (renamed, *_), _ = cache.get("k" * 64, "other.nomad")
    assert renamed.fix.edits[0].span.file == "other.nomad" and renamed.related[0].span.file == "other.nomad"


def test_a_fix_that_would_break_the_syntax_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    from jobspec.diagnostics import Finding
    from jobspec.rules import network_mbits_deprecated

    def breaking(job, ctx):
        # A fix no rule offers: it deletes the job's closing brace.
        last = ctx.document.text.count("\n")
        span = Span(ctx.document.path, last, 1, last, 2)
        yield Finding("m", span, fix=Fix("break it", Applicability.SAFE, (Edit(span, ""),)))

    monkeypatch.setattr(network_mbits_deprecated, "check", breaking)
    job = write(tmp_path, "a.nomad", UNUSED)
    run = jobspec("validate", "a.nomad", "--fix", "--no-cache", cwd=tmp_path)
    assert job.read_text() == UNUSED
    assert run.stderr.startswith("jobspec: warning: a.nomad: fixes not applied: the fixed text would not parse (")
    assert run.code == 0 and "; 0 fixed" in run.stdout  # warnings only: the exit code is as without --fix
