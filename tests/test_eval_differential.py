"""jobspec's evaluator against the libraries Nomad evaluates with (../shared/tools/ctyref:
hcl/v2 hclsyntax, go-cty's stdlib, go-cty-yaml under Nomad's function names).

hypothesis generates expressions (function calls over literals, operators, ``for``,
splats, templates, conversions) with a fixed seed; all of them go through ONE ctyref
process; each must give the same value (cty's JSON and its type) in jobspec, or be
refused by both.

Kept out, because Nomad pins a newer go-cty than the reference's 1.12 and the
behaviour changed (go-cty CHANGELOG):
- 1.15.0 "The element function now accepts negative indices": ``element`` is only
  given indices >= 0 here.
- 1.14.3 "comparing numbers as integers when possible": ``==`` is not generated over
  arithmetic results, only over literals.
- 1.18.1 "ContainsFunc now allows its second argument to be null": ``contains`` is not
  given null.
- 1.16.1 FormatFunc/FormatListFunc handle null and unknown values of unknown type: no
  null argument to ``format``.
- 1.13.0 "FormatDate and TimeAdd ... now use a stricter RFC3339 parser": they are given
  valid RFC 3339 timestamps only.
- 1.14.0 Unicode 15 normalization and segmentation: no character newer than Unicode 13.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jobspec.evaluate.expressions import Scope, evaluate_checked
from jobspec.evaluate.functions import FunctionError, _json
from jobspec.evaluate.types import friendly, type_of
from jobspec.evaluate.values import Unknown
from jobspec.load.hcl import parse
from tests.conftest import SHARED

CTYREF = SHARED / "tools" / "ctyref"
COUNT = 2400


def _reference() -> str | None:
    if not (CTYREF / "build.sh").is_file() or shutil.which("go") is None:
        return None
    packages = ("golang-github-hashicorp-hcl-v2-dev", "golang-github-zclconf-go-cty-yaml-dev")
    if any(subprocess.run(["dpkg", "-s", p], capture_output=True).returncode for p in packages):
        return None
    built = subprocess.run(["bash", str(CTYREF / "build.sh")], capture_output=True, text=True, timeout=300)
    return built.stdout.strip() or None if built.returncode == 0 else None


# -- the expression generator ---------------------------------------------------------------
NUMBERS = ["0", "1", "2", "3", "-3", "10", "0.5", "1.1", "0.1", "0.3", "100", "1e3", "2.5", "7"]
STRINGS = [
    "",
    "a",
    "b",
    "yes",
    "1",
    "1.5",
    "true",
    "A b",
    "é",
    "e\\u0301",
    "ß",
    "o'neil",
    "x-y_z",
    "  pad ",
    "a,b,,c",
    "line\\nnext",
    "<&>",
    "ǆ",
]
# Valid RFC 3339 only: go-cty 1.13 made the parser stricter (see above).
TIMESTAMPS = [
    "2024-01-01T00:00:00Z",
    "2001-12-14T21:59:43.10-05:00",
    "2017-11-22T23:59:59+01:30",
    "1999-02-28T12:00:00Z",
]
DATE_FORMATS = [
    "YYYY-MM-DD",
    "DD MMM YYYY hh:mm ZZZ",
    "EEEE, MMMM D, h:m:s",
    "HH:mm AA aa",
    "YY'x''y'Z ZZZZ ZZZZZ",
    "YYY",
    "'open",
    "EEE M/D H",
]
PATTERNS = ["a", "[a-z]+", "(b)", "b*", "[[:alpha:]]", "^.", "x|y", "(?i)A"]
REPLACEMENTS = ["-", "$1x", "$${1}x", "$$", "", "<$0>"]


def _call(name: str, *args: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*args).map(lambda xs: f"{name}({', '.join(xs)})")


def _quoted(texts: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from([f'"{t}"' for t in texts])


NUM = st.sampled_from(NUMBERS)
STR = _quoted(STRINGS)
BOOL = st.sampled_from(["true", "false"])


def _grammar() -> st.SearchStrategy[str]:
    def num(inner: st.SearchStrategy[str], strs: st.SearchStrategy[str], lists: st.SearchStrategy[str]):
        op = st.sampled_from(["+", "-", "*", "/", "%"])
        return st.one_of(
            st.tuples(inner, op, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            # hclsyntax reads `--x`; python-hcl2's grammar does once issue 9's patch is in.
            inner.map(lambda x: f"-({x})"),
            _call("abs", inner),
            _call("ceil", inner),
            _call("floor", inner),
            _call("signum", inner),
            _call("max", inner, inner),
            _call("min", inner, inner, inner),
            _call("pow", inner, st.sampled_from(["0", "1", "2", "3", "0.5"])),
            _call("log", st.sampled_from(["8", "100", "1"]), st.sampled_from(["2", "10"])),
            _call("parseint", _quoted(["ff", "-101", "12", "0x1f", "1_000", " 12", "zz", "Zz"]), NUM),
            _call("length", lists),
            _call("strlen", strs),
            st.tuples(lists, st.sampled_from(["0", "1", "2", "5"])).map(lambda t: f"element({t[0]}, {t[1]})"),
        )

    def text(inner: st.SearchStrategy[str], nums: st.SearchStrategy[str], lists: st.SearchStrategy[str]):
        return st.one_of(
            *[_call(f, inner) for f in ("upper", "lower", "title", "strrev", "chomp", "trimspace")],
            _call("trim", inner, _quoted(["x", " ", "a"])),
            _call("trimprefix", inner, _quoted(["a", "x-"])),
            _call("substr", inner, st.sampled_from(["0", "1", "-2", "10"]), st.sampled_from(["1", "-1", "3"])),
            _call("indent", st.sampled_from(["0", "2"]), inner),
            _call("replace", inner, _quoted(["a", "/[a-z]/", ",", ""]), _quoted(["-", "$1"])),
            _call("regex_replace", inner, _quoted(PATTERNS), _quoted(REPLACEMENTS)),
            _call("join", _quoted([",", "-"]), lists),
            _call("format", _quoted(["%s", "%d", "%v", "%q", "%5.1f", "%x", "%s-%s", "%t", "x"]), inner),
            _call("format", _quoted(["%s=%d", "%v %v"]), inner, nums),
            _call("jsonencode", st.one_of(inner, nums, lists)),
            _call("yamlencode", st.one_of(inner, nums, lists)),
            _call("coalesce", inner, inner),
            st.tuples(inner, nums).map(lambda t: f'"a${{{t[0]}}}-${{{t[1]}}}"'),
            st.tuples(BOOL, inner).map(lambda t: f'"%{{ if {t[0]} }}${{{t[1]}}}%{{ else }}x%{{ endif }}"'),
            st.tuples(lists).map(lambda t: f'"%{{ for v in {t[0]} ~}} ${{v}} %{{~ endfor }}"'),
            st.tuples(BOOL, inner, nums).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
            _call("convert", st.one_of(nums, BOOL), st.just("string")),
            _call("formatdate", _quoted(DATE_FORMATS), _quoted(TIMESTAMPS)),
            _call("timeadd", _quoted(TIMESTAMPS), _quoted(["1h30m", "-90s", "1.5h", "0", "300ms", "2h45m10.5s"])),
        )

    def listy(strs: st.SearchStrategy[str], nums: st.SearchStrategy[str]):
        items = st.one_of(strs, nums)
        literal = st.lists(items, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
        return st.one_of(
            literal,
            _call("split", _quoted([",", ""]), strs),
            _call("concat", literal, literal),
            _call("distinct", literal),
            _call("compact", literal),
            _call("sort", literal),
            _call("flatten", st.lists(literal, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")),
            _call("slice", literal, st.sampled_from(["0", "1"]), st.sampled_from(["1", "2"])),
            _call("setunion", literal, literal),
            _call("setintersection", literal, literal),
            _call("setproduct", literal, literal),
            _call("range", st.sampled_from(["3", "0", "1, 4", "1, 2, 0.5", "5, 1"])),
            _call("chunklist", literal, st.sampled_from(["1", "2", "0"])),
            _call("keys", _objects(items)),
            _call("values", _objects(items)),
            _call("reverse", strs),
            _call("convert", literal, st.sampled_from(["list(string)", "set(any)", "list(any)", "set(number)"])),
            _call("formatlist", _quoted(["%s!", "%v-%v"]), literal),
            _call("coalescelist", literal, literal),
            st.tuples(literal, strs).map(lambda t: f"[for i, v in {t[0]} : {t[1]} if i != 1]"),
            literal.map(lambda x: f"{x}[*]"),
            _call("jsondecode", _quoted(['[1, \\"x\\", 1.10]', '{\\"a\\": [true]}', "1e2"])),
            _call("yamldecode", _quoted(["[x, y, n, 1.5]", "a: yes", "- 2001-12-14", "0x1f"])),
            _call("csvdecode", _quoted(["a,b\\n1,2\\n", "a\\nx\\n"])),
        )

    def boolean(strs: st.SearchStrategy[str], nums: st.SearchStrategy[str], lists: st.SearchStrategy[str]):
        return st.one_of(
            BOOL,
            st.tuples(strs, st.sampled_from(["==", "!="]), strs).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(NUM, st.sampled_from(["==", "<", ">=", "!="]), NUM).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(BOOL, st.sampled_from(["&&", "||"]), BOOL).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            BOOL.map(lambda b: f"!{b}"),
            _call("contains", lists, st.one_of(strs, nums)),
            _call("can", st.one_of(strs, nums, lists)),
        )

    nums = st.deferred(lambda: st.one_of(NUM, NUM, num(nums_leaf, strs_leaf, lists_leaf)))
    nums_leaf = st.one_of(NUM, num(NUM, STR, st.just('["a", 1]')))
    strs_leaf = st.one_of(STR, text(STR, NUM, st.just('["a", "b"]')))
    lists_leaf = listy(STR, NUM)
    strs = st.one_of(STR, text(strs_leaf, nums_leaf, lists_leaf))
    lists = listy(strs_leaf, nums_leaf)
    return st.one_of(
        nums,
        strs,
        lists,
        boolean(strs_leaf, nums_leaf, lists_leaf),
        _call("try", st.one_of(nums, strs), strs),
        _call("lookup", _objects(st.one_of(STR, NUM)), _quoted(["a", "b", "z"]), STR),
        _call("merge", _objects(STR), _objects(NUM)),
        _call("zipmap", st.just('["a", "b"]'), lists_leaf),
        _call("index", lists_leaf, st.sampled_from(["0", "1", '"a"', "0.5"])),
        st.tuples(_objects(NUM)).map(lambda t: f"{{for k, v in {t[0]} : upper(k) => v}}"),
        st.tuples(_objects(STR)).map(lambda t: f"{t[0]}.a"),
        st.tuples(lists_leaf, st.sampled_from(["0", "1", "-1", "0.5", '"0"'])).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(_objects(NUM), _quoted(["a", "b"])).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.lists(_objects(NUM), max_size=3).map(lambda xs: "[" + ", ".join(xs) + "].*.a"),
        st.tuples(BOOL, st.one_of(lists_leaf, _objects(NUM)), st.one_of(lists_leaf, _objects(STR))).map(
            lambda t: f"({t[0]} ? {t[1]} : {t[2]})"
        ),
        _call(
            "convert",
            st.one_of(_objects(st.one_of(STR, NUM)), lists_leaf),
            st.sampled_from(["map(string)", "map(any)", "object({a = string})", "tuple([string, number])"]),
        ),
        st.tuples(_objects(st.one_of(STR, NUM, BOOL))).map(lambda t: f'[for k, v in {t[0]} : v if k != "b"]'),
        _call("jsonencode", st.one_of(_objects(st.one_of(STR, NUM, BOOL)), _quoted(["\\u2028", "<b>", "é"]))),
        nums.map(lambda x: f'"n=${{{x}}}"'),
        _heredocs(strs_leaf, lists_leaf),
        _call("merge", _maps(), _maps()),
        _call("merge", _maps(), _objects(STR)),
        _call("keys", _maps()),
        _call("values", _maps()),
        _call("lookup", _maps(), _quoted(["a", "z"]), st.one_of(STR, NUM)),
        _call("length", st.one_of(_maps(), _objects(STR))),
        _call("flatten", st.tuples(lists_leaf, lists_leaf).map(lambda t: f"[setunion({t[0]}), {t[1]}]")),
        lists_leaf.map(lambda x: f"setunion({x})[*]"),
        lists_leaf.map(lambda x: f"setunion({x})[0]"),
        st.tuples(_maps()).map(lambda t: f"{{for k, v in {t[0]} : v => k...}}"),
    )


def _maps() -> st.SearchStrategy[str]:
    return _objects(st.one_of(STR, NUM)).map(lambda o: f"convert({o}, map(string))")


def _heredocs(strs: st.SearchStrategy[str], lists: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``<<EOT`` and ``<<-EOT`` with interpolations, a ``for`` directive and strip markers."""
    pad = st.sampled_from(["", " ", "  ", "    ", "\t"])
    tilde = st.sampled_from(["", "~"])
    literal = st.sampled_from(["text", "a b", "$${x}", "", "%%{ y }"])
    return st.tuples(
        st.sampled_from(["<<EOT", "<<-EOT"]),
        st.lists(pad, min_size=7, max_size=7),
        st.lists(tilde, min_size=4, max_size=4),
        literal,
        strs,
        lists,
    ).map(
        lambda t: (
            f"{t[0]}\n"
            f"{t[1][0]}{t[3]}\n"
            f"{t[1][1]}x ${{{t[4]}}}\n"
            f"{t[1][2]}%{{{t[2][0]} for v in {t[5]} {t[2][1]}}}\n"
            f"{t[1][3]}${{v}}\n"
            f"{t[1][4]}%{{{t[2][2]} endfor {t[2][3]}}}\n"
            f"{t[1][5]}tail\n"
            f"{t[1][6]}EOT\n"
        )
    )


def _objects(items: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.dictionaries(st.sampled_from(["a", "b", "c"]), items, max_size=3).map(
        lambda d: "{" + ", ".join(f"{k} = {v}" for k, v in d.items()) + "}"
    )


def _expressions() -> list[str]:
    found: list[str] = []

    @settings(
        max_examples=COUNT,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(_grammar())
    def collect(expression: str) -> None:
        found.append(expression)

    collect()
    return list(dict.fromkeys(found))


def _jobspec(expression: str) -> dict[str, object]:
    parsed = parse(f"x = {expression}\n", "expr.hcl")
    if parsed.document is None or parsed.diagnostics:
        return {"ok": False}
    result, error = evaluate_checked(parsed.document.body.attributes[0].expr, Scope(evaluated=True))
    if error is not None or isinstance(result, Unknown):
        return {"ok": False}
    try:
        return {"ok": True, "json": _json(result), "type": friendly(type_of(result))}
    except FunctionError:
        return {"ok": False}


def test_generated_expressions_evaluate_as_the_libraries_do():
    binary = _reference()
    if binary is None:
        pytest.skip(
            "the Go reference needs `apt-get install golang-go golang-github-hashicorp-hcl-v2-dev "
            "golang-github-zclconf-go-cty-yaml-dev` and ../shared/tools/ctyref"
        )
    expressions = _expressions()
    assert len(expressions) >= 2000
    run = subprocess.run(
        [binary],
        input="".join(json.dumps(e) + "\n" for e in expressions),
        capture_output=True,
        text=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(answers) == len(expressions), run.stderr
    disagreements = []
    agreed_values = 0
    for expression, go in zip(expressions, answers, strict=True):
        ours = _jobspec(expression)
        if not go["ok"]:
            if ours["ok"]:
                disagreements.append(f"{expression}\n  Go refuses: {go['error']}\n  jobspec: {ours['json']}")
            continue
        if not ours["ok"]:
            disagreements.append(f"{expression}\n  Go: {go['json']} ({go['type']})\n  jobspec refuses")
            continue
        same_type = go["json"] == "null" or go["type"] == ours["type"]
        if go["json"] != ours["json"] or not same_type:
            disagreements.append(
                f"{expression}\n  Go: {go['json']} ({go['type']})\n  jobspec: {ours['json']} ({ours['type']})"
            )
        else:
            agreed_values += 1
    assert not disagreements, f"{len(disagreements)} of {len(expressions)}:\n" + "\n".join(disagreements[:40])
    # Most expressions must give a value, or the test would only compare refusals.
    assert agreed_values > len(expressions) // 3
