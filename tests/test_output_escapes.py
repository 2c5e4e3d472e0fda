"""Nothing from an input reaches the terminal raw (issue 11, point 10): escape
sequences, CR/LF and bidi controls in snippets, messages, hints and file names are
shown as ``\\xNN``/``\\uNNNN`` in every format; the JSON formats keep the value."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli_helpers import jobspec

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
CSI8 = "\x9b31m"
BIDI = "\u202e"
# The duplicate label carries escape sequences into the message and hint; the
# second port's line carries more in a comment, shown only in the snippet.
JOB = (
    'job "a" {\n  group "g" {\n    network {\n'
    f'      port "h{CLEAR}{CSI8}ttp" {{}}\n'
    f'      port "h{CLEAR}{CSI8}ttp" {{ static = 80 }} # {TITLE} {CSI8} {BIDI}x\n'
    '    }\n    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'
)
EVIL_NAME = "e\x1b[31mvil\r.nomad"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / EVIL_NAME).write_text(JOB, encoding="utf-8")
    (tmp_path / "binary.nomad").write_bytes(b"\x00" + CLEAR.encode() + TITLE.encode() + b"\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "junit", "json", "sarif"])
def test_no_control_character_from_the_input_is_printed(folder, fmt):
    run = jobspec("validate", "-f", fmt, ".", cwd=folder)
    assert run.code == 1
    assert "port-duplicate-label" in run.stdout
    assert not RAW.findall(run.stdout)
    # A CR or LF from the input never starts a line of its own.
    assert "\r" not in run.stdout
    assert not any(line.startswith("vil") or line.startswith(".nomad") for line in run.stdout.splitlines())


def test_text_shows_the_escapes_where_the_bytes_were(folder):
    # Named, so the binary file is read as a job (a folder search skips it: no job block).
    run = jobspec("validate", EVIL_NAME, "binary.nomad", cwd=folder)
    assert "e\\x1b[31mvil\\x0d.nomad:5:12: error: Port label h\\x1b[2J\\x9b31mttp already in use" in run.stdout
    assert "# \\x1b]0;pwned\\x07 \\x9b31m \\u202ex" in run.stdout
    assert "   1 | \\x00\\x1b[2J\\x1b]0;pwned\\x07" in run.stdout


def test_github_escapes_input_line_breaks_and_keeps_its_own_as_percent_0a(folder):
    run = jobspec("validate", "-f", "github", EVIL_NAME, cwd=folder)
    [line] = run.stdout.splitlines()
    assert line.startswith("::error file=e\\x1b[31mvil\\x0d.nomad,line=5,col=12,")
    assert "::Port label h\\x1b[2J\\x9b31mttp already in use by taskgroup network%0Ahint: " in line


def test_json_keeps_the_exact_values(folder):
    run = jobspec("validate", "-f", "json", EVIL_NAME, cwd=folder)
    assert "\\u001b" in run.stdout and "\\u009b" in run.stdout
    [d] = json.loads(run.stdout)["diagnostics"]
    assert d["file"] == EVIL_NAME
    assert d["message"] == f"Port label h{CLEAR}{CSI8}ttp already in use by taskgroup network"


def test_junit_names_the_file_visibly(folder):
    run = jobspec("validate", "-f", "junit", EVIL_NAME, cwd=folder)
    [case] = ET.fromstring(run.stdout).iter("testcase")
    assert case.get("name") == "e\\x1b[31mvil\\x0d.nomad"


def test_visible_and_json_safe():
    from jobspec.visible import json_safe, visible

    assert visible("a\tb\nc\x7f\u2028") == "a\\x09b\\x0ac\\x7f\\u2028"
    assert visible("plain ☃ 漢字") == "plain ☃ 漢字"
    assert json.loads(json_safe(json.dumps({"k": "\x9b\u202e"}, ensure_ascii=False))) == {"k": "\x9b\u202e"}
    assert json_safe(json.dumps({"k": "\x9b"}, ensure_ascii=False, indent=2)) == '{\n  "k": "\\u009b"\n}'


NODE = [{"ID": "n1", "Name": f"edge{CLEAR}{CSI8}{BIDI}", "Datacenter": "dc1", "Status": "ready"}]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_catalog_show_prints_node_names_visibly(tmp_path, fmt):
    (tmp_path / "nodes.json").write_text(json.dumps(NODE), encoding="utf-8")
    run = jobspec("catalog", "show", "-f", fmt, "nodes.json", cwd=tmp_path)
    assert run.code == 0
    assert not RAW.findall(run.stdout)
    if fmt == "json":
        assert json.loads(run.stdout)["nodes"][0]["name"] == NODE[0]["Name"]
    else:
        assert "edge\\x1b[2J\\x9b31m\\u202e" in run.stdout


def test_normalize_names_a_file_it_cannot_parse_visibly(tmp_path):
    (tmp_path / EVIL_NAME).write_text('job "a" {\n', encoding="utf-8")
    run = jobspec("normalize", EVIL_NAME, cwd=tmp_path)
    assert run.code == 1
    assert not RAW.findall(run.stderr) and "\r" not in run.stderr
    assert run.stderr.startswith("e\\x1b[31mvil\\x0d.nomad:")


PLANNED = (
    f'job "a{CLEAR}" {{\n  datacenters = ["dc1"]\n'
    f'  group "g{TITLE}{CSI8}" {{\n    network {{\n      port "p" {{ static = 80 }}\n    }}\n'
    '    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'
)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_plan_prints_job_and_group_names_visibly(tmp_path, monkeypatch, fmt):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "job.nomad").write_text(PLANNED, encoding="utf-8")
    catalog = Path(__file__).resolve().parent.parent / "examples" / "catalog"
    run = jobspec("plan", "-f", fmt, "job.nomad", "--catalog", str(catalog), cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    assert not RAW.findall(run.stdout)
    if fmt == "json":
        assert json.loads(run.stdout)["groups"][0]["name"] == f"g{TITLE}{CSI8}"
    else:
        assert 'group "g\\x1b]0;pwned\\x07\\x9b31m"' in run.stdout
