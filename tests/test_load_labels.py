from jobspec.load.hcl import parse


def labels(text: str) -> tuple[str, ...]:
    document = parse(text, "job.nomad").document
    assert document is not None
    return document.body.blocks[0].labels


def test_quoted_label_escapes_are_decoded():
    assert labels('job "we\\"ird\\\\x\\n\\u00e9" {}\n') == ('we"ird\\x\n\u00e9',)


def test_doubled_template_introducers_become_literal():
    assert labels('job "$${a}%%{b}" {}\n') == ("${a}%{b}",)


def test_plain_and_bare_labels_are_kept():
    assert labels('job "api" {}\n') == ("api",)
    assert labels("job api {}\n") == ("api",)


def test_escape_beyond_unicode_is_a_syntax_error():
    # As in any other string literal (hclsyntax: "Invalid escape sequence"); it used
    # to end the run with an internal error.
    [d] = parse('job "x\\UFFFFFFFF" {}\n', "job.nomad").diagnostics
    assert d.message.startswith("Invalid escape sequence") and (d.span.line, d.span.column) == (1, 7)
