"""Nomad's jobspec2 functions: call in, value out; failures with HCL's summary."""

import base64
import hashlib

import pytest

from jobspec.evaluate import Unknown
from jobspec.evaluate.functions import Files, function_names
from tests.evaluation import evaluated, value

CALLS = [
    ("abs(-3)", 3),
    ('base64encode("hi")', "aGk="),
    ('base64decode("aGk=")', "hi"),
    ("ceil(1.2)", 2),
    ("floor(1.8)", 1),
    ('chomp("a\\n\\n")', "a"),
    ("chunklist([1, 2, 3], 2)", [[1, 2], [3]]),
    ('cidrhost("10.0.0.0/24", 5)', "10.0.0.5"),
    ('cidrhost("10.0.0.0/24", -1)', "10.0.0.255"),
    ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72"),
    ('cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]),
    ('coalesce("", null, "b")', ""),  # CoalesceFunc skips only nulls
    ("coalescelist([], [1])", [1]),
    ('compact(["a", "", "b"])', ["a", "b"]),
    ("concat([1], [2, 3])", [1, 2, 3]),
    ('contains(["a"], "a")', True),
    ('csvdecode("a,b\\n1,2\\n")', [{"a": "1", "b": "2"}]),
    ("distinct([1, 2, 1])", [1, 2]),
    ('element(["a", "b"], 3)', "b"),
    ("flatten([[1, [2]], 3])", [1, 2, 3]),
    ('format("%s:%d", "h", 80)', "h:80"),
    ('format("%05.1f|%-4s|%x|%q|%t|%%|%v", 3.14159, "a", 255, "q", true, [1])', '003.1|a   |ff|"q"|true|%|[1]'),
    ('format("%[2]s %[1]s", "a", "b")', "b a"),
    ('formatdate("YYYY-MM-DD hh:mm", "2024-03-05T07:08:09Z")', "2024-03-05 07:08"),
    ('formatlist("%s=%d", ["a", "b"], [1, 2])', ["a=1", "b=2"]),
    ('indent(2, "a\\nb")', "a\n  b"),
    ('index(["a", "b"], 1)', "b"),  # IndexFunc is element access
    ('join(",", ["a", "b"], ["c"])', "a,b,c"),
    ('jsondecode("{\\"a\\": [1, 2.5, null]}")', {"a": [1, 2.5, None]}),
    ('jsonencode({b = "<x>", a = [1, true, null]})', '{"a":[1,true,null],"b":"\\u003cx\\u003e"}'),
    ("keys({b = 1, a = 2})", ["a", "b"]),
    ("values({b = 1, a = 2})", [2, 1]),
    ('strlen("héllo")', 5),
    ("length(convert({a = 1}, map(number)))", 1),
    ("log(8, 2)", 3),
    ('lookup({a = 1}, "b", 0)', 0),
    ('lower("ABC")', "abc"),
    ('upper("abc")', "ABC"),
    ("max(1, 5, 3)", 5),
    ("min(1, 5, 3)", 1),
    ("merge({a = 1}, {a = 2, b = 3})", {"a": 2, "b": 3}),
    ('parseint("ff", 16)', 255),
    ("pow(2, 10)", 1024),
    ("range(3)", [0, 1, 2]),
    ("range(1, 4)", [1, 2, 3]),
    ("range(10, 0, -5)", [10, 5]),
    ('reverse("abc")', "cba"),
    ('strrev("abc")', "cba"),
    ('replace("a-b-c", "-", "_")', "a_b_c"),
    ('replace("a1b22", "/[0-9]+/", "#")', "a1b22"),  # ReplaceFunc is literal
    ("pow(10, 100000) == 1 / 0", True),  # math.Pow overflows to +Inf
    ('regex_replace("a1b22", "[0-9]+", "#")', "a#b#"),
    ('regex_replace("host-12", "(\\\\w+)-(\\\\d+)", "$2.$1")', "12.host"),
    ('setintersection(["a", "b"], ["b", "c"])', ["b"]),
    ('setunion(["a"], ["b", "a"])', ["a", "b"]),
    ('setproduct(["a"], [1, 2])', [["a", 1], ["a", 2]]),
    ('sha256("x")', hashlib.sha256(b"x").hexdigest()),
    ('sha512("x")', hashlib.sha512(b"x").hexdigest()),
    ('md5("x")', hashlib.md5(b"x").hexdigest()),
    ('sha1("x")', hashlib.sha1(b"x").hexdigest()),
    ("signum(-4)", -1),
    ("slice([1, 2, 3], 1, 3)", [2, 3]),
    ('sort(["b", "a"])', ["a", "b"]),
    ('split(",", "a,b")', ["a", "b"]),
    ('strlen("abc")', 3),
    ('substr("hello", 1, 3)', "ell"),
    ('substr("hello", -3, -1)', "llo"),
    ('timeadd("2024-01-01T00:00:00Z", "1h30m")', "2024-01-01T01:30:00Z"),
    ('title("hello world")', "Hello World"),
    ('trim("--a--", "-")', "a"),
    ('trimprefix("v1.2", "v")', "1.2"),
    ('trimsuffix("a.hcl", ".hcl")', "a"),
    ('trimspace("  a ")', "a"),
    ('urlencode("a b&c")', "a+b%26c"),
    ('uuidv5("dns", "example.com")', "cfbff0d1-9375-5685-968c-48ce8b15ae17"),
    ('yamldecode("a: [1, x]")', {"a": [1, "x"]}),
    ("yamlencode({a = 1})", '"a": 1\n'),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ('basename("/a/b.txt")', "b.txt"),
    ('dirname("/a/b.txt")', "/a"),
    ("upper(5)", "5"),
]


@pytest.mark.parametrize(("call", "expected"), CALLS)
def test_function(call, expected):
    assert value(call) == expected


def test_every_nomad_function_is_offered():
    nomad = [
        "abs",
        "base64decode",
        "base64encode",
        "bcrypt",
        "can",
        "ceil",
        "chomp",
        "chunklist",
        "cidrhost",
        "cidrnetmask",
        "cidrsubnet",
        "cidrsubnets",
        "coalesce",
        "coalescelist",
        "compact",
        "concat",
        "contains",
        "convert",
        "csvdecode",
        "distinct",
        "element",
        "flatten",
        "floor",
        "format",
        "formatdate",
        "formatlist",
        "indent",
        "index",
        "join",
        "jsondecode",
        "jsonencode",
        "keys",
        "length",
        "log",
        "lookup",
        "lower",
        "max",
        "merge",
        "min",
        "parseint",
        "pow",
        "range",
        "reverse",
        "replace",
        "regex_replace",
        "rsadecrypt",
        "setintersection",
        "setproduct",
        "setunion",
        "sha256",
        "sha512",
        "signum",
        "slice",
        "sort",
        "split",
        "strlen",
        "strrev",
        "substr",
        "timeadd",
        "title",
        "trim",
        "trimprefix",
        "trimspace",
        "trimsuffix",
        "try",
        "upper",
        "urlencode",
        "uuidv4",
        "uuidv5",
        "values",
        "yamldecode",
        "yamlencode",
        "zipmap",
        "abspath",
        "basename",
        "dirname",
        "file",
        "filebase64",
        "fileexists",
        "fileset",
        "pathexpand",
        "md5",
        "sha1",
    ]
    assert set(nomad) <= set(function_names())


@pytest.mark.parametrize("call", ["uuidv4()", 'bcrypt("x")', 'rsadecrypt("x", "k")'])
def test_unreproducible_functions_are_unknown(call):
    result, error = evaluated(call)
    assert isinstance(result, Unknown) and error is None


FAILURES = [
    ('lookup({a = 1}, "b")', "Not enough function arguments"),
    ('index(["a"], "z")', "Error in function call"),
    ('parseint("zz", 10)', "Invalid function argument"),
    ('cidrsubnet("10.0.0.0/30", 8, 1)', "Error in function call"),
    ('cidrhost("not-a-cidr", 1)', "Error in function call"),
    ('jsondecode("{")', "Error in function call"),
    ('format("%d", "x")', "Error in function call"),
    ('format("%s %s", "a")', "Error in function call"),
    ("slice([1], 0, 5)", "Invalid function argument"),
    ('zipmap(["a"], [])', "Error in function call"),
    ("range(0, 10, 0)", "Error in function call"),
    ('join(",", "a")', "Invalid function argument"),
    ("length(5)", "Error in function call"),
    ('reverse(["a"])', "Invalid function argument"),
    ('merge({a = 1}, "x")', "Invalid function argument"),
    ('timeadd("2024-01-01T00:00:00Z", "soon")', "Error in function call"),
    # bounded, so a hostile job cannot make the linter hang or exhaust memory
    ('format("%999999999d", 1)', "Error in function call"),
    ("setproduct(range(1000), range(1000))", "Error in function call"),
    ('indent(100000000, "a\\nb")', "Error in function call"),
]


@pytest.mark.parametrize(("call", "summary"), FAILURES)
def test_function_failure(call, summary):
    result, error = evaluated(call)
    assert isinstance(result, Unknown)
    assert error is not None and error.summary == summary, str(error)
    assert (error.span.line, error.span.column) >= (1, 5)


def test_file_functions_resolve_beside_the_job(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "key.pub").write_text("ssh-ed25519 AAA\n")
    files = Files(str(tmp_path))
    assert evaluated('file("files/key.pub")', files)[0] == "ssh-ed25519 AAA\n"
    assert evaluated('filebase64("files/key.pub")', files)[0] == base64.b64encode(b"ssh-ed25519 AAA\n").decode()
    assert evaluated('fileexists("files/key.pub")', files)[0] is True
    assert evaluated('fileexists("files/none")', files)[0] is False
    assert evaluated('fileset(".", "files/*.pub")', files)[0] == ["files/key.pub"]
    missing, error = evaluated('file("files/none")', files)
    assert isinstance(missing, Unknown) and error is not None and "no file exists" in error.detail


@pytest.mark.parametrize(
    "call", ['file("../secret")', 'file("/etc/hostname")', 'fileexists("../x")', 'fileset("..", "*")']
)
def test_file_functions_refuse_paths_outside(tmp_path, call):
    (tmp_path / "job").mkdir()
    result, error = evaluated(call, Files(str(tmp_path / "job")))
    assert isinstance(result, Unknown)
    assert error is not None and error.rule == "hcl-fs-refused" and (error.span.line, error.span.column) == (1, 5)


def test_allow_outside_reads_outside(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "secret").write_text("s")
    assert evaluated('file("../secret")', Files(str(tmp_path / "job"), allow_outside=True))[0] == "s"


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "secret").write_text("s")
    (tmp_path / "job" / "link").symlink_to(tmp_path / "secret")
    _, error = evaluated('file("link")', Files(str(tmp_path / "job")))
    assert error is not None and error.rule == "hcl-fs-refused"


def test_path_functions():
    import os

    assert value('pathexpand("~/x")') == os.path.expanduser("~/x")
    assert value('abspath("a/b")') == os.path.abspath("a/b")
