"""HCL syntax as Nomad's parser (Go's hclsyntax) reads it: what it refuses, in its words
and at its place, and what it accepts. The expected places were taken from hclsyntax
itself (shared/tools/hclcheck); where that tool is present, the test asks it again."""

from __future__ import annotations

import json
import subprocess

import pytest

from jobspec.diagnostics import Severity
from jobspec.engine.run import stamped
from jobspec.load.files import decode
from jobspec.load.hcl import parse
from tests import hcl_mutants

# (file content, hclsyntax's first summary, its line and column)
REFUSED = [
    ('task "t" {\n  driver = "docker" user = "nobody"\n}\n', "Missing newline after argument", 2, 21),
    ('config {\n  image = "nginx" }\n', "Missing newline after argument", 2, 19),
    ('network { port "http" { to = 8080 } port "x" {} }\n', "Argument definition required", 1, 11),
    ('network {\n  port "http" { to = 8080 } port "x" {}\n}\n', "Missing newline after block definition", 2, 29),
    # A block opened and filled on one line holds one argument, never a nested block, even
    # alone (parser.go, parseSingleAttrBody), at every level of a job.
    ('job "j" { group "g" {} }\n', "Argument definition required", 1, 11),
    ('job "j" {\n  group "g" { task "t" {} }\n}\n', "Argument definition required", 2, 15),
    ('task "t" { config { image = "x" } }\n', "Argument definition required", 1, 12),
    ('network { port "http" {} }\n', "Argument definition required", 1, 11),
    ('group "g" {\n  network { port "http" { to = 80 } }\n}\n', "Argument definition required", 2, 13),
    ('job "j" { group "g" {\n    task "t" {}\n  }\n}\n', "Argument definition required", 1, 11),
    ('a { /* c */ b "l" {} }\n', "Argument definition required", 1, 13),
    ('a = "abc\ndef"\n', "Invalid multi-line string", 1, 9),
    ('meta { a = "\\q" }\n', "Invalid escape sequence", 1, 13),
    ('a = "\\u12"\n', "Invalid escape sequence", 1, 6),
    ('a = "\\UFFFFFFFF"\n', "Invalid escape sequence", 1, 6),
    ('a { b = "foo"\n}\n', "Invalid single-argument block definition", 1, 14),
    ('a { b = "foo" c = "bar" }\n', "Invalid single-argument block definition", 1, 15),
    ("a\n{\n}\n", "Argument or block definition required", 1, 1),
    ('a "l"\n{\n}\n', "Invalid block definition", 1, 6),
    ("e = 1 +\n  2\n", "Invalid expression", 1, 8),
    ("e = true ?\n  2 : 3\n", "Invalid expression", 1, 11),
    ("e = true ? 2\n  : 3\n", "Missing false expression in conditional", 1, 13),
    ("e = 1\n  + 2\n", "Argument or block definition required", 2, 3),
    ("m = {\n  a = 1 +\n    2\n}\n", "Invalid expression", 2, 10),
    ("a = <<EOT\nx\nEOT", "Unterminated template string", 3, 4),
    ('a = "caf\xe9"\n', "Invalid character encoding", 1, 9),
    ("a = 1 /* spans\n lines */ b = 2\n", "Missing newline after argument", 2, 11),
    ('job "a" {\n  group "g" {\n    inte', "Argument or block definition required", 3, 5),
    ("a = <<EOT\nx ${node.un]ique.id}\nEOT\n", "Extra characters after interpolation expression", 2, 12),
    ('a = <<EOT\nx ${f("y\n")}\nEOT\n', "Invalid multi-line string", 2, 9),
    ("a = <<EOT\nx ${f(a}\nEOT\n", "Missing argument separator", 2, 8),
    ("a = <<EOH\nhello\n", "Unterminated template string", 3, 1),
]

ACCEPTED = [
    'multi = /* note */ "x"\n',
    "d = !!true\nn = - -1\ncount = --1\nm = -!x\n",
    "# caf\xe9 au lait\na = 1 // \xff\n/* \xfe */\n",
    "\u00fcn\u00ef = 1\nd-e = 2\n",
    'a = "${attr.\n  kernel.name}"\n',
    'a = "${~ "trim" ~} %{~ if x ~}y%{~ endif ~}"\n',
    "e = (1 +\n  2)\nf = [\n  1,\n  2,\n]\ng = f(1,\n  2)\nh = l[\n  0\n]\n",
    "m = {for k, v in x :\n  k => v\n}\nn = [for v in x :\n  v]\n",
    "o = {\n  a = 1, b = 2\n  c = 3\n}\n",
    'a { b = "foo" }\nc {}\nd {\n}\ne "l" {\n  f = 1\n}\n',
    'network {\n  port "http" { to = 8080 }\n}\na { b = { c = 1 } }\nd { e = {} }\n',
    "a = <<EOT\nx\nEOT\nb = <<-EOT\n  y\n  EOT\n",
    "a = 1 # comment\nb = 2 // comment\nc { # comment\n}\n",
    'a = "\\n \\r \\t \\" \\\\ \\u00e9 \\U0001F600 $${x} %%{y}"\n',
]


def _bytes(content: str) -> bytes:
    # "\xe9" in the cases stands for that byte, not for é in UTF-8.
    return content.encode("latin-1") if "\xe9" in content or "\xff" in content else content.encode()


@pytest.mark.parametrize(("content", "summary", "line", "column"), REFUSED)
def test_refused_in_hclsyntax_words_and_place(content, summary, line, column):
    found = _ours_bytes(_bytes(content))
    assert found, "accepted"
    first = found[0]
    assert first.rule == "hcl-syntax"
    assert first.message.startswith(summary + ": "), first.message
    assert (first.span.line, first.span.column) == (line, column), first.message


@pytest.mark.parametrize("content", ACCEPTED)
def test_accepted_as_hclsyntax_accepts(content):
    assert _ours_bytes(_bytes(content)) == []


def _ours_bytes(data: bytes) -> list:
    text, problem = decode(data, "f.hcl")
    if problem is not None:
        return [problem]
    assert text is not None
    return [d for d in stamped(parse(text, "f.hcl").diagnostics) if d.severity is Severity.ERROR]


def test_the_cases_are_what_hclsyntax_says(tmp_path):
    binary = hcl_mutants.hclcheck()
    if binary is None:
        pytest.skip("hclcheck (Go and golang-github-hashicorp-hcl-v2-dev, ../shared/tools) is not available")
    cases = [(c, s, line, col) for c, s, line, col in REFUSED] + [(c, None, None, None) for c in ACCEPTED]
    paths = []
    for n, (content, *_) in enumerate(cases):
        path = tmp_path / f"c{n:02d}.hcl"
        path.write_bytes(_bytes(content))
        paths.append(str(path))
    out = subprocess.run([binary, *paths], capture_output=True, text=True, check=True).stdout.splitlines()
    for (content, summary, line, column), result in zip(cases, map(json.loads, out), strict=True):
        if summary is None:
            assert result["ok"], (content, result)
        else:
            first = result["diags"][0]
            assert (first["summary"], first["line"], first["col"]) == (summary, line, column), content
