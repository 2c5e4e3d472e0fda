"""The fix machinery (jobspec.fix, jobspec.edits): spans to offsets, overlap refusal,
passes until nothing changes, unparsable results refused, diffs."""

from __future__ import annotations

from types import SimpleNamespace

import hypothesis.strategies as st
from hypothesis import given, settings

from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from jobspec.edits import (
    block_at,
    delete_attribute,
    delete_block,
    offset,
    offsets,
    replace_literal,
    source_at,
)
from jobspec.evaluate.document import prepare
from jobspec.fix import MAX_PASSES, apply, choose, fix_file, syntax_error, unified_diff
from jobspec.load.hcl import parse

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def _fix(*edits: tuple[int, int, int, int, str], applicability: Applicability = SAFE, file: str = "job.nomad") -> Fix:
    return Fix("t", applicability, tuple(Edit(Span(file, a, b, c, d), text) for a, b, c, d, text in edits))


def _diag(fix: Fix | None, line: int = 1, column: int = 1, rule: str = "r", file: str = "job.nomad") -> Diagnostic:
    return Diagnostic(rule, Severity.WARNING, "m", Span(file, line, column, line, column + 1), fix=fix)


# -- positions -------------------------------------------------------------------


def test_offsets_count_code_points_and_end_exclusive():
    text = 'a = "é€😀x"\nb = 1\n'
    assert offset(text, 1, 1) == 0
    assert source_at(text, Span("f", 1, 5, 1, 11)) == '"é€😀x"'
    assert offset(text, 2, 1) == text.index("b")
    assert offset(text, 3, 1) == len(text)  # the end of a text that ends with a newline


def test_offsets_refuse_what_lies_outside_the_text():
    text = "ab\ncd"
    assert offset(text, 1, 3) == 2  # the end of line 1, before its newline
    assert offset(text, 1, 4) is None
    assert offset(text, 3, 1) is None
    assert offset(text, 0, 1) is None
    assert offsets(text, Span("f", 2, 2, 1, 1)) is None  # ends before it starts


def test_crlf_lines_keep_their_carriage_return():
    text = "a = 1\r\nb = 2\r\n"
    assert offset(text, 2, 1) == 7
    assert source_at(text, Span("f", 1, 1, 2, 1)) == "a = 1\r\n"


@given(st.text(alphabet="ab\n\r é😀", max_size=40), st.data())
@settings(max_examples=200, deadline=None)
def test_position_and_offset_agree(text, data):
    at = data.draw(st.integers(0, len(text)))
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    assert offset(text, line, column) == at


# -- edits rules build -----------------------------------------------------------


def _source(text: str) -> SimpleNamespace:
    return SimpleNamespace(path="f", text=text)


def test_replace_literal_only_where_the_source_is_that_literal():
    src = _source('mode = "Bridge"\nmode = "${var.m}"\nmode = var.m\n')
    edit = replace_literal(src, Span("f", 1, 8, 1, 16), "Bridge", "bridge")
    assert edit == Edit(Span("f", 1, 8, 1, 16), '"bridge"')
    assert replace_literal(src, Span("f", 2, 8, 2, 18), "Bridge", "bridge") is None
    assert replace_literal(src, Span("f", 3, 8, 3, 13), "Bridge", "bridge") is None
    assert replace_literal(_source('m = "a\\"b"\n'), Span("f", 1, 5, 1, 11), 'a"b', "ab") is None
    # A value from another file (a var file) is not this text's to edit.
    assert replace_literal(src, Span("vars.hcl", 1, 8, 1, 16), "Bridge", "bridge") is None


def test_delete_attribute_takes_the_line_and_its_newline():
    text = 'network {\n  mbits = 10 # old\n  port "a" {}\n}\n'
    edit = delete_attribute(_source(text), "mbits", Span("f", 2, 11, 2, 13))
    assert edit == Edit(Span("f", 2, 1, 3, 1), "")
    assert apply(text, [(*offsets(text, edit.span), "")]) == 'network {\n  port "a" {}\n}\n'


def test_delete_attribute_refuses_a_line_holding_more():
    assert delete_attribute(_source("network { mbits = 10 }\n"), "mbits", Span("f", 1, 19, 1, 21)) is None
    assert delete_attribute(_source('"mbits": 10,\n'), "mbits", Span("f", 1, 10, 1, 12)) is None
    assert delete_attribute(_source("x = 1; mbits = 10\n"), "mbits", Span("f", 1, 16, 1, 18)) is None
    assert delete_attribute(_source("mbits = 10 /* c */\n"), "mbits", Span("f", 1, 9, 1, 11)) is None


def test_delete_attribute_on_the_last_line_without_a_newline():
    text = "a = 1\nmbits = 10"
    edit = delete_attribute(_source(text), "mbits", Span("f", 2, 9, 2, 11))
    assert edit is not None and source_at(text, edit.span) == "mbits = 10"


def test_delete_block_takes_its_lines_when_it_stands_alone():
    text = 'job "a" {\n  network {\n    port "http" {\n      to = 80\n    } # c\n    port "b" {}\n  }\n}\n'
    document = parse(text, "f").document
    http = block_at(document, "port", Span("f", 3, 10, 3, 16))
    edit = delete_block(document, http)
    assert edit == Edit(Span("f", 3, 1, 6, 1), "")
    assert block_at(document, "port", Span("f", 3, 1, 3, 2)) is None


def test_delete_block_leaves_a_block_a_dynamic_block_made():
    text = (
        'job "a" {\n  group "g" {\n    network {\n      dynamic "port" {\n        for_each = ["x"]\n'
        "        labels = [port.value]\n        content {}\n      }\n    }\n  }\n}\n"
    )
    document = prepare(parse(text, "f").document, None).document
    (made,) = [b for b in document.body.walk() if b.type == "port"]
    assert delete_block(document, made) is None


# -- choosing and applying -------------------------------------------------------


def test_overlapping_edits_keep_the_first_in_report_order():
    text = "abcdef\n"
    first = _diag(_fix((1, 2, 1, 5, "X")), column=2, rule="a")
    second = _diag(_fix((1, 4, 1, 6, "Y")), column=4, rule="b")
    step = choose(text, "job.nomad", [second, first], unsafe=False)
    assert step.fixed == 1
    assert apply(text, step.edits) == "aXef\n"


def test_two_insertions_at_one_point_conflict_and_adjacent_edits_do_not():
    text = "abc\n"
    insert_a = _diag(_fix((1, 2, 1, 2, "1")), column=1, rule="a")
    insert_b = _diag(_fix((1, 2, 1, 2, "2")), column=2, rule="b")
    assert choose(text, "job.nomad", [insert_a, insert_b], unsafe=False).fixed == 1
    left = _diag(_fix((1, 1, 1, 2, "X")), column=1)
    right = _diag(_fix((1, 2, 1, 3, "Y")), column=2)
    step = choose(text, "job.nomad", [left, right], unsafe=False)
    assert step.fixed == 2 and apply(text, step.edits) == "XYc\n"


def test_a_fix_whose_own_edits_overlap_is_refused():
    text = "abcdef\n"
    broken = _diag(_fix((1, 1, 1, 4, "X"), (1, 3, 1, 5, "Y")))
    assert choose(text, "job.nomad", [broken], unsafe=False).edits == ()


def test_the_same_fix_for_two_findings_is_made_once_and_fixes_both():
    fix = _fix((1, 1, 1, 3, ""))
    step = choose("abc\n", "job.nomad", [_diag(fix, rule="a"), _diag(fix, rule="b")], unsafe=False)
    assert step.fixed == 2 and apply("abc\n", step.edits) == "c\n"


def test_unsafe_fixes_only_with_unsafe():
    unsafe = _diag(_fix((1, 1, 1, 2, "X"), applicability=UNSAFE))
    assert choose("abc\n", "job.nomad", [unsafe], unsafe=False).edits == ()
    assert choose("abc\n", "job.nomad", [unsafe], unsafe=True).fixed == 1


def test_edits_in_another_file_are_never_taken():
    into_var_file = _diag(_fix((1, 1, 1, 2, "X"), file="vars.hcl"))
    reported_in_var_file = _diag(_fix((1, 1, 1, 2, "X"), file="vars.hcl"), file="vars.hcl")
    assert choose("abc\n", "job.nomad", [into_var_file, reported_in_var_file], unsafe=True).edits == ()


def test_a_stale_edit_outside_the_text_is_not_taken():
    assert choose("abc\n", "job.nomad", [_diag(_fix((9, 1, 9, 2, "X")))], unsafe=False).edits == ()


# -- the loop --------------------------------------------------------------------

JOB = 'job "a" {\n  group "g" {\n    task "t" {\n      driver = "docker"\n    }\n  }\n}\n'


def _never(_: bytes) -> list[Diagnostic]:
    return []


def _syntax(text: str) -> str | None:
    return syntax_error(text, "job.nomad")


def test_fixes_left_out_come_back_on_the_next_pass():
    # Two fixes on one word: the second waits for the pass after the first.
    text = 'job "abc" {\n}\n'
    seen: list[str] = []

    def recheck(data: bytes) -> list[Diagnostic]:
        now = data.decode()
        seen.append(now)
        return [_diag(_fix((1, 6, 1, 8, "Z")), rule="b")] if "ab" in now else []

    first = [_diag(_fix((1, 6, 1, 7, "x")), column=6, rule="a"), _diag(_fix((1, 6, 1, 8, "Z")), column=6, rule="b")]
    result = fix_file(text.encode(), "job.nomad", first, recheck, False, _syntax)
    assert result.after.decode() == 'job "xbc" {\n}\n' and result.fixed == 1 and result.problem is None
    assert seen == ['job "xbc" {\n}\n']


def test_a_result_that_would_not_parse_leaves_the_file_untouched():
    breaks_it = _diag(_fix((7, 1, 7, 2, "")))  # deletes the last closing brace
    result = fix_file(JOB.encode(), "job.nomad", [breaks_it], _never, False, _syntax)
    assert result.after == JOB.encode() and not result.changed and result.fixed == 0
    assert result.problem is not None and "would not parse" in result.problem


def test_a_file_that_does_not_parse_is_not_fixed():
    broken = JOB[:-2]
    result = fix_file(broken.encode(), "job.nomad", [_diag(_fix((1, 1, 1, 4, "jab")))], _never, False, _syntax)
    assert not result.changed


def test_fixing_stops_after_a_bounded_number_of_passes():
    # A fix that brings its finding back for ever (two names swapping).
    def recheck(data: bytes) -> list[Diagnostic]:
        return [_diag(_fix((1, 6, 1, 7, "b" if data[5:6] == b"a" else "a")))]

    text = b'job "a" {\n}\n'
    result = fix_file(text, "job.nomad", recheck(text), recheck, False, _syntax)
    assert result.fixed == MAX_PASSES and result.problem is not None and "passes" in result.problem


def test_byte_order_mark_and_line_ends_are_kept():
    data = b'\xef\xbb\xbfjob "A" {\r\n}\r\n'
    result = fix_file(data, "job.nomad", [_diag(_fix((1, 6, 1, 7, "a")))], _never, False, _syntax)
    assert result.after == b'\xef\xbb\xbfjob "a" {\r\n}\r\n'


def test_a_file_that_is_not_utf8_is_not_fixed():
    data = b'job "a" { # \xff\n}\n'
    result = fix_file(data, "job.nomad", [_diag(_fix((1, 1, 1, 2, "J")))], _never, False, _syntax)
    assert not result.changed


def test_unified_diff_marks_a_missing_last_newline():
    assert unified_diff("f", b"a\nb", b"a\n") == ("--- f\n+++ f\n@@ -1,2 +1 @@\n a\n-b\n\\ No newline at end of file\n")
    assert unified_diff("f", b"a\n", b"a\n") == ""
