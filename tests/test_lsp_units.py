"""The language server's pure parts: positions, diagnostics and fixes as LSP values,
the suppression edit, what the cursor is on, catalog coverage, and the command's
message when the lsp extra is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from functools import partial

import pytest
from lsprotocol import types as lsp
from pygls.workspace import PositionCodec

from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span
from jobspec.engine.catalog import load_catalog
from jobspec.engine.options import Options
from jobspec.engine.suppress import parse as parse_suppressions
from jobspec.lsp import convert, nodes
from jobspec.lsp.context import port_labels, string_at
from jobspec.lsp.features import Checked, changed_part, code_actions, completions, fix_all, hover
from jobspec.lsp.ignore import ignore_edit
from jobspec.lsp.project import Settings, recheck, without_catalog
from tests.lsp_helpers import ROOT

NAME = "/project/job.nomad"
URI = "file:///project/job.nomad"


def place(text: str, encoding: str = lsp.PositionEncodingKind.Utf16) -> convert.Place:
    return convert.Place(NAME, URI, convert.split_lines(text), PositionCodec(encoding))


def diag(line: int, column: int, end: int, rule: str = "port-duplicate-label", **more) -> Diagnostic:
    return Diagnostic(
        rule, Severity.ERROR, "Port label http already in use", Span(NAME, line, column, line, end), **more
    )


@pytest.fixture(scope="module")
def catalog():
    found, _ = load_catalog([str(ROOT / "examples" / "catalog")])
    return found


# -- positions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "start", "end"),
    [(lsp.PositionEncodingKind.Utf16, 9, 12), (lsp.PositionEncodingKind.Utf8, 12, 15), ("utf-32", 8, 11)],
)
def test_columns_are_counted_in_the_negotiated_encoding(encoding: str, start: int, end: int) -> None:
    # jobspec: "abc" starts at column 9 (code points, 1-based), after `a = "` and a
    # two-byte character (1 UTF-16 unit) and an astral one (2 UTF-16 units, 4 UTF-8 bytes).
    text = 'a = "é😀 abc"\n'
    where = place(text, encoding).range(Span(NAME, 1, 9, 1, 12))
    assert where == lsp.Range(lsp.Position(0, start), lsp.Position(0, end))


def test_a_client_position_becomes_jobspec_line_and_column() -> None:
    text = 'x\na = "é😀 abc"\n'
    assert place(text).jobspec_position(lsp.Position(1, 8)) == (2, 8)
    assert place(text, lsp.PositionEncodingKind.Utf8).jobspec_position(lsp.Position(1, 10)) == (2, 8)


def test_spans_past_the_text_are_clamped() -> None:
    where = place("job {}\n").range(Span(NAME, 9, 1, 9, 2))
    assert where.start == where.end == lsp.Position(1, 0)


# -- diagnostics -----------------------------------------------------------------------


def test_diagnostic_fields() -> None:
    text = 'port "http" {}\nport "http" {}\n'
    first = Related(Span(NAME, 1, 6, 1, 12), "the first port 'http'")
    d = diag(2, 6, 12, hint="rename one of them", related=(first,))
    shown = convert.diagnostic(d, place(text))
    assert shown.range == lsp.Range(lsp.Position(1, 5), lsp.Position(1, 11))
    assert shown.message == "Port label http already in use\nhint: rename one of them"
    assert shown.code == "port-duplicate-label"
    assert shown.source == "jobspec"
    assert shown.code_description is not None
    assert shown.code_description.href.endswith("/docs/rules.md#port-duplicate-label")
    assert shown.related_information == [
        lsp.DiagnosticRelatedInformation(
            lsp.Location(URI, lsp.Range(lsp.Position(0, 5), lsp.Position(0, 11))), "the first port 'http'"
        )
    ]
    assert shown.tags is None


def test_related_places_go_into_the_message_for_a_client_without_related_information() -> None:
    first = Related(Span(NAME, 1, 6, 1, 12), "the first port 'http'")
    shown = convert.diagnostic(diag(2, 6, 12, related=(first,)), place("a\nb\n"), related_support=False)
    assert shown.related_information is None
    assert shown.message == "Port label http already in use\nline 1: the first port 'http'"


@pytest.mark.parametrize(
    ("rule", "tag"),
    [
        ("network-mbits-deprecated", lsp.DiagnosticTag.Deprecated),
        ("task-network-deprecated", lsp.DiagnosticTag.Deprecated),
        ("suppression-unused", lsp.DiagnosticTag.Unnecessary),
    ],
)
def test_tags(rule: str, tag: lsp.DiagnosticTag) -> None:
    assert convert.diagnostic(diag(1, 1, 2, rule=rule), place("x\n")).tags == [tag]


def test_a_diagnostic_of_no_registered_rule_has_no_docs_link() -> None:
    assert convert.diagnostic(diag(1, 1, 2, rule="not-a-rule"), place("x\n")).code_description is None


# -- fixes ---------------------------------------------------------------------------------

MBITS = textwrap.dedent(
    """\
    job "a" {
      group "g" {
        network {
          mode  = "Bridge"
          mbits = 10
        }
      }
    }
    """
)
DELETE_MBITS = Fix("delete `mbits`", Applicability.SAFE, (Edit(Span(NAME, 5, 1, 6, 1), ""),))
LOWER_MODE = Fix("write `bridge`", Applicability.SAFE, (Edit(Span(NAME, 4, 16, 4, 22), "bridge"),))
RENAME = Fix('rename to "public"', Applicability.UNSAFE, (Edit(Span(NAME, 4, 16, 4, 22), "public"),))


def test_each_fix_is_a_quick_fix_safe_ones_preferred() -> None:
    diagnostics = (
        diag(4, 15, 23, rule="network-mode", fix=RENAME),
        diag(5, 15, 17, rule="network-mbits-deprecated", fix=DELETE_MBITS),
    )
    checked = Checked(3, MBITS, NAME, diagnostics)
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(8, 0))
    actions = code_actions(checked, place(MBITS), whole, [lsp.CodeActionKind.QuickFix], versioned=True, related=True)
    assert [(a.title, a.is_preferred) for a in actions] == [
        ('rename to "public" (unsafe: may change the meaning)', False),
        ("delete `mbits`", True),
        ("Ignore network-mode on this line", None),
        ("Ignore network-mbits-deprecated on this line", None),
    ]
    delete = actions[1]
    assert delete.diagnostics is not None and delete.diagnostics[0].code == "network-mbits-deprecated"
    assert delete.edit == lsp.WorkspaceEdit(
        document_changes=[
            lsp.TextDocumentEdit(
                lsp.OptionalVersionedTextDocumentIdentifier(URI, 3),
                [lsp.TextEdit(lsp.Range(lsp.Position(4, 0), lsp.Position(5, 0)), "")],
            )
        ]
    )


def test_a_client_without_document_changes_gets_changes() -> None:
    checked = Checked(3, MBITS, NAME, (diag(5, 15, 17, rule="network-mbits-deprecated", fix=DELETE_MBITS),))
    where = lsp.Range(lsp.Position(4, 14), lsp.Position(4, 14))
    action = code_actions(checked, place(MBITS), where, ["quickfix"], versioned=False, related=True)[0]
    assert action.edit == lsp.WorkspaceEdit(
        changes={URI: [lsp.TextEdit(lsp.Range(lsp.Position(4, 0), lsp.Position(5, 0)), "")]}
    )


def test_only_the_diagnostics_in_the_range_get_quick_fixes() -> None:
    checked = Checked(1, MBITS, NAME, (diag(5, 15, 17, rule="network-mbits-deprecated", fix=DELETE_MBITS),))
    where = lsp.Range(lsp.Position(1, 0), lsp.Position(1, 3))
    assert code_actions(checked, place(MBITS), where, ["quickfix"], versioned=True, related=True) == []


def _checked(text: str, version: int = 1) -> Checked:
    return Checked(version, text, NAME, tuple(recheck(text.encode(), NAME, Options())))


def test_fix_all_makes_every_safe_fix_as_validate_fix_does() -> None:
    text = textwrap.dedent(
        """\
        job "a" {
          group "g" {
            network {
              mode  = "Bridge"
              mbits = 10
              port "http" {}
            }
            task "t" {
              driver = "docker"
              config {
                ports = ["htp"]
              }
            }
          }
        }
        """
    )
    checked = _checked(text)
    assert {d.rule for d in checked.diagnostics if d.fix} == {
        "network-mode",
        "network-mbits-deprecated",
        "driver-config-ports",
    }
    edit = fix_all(checked, partial(recheck, name=NAME, options=Options()))
    assert edit is not None
    lines = text.split("\n")
    row, column = edit.span.line - 1, edit.span.column - 1
    end_row, end_column = edit.span.end_line - 1, edit.span.end_column - 1
    start = sum(len(x) + 1 for x in lines[:row]) + column
    end = sum(len(x) + 1 for x in lines[:end_row]) + end_column
    fixed = text[:start] + edit.text + text[end:]
    assert '      mode  = "bridge"\n      port "http" {}\n' in fixed  # the mbits line gone
    assert 'ports = ["htp"]' in fixed  # a guessed name is an unsafe fix: left alone
    assert edit.span.line == 4  # only the part that changed is replaced
    assert [d.rule for d in _checked(fixed).diagnostics] == ["driver-config-ports"]


def test_fix_all_is_offered_only_with_an_edit_and_when_asked_for() -> None:
    checked = _checked(MBITS, version=7)
    edit = fix_all(checked, partial(recheck, name=NAME, options=Options()))
    nowhere = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    actions = code_actions(checked, place(MBITS), nowhere, ["source.fixAll"], True, True, fixed=edit)
    assert [(a.title, a.kind) for a in actions] == [("jobspec: fix all safe problems", "source.fixAll.jobspec")]
    assert code_actions(checked, place(MBITS), nowhere, ["source.fixAll"], True, True) == []
    assert code_actions(checked, place(MBITS), nowhere, ["quickfix"], True, True, fixed=edit) == []


def test_changed_part_is_the_middle_that_differs() -> None:
    before = "a = 1\nb = 2\nc = 3\n"
    assert changed_part(before, "a = 1\nc = 3\n", NAME) == Edit(Span(NAME, 2, 1, 3, 1), "")
    assert changed_part(before, "a = 1\nb = 22\nc = 3\n", NAME) == Edit(Span(NAME, 2, 6, 2, 6), "2")
    assert changed_part("x", "x", NAME) == Edit(Span(NAME, 1, 2, 1, 2), "")


@pytest.mark.parametrize(
    ("only", "kind", "wanted"),
    [
        (None, "quickfix", True),
        (["quickfix"], "quickfix", True),
        (["source"], "source.fixAll.jobspec", True),
        (["source.fixAll"], "source.fixAll.jobspec", True),
        (["source.fixAll"], "quickfix", False),
        (["source.fix"], "source.fixAll.jobspec", False),
    ],
)
def test_wants(only: list[str] | None, kind: str, wanted: bool) -> None:
    assert convert.wants(only, kind) is wanted


# -- "ignore RULE on this line" ----------------------------------------------------------


def _silences(text: str, edit: Edit | None, line: int, rule: str) -> bool:
    assert edit is not None
    lines = text.split("\n")
    row, column = edit.span.line - 1, edit.span.column - 1
    lines[row] = lines[row][:column] + edit.text + lines[row][column:]
    directives, problems = parse_suppressions("\n".join(lines), NAME)
    return not problems and any(d.target == line and rule in dict(d.rules) for d in directives)


def test_ignore_goes_at_the_end_of_the_line() -> None:
    edit = ignore_edit(MBITS, NAME, 5, "network-mbits-deprecated")
    assert edit == Edit(Span(NAME, 5, 17, 5, 17), "  # jobspec:ignore network-mbits-deprecated")
    assert _silences(MBITS, edit, 5, "network-mbits-deprecated")


def test_ignore_joins_a_directive_already_there() -> None:
    text = MBITS.replace("mbits = 10", "mbits = 10 # jobspec:ignore network-mode")
    edit = ignore_edit(text, NAME, 5, "network-mbits-deprecated")
    assert edit == Edit(Span(NAME, 5, 47, 5, 47), ", network-mbits-deprecated")
    assert _silences(text, edit, 5, "network-mbits-deprecated")
    above = MBITS.replace("      mbits", "      // jobspec:ignore network-mode\n      mbits")
    edit = ignore_edit(above, NAME, 6, "network-mbits-deprecated")
    assert edit is not None and edit.span.line == 5 and edit.text == ", network-mbits-deprecated"


def test_ignore_goes_above_a_line_that_ends_in_a_comment() -> None:
    text = MBITS.replace("mbits = 10", "mbits = 10 # for the old scheduler")
    edit = ignore_edit(text, NAME, 5, "network-mbits-deprecated")
    assert edit == Edit(Span(NAME, 5, 1, 5, 1), "      # jobspec:ignore network-mbits-deprecated\n")
    assert _silences(text, edit, 6, "network-mbits-deprecated")


def test_no_ignore_for_what_cannot_be_silenced_inline_or_inside_a_heredoc() -> None:
    assert ignore_edit(MBITS, NAME, 5, "suppression-unused") is None
    assert ignore_edit(MBITS, NAME, 5, "config-invalid") is None
    heredoc = 'job "a" {\n  meta = {\n    x = <<EOT\n  line\nEOT\n  }\n}\n'
    assert ignore_edit(heredoc, NAME, 4, "schema-type") is None


# -- the cursor's context ---------------------------------------------------------------

EDGE = textwrap.dedent(
    """\
    job "edge" {
      datacenters = [
        "dc1", "dc2",
      ]
      group "edge" {
        network {
          mode = "cni/my"
          port "https" { host_network = "pub" }
          port "metrics" {}
        }
        service {
          port = "ht"
          check { port = "" }
        }
        task "proxy" {
          driver = "docker"
          config { ports = ["https", ""] }  # "not" this
        }
      }
      group "other" {
        network {
          port "admin" {}
        }
      }
    }
    """
)


def test_string_at_names_attribute_blocks_and_list() -> None:
    at = string_at(EDGE, 7, 16)
    assert at is not None
    assert (at.attribute, at.value, at.column, at.end_column) == ("mode", "cni/my", 15, 21)
    assert at.blocks == ("job", "group", "network")
    assert not at.in_list
    listed = string_at(EDGE, 3, 13)
    assert listed is not None and (listed.attribute, listed.value, listed.in_list) == ("datacenters", "dc2", True)
    port = string_at(EDGE, 8, 38)
    assert port is not None and (port.attribute, port.blocks[-1]) == ("host_network", "port")


def test_no_string_outside_quotes_or_in_a_comment() -> None:
    assert string_at(EDGE, 7, 8) is None
    assert string_at(EDGE, 17, 43) is None
    assert string_at(EDGE, 99, 1) is None


def test_an_unclosed_string_runs_to_the_end_of_the_line() -> None:
    at = string_at('job "a" {\n  node_pool = "ba\n}\n', 2, 18)
    assert at is not None and (at.attribute, at.value, at.end_column) == ("node_pool", "ba", 18)


def test_port_labels_are_the_groups_own() -> None:
    at = string_at(EDGE, 12, 15)
    assert at is not None and at.group_start is not None
    assert port_labels(EDGE, at.group_start) == ["https", "metrics"]


def test_completions(catalog) -> None:
    def labels(line: int, column: int, with_catalog: bool = True) -> list[str] | None:
        found = completions(EDGE, line, column, catalog if with_catalog else None)
        return None if found is None else [label for label, _ in found[1]]

    assert labels(7, 15) == ["host", "bridge", "none", "cni/lan", "cni/mynet"]
    assert labels(7, 15, with_catalog=False) == ["host", "bridge", "none"]
    assert labels(8, 38) == ["default", "private", "public"]
    assert labels(3, 6) == ["dc1", "dc2"]
    assert labels(12, 15) == ["https", "metrics"]
    assert labels(13, 23) == ["https", "metrics"]
    assert labels(17, 35) == ["https", "metrics"]
    assert labels(16, 17) is None
    found = completions(EDGE, 8, 38, catalog)
    assert found is not None and dict(found[1])["public"].startswith("6 of 8 nodes: edge-1, ")


# -- hover and coverage ------------------------------------------------------------------


def test_coverage(catalog) -> None:
    assert nodes.coverage(catalog, nodes.HOST_NETWORK, "public") == (
        "6 of 8 nodes: edge-1, edge-2 (down), edge-3 (ineligible, draining), web (class of 3)"
    )
    assert nodes.coverage(catalog, nodes.HOST_NETWORK, "publc") == "0 of 8 nodes"
    assert nodes.coverage(catalog, nodes.CNI, "lan") == "3 of 8 nodes: web (class of 3)"
    assert nodes.coverage(catalog, nodes.DATACENTER, "dc*").startswith("8 of 8 nodes: batch (class of 2), ")
    assert nodes.coverage(catalog, nodes.NODE_POOL, "all").startswith("8 of 8 nodes")
    assert nodes.coverage(catalog, nodes.NODE_POOL, "batch") == "2 of 8 nodes: batch (class of 2)"


def test_hover_on_a_rule_id_in_a_suppression() -> None:
    text = 'job "a" { # jobspec:ignore job-no-tasks, port-duplicate-label\n}\n'
    found = hover(text, NAME, 1, 45, None)
    assert found is not None
    markdown, span = found
    assert markdown.startswith("### port-duplicate-label\n\n**Severity:** error")
    assert "**FAIL:**" in markdown
    assert span == Span(NAME, 1, 42, 1, 62)
    assert hover(text, NAME, 1, 5, None) is None


def test_hover_says_when_there_is_no_catalog_or_it_is_loading(catalog) -> None:
    assert hover(EDGE, NAME, 8, 38, None, without_catalog(Settings(Options()))) == (
        "host network `pub`: no catalog is configured (`catalog` in .jobspec.toml or `[tool.jobspec]`)",
        Span(NAME, 8, 38, 8, 41),
    )
    found = hover(EDGE, NAME, 8, 38, None, without_catalog(Settings(Options(), (str(ROOT / "examples/catalog"),))))
    assert found is not None and found[0] == "host network `pub`: the catalog is still loading"
    found = hover(EDGE, NAME, 7, 16, catalog)
    assert found is not None and found[0] == "CNI network `cni/my`: 0 of 8 nodes"
    assert hover(EDGE, NAME, 16, 17, catalog) is None
    gone = without_catalog(Settings(Options(), ("no-such-catalog",)))
    assert gone == "catalog path does not exist: no-such-catalog"


# -- the command ----------------------------------------------------------------------------


def test_a_missing_extra_is_one_clear_line_and_exit_2() -> None:
    # pygls made unimportable, as where `pip install jobspec` left the extra out.
    code = (
        "import sys; sys.modules['pygls'] = None; sys.argv = ['jobspec', 'lsp']; from jobspec.entry import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "jobspec: error: `jobspec lsp` needs the lsp extra (pygls is missing): pip install 'jobspec[lsp]'\n"
    )


def test_other_commands_do_not_load_the_language_server() -> None:
    code = (
        "import sys; from jobspec.cli import app; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pygls', 'lsprotocol') or m.startswith('jobspec.lsp')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_stdio_flag_is_accepted_and_the_server_ends_with_its_input() -> None:
    # vscode-languageclient and others pass --stdio; at the end of its input the server stops.
    done = subprocess.run(
        [sys.executable, "-m", "jobspec", "lsp", "--stdio"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "")
