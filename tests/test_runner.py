"""Many files: discovery, determinism across --jobs, cache, stdin, baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jobspec.cache import Cache
from jobspec.engine.options import Options
from jobspec.patterns import Pattern
from jobspec.runner import discover, run
from tests.cli_helpers import DUPLICATE, jobspec, write
from tests.conftest import CORPUS, needs_shared


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "cache"))


def make_tree(root: Path, corpus_files: int = 0) -> None:
    """Jobs with and without findings; optionally real corpus files beside them."""
    for i in range(12):
        write(root, f"gen/dup{i:02}.nomad", DUPLICATE.replace("api", f"api{i}"))
        write(
            root,
            f"gen/ok{i:02}.nomad.hcl",
            f'job "ok{i}" {{\n  group "g" {{\n    task "t" {{ driver = "docker" }}\n  }}\n}}\n',
        )
    write(root, "gen/broken.nomad", 'job "x" {\n  group "g" {\n')
    write(root, "gen/agent.hcl", "client { enabled = true }\n")
    if corpus_files and (CORPUS / "jobs").is_dir():
        for i, path in enumerate(sorted((CORPUS / "jobs").rglob("*.nomad"))[:corpus_files]):
            shutil.copy(path, root / f"corpus{i:03}.nomad")


def test_discovery_defaults_include_and_exclude(tmp_path):
    make_tree(tmp_path)
    write(tmp_path, ".hidden/x.nomad", DUPLICATE)
    write(tmp_path, "gen/extra.job", DUPLICATE)
    names = [Path(p).name for p, _ in discover([str(tmp_path)])]
    assert "agent.hcl" not in names and "x.nomad" not in names and "extra.job" not in names
    assert len(names) == 25
    only = discover([str(tmp_path)], include=(Pattern("*.job"),))
    assert [Path(p).name for p, _ in only] == ["extra.job"]
    some = discover([str(tmp_path)], exclude=(Pattern("dup*"), Pattern("gen/broken.nomad", str(tmp_path))))
    assert sorted(Path(p).name for p, _ in some)[:2] == ["ok00.nomad.hcl", "ok01.nomad.hcl"]
    assert len(some) == 12
    named = str(tmp_path / "gen" / "dup01.nomad")
    assert discover([named], exclude=(Pattern("gen", str(tmp_path)),)) == []
    assert discover([named, named]) == [(named, named)]


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("*.nomad", "a/b/c.nomad", True),
        ("vendor", "vendor/x/y.nomad", True),
        ("jobs/**/*.hcl", "jobs/a/b/c.hcl", True),
        ("jobs/**/*.hcl", "jobs/c.hcl", True),
        ("jobs/*.hcl", "jobs/a/c.hcl", False),
        ("/jobs", "jobs/a.nomad", True),
        ("[ab].nomad", "b.nomad", True),
        ("[!ab].nomad", "b.nomad", False),
        ("c?.nomad", "c1.nomad", True),
    ],
)
def test_patterns(tmp_path, glob, path, expected):
    assert Pattern(glob, str(tmp_path)).matches(str(tmp_path / path)) is expected


def test_cli_include_exclude(tmp_path):
    make_tree(tmp_path)
    run_ = jobspec("validate", "gen", "--exclude", "dup*", "--exclude", "broken.nomad", cwd=tmp_path)
    assert run_.code == 0
    assert "12 files checked, no problems found" in run_.stdout
    write(tmp_path, ".jobspec.toml", 'exclude = ["gen/dup*"]\n')
    run_ = jobspec("validate", "gen", "-f", "json", cwd=tmp_path)
    assert json.loads(run_.stdout)["summary"]["files"] == 13


@needs_shared
def test_output_is_byte_identical_whatever_the_jobs(tmp_path):
    make_tree(tmp_path, corpus_files=10)
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("text", "json"):
            result = jobspec("validate", ".", "--no-cache", "--jobs", jobs, "-f", fmt, cwd=tmp_path)
            assert result.code == 1
            outputs[jobs, fmt] = result.stdout
    assert outputs["1", "text"] == outputs["2", "text"]
    assert outputs["1", "json"] == outputs["2", "json"]
    summary = json.loads(outputs["1", "json"])["summary"]
    assert (summary["files"], summary["errors"]) == (35, 13)


def test_pool_and_serial_give_equal_results(tmp_path):
    make_tree(tmp_path)
    files = discover([str(tmp_path)])
    serial = run(files, Options(), Cache(None, "x"), jobs=1)
    pooled = run(files, Options(), Cache(None, "x"), jobs=2)
    assert serial == pooled
    assert [d.rule for d in serial.diagnostics].count("port-duplicate-label") == 12


def test_cache_miss_then_hit(tmp_path):
    make_tree(tmp_path)
    files = discover([str(tmp_path)])
    store = Cache(tmp_path / "cache", Options().digest())
    cold = run(files, Options(), store, jobs=1)
    warm = run(files, Options(), store, jobs=1)
    assert (cold.cache_hits, warm.cache_hits) == (0, len(files))
    assert cold == warm.__class__(**{**warm.__dict__, "cache_hits": 0})
    other = Options(ignore=("port-duplicate-label",))
    changed = run(files, other, Cache(tmp_path / "cache", other.digest()), jobs=1)
    assert changed.cache_hits == 0
    assert "port-duplicate-label" not in {d.rule for d in changed.diagnostics}


def test_same_content_under_another_name_is_a_hit_with_its_own_name(tmp_path):
    store = Cache(tmp_path / "cache", Options().digest())
    a = write(tmp_path, "a.nomad", DUPLICATE)
    b = write(tmp_path, "b.nomad", DUPLICATE)
    run([(str(a), "a.nomad")], Options(), store, jobs=1)
    second = run([(str(b), "b.nomad")], Options(), store, jobs=1)
    assert second.cache_hits == 1
    assert [d.span.file for d in second.diagnostics] == ["b.nomad"]
    assert second.sources["b.nomad"] == DUPLICATE


def test_corrupt_cache_entries_are_ignored(tmp_path):
    make_tree(tmp_path)
    files = discover([str(tmp_path)])
    store = Cache(tmp_path / "cache", Options().digest())
    cold = run(files, Options(), store, jobs=1)
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 25
    garbage = [b"", b"{", b"[]", b'{"diagnostics": [[1]], "skipped": []}', b'{"diagnostics": [], "skipped": 3}']
    for i, entry in enumerate(entries):
        entry.write_bytes(garbage[i % len(garbage)])
    again = run(files, Options(), store, jobs=1)
    assert again.diagnostics == cold.diagnostics
    assert again.cache_hits == 0
    assert sorted(d.rule for d in again.diagnostics) == sorted(d.rule for d in cold.diagnostics)


def test_unwritable_cache_falls_back_silently(tmp_path, monkeypatch):
    blocker = write(tmp_path, "not-a-folder", "x")
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(blocker))
    write(tmp_path, "api.nomad", DUPLICATE)
    result = jobspec("validate", "api.nomad", cwd=tmp_path)
    assert result.code == 1
    assert "port-duplicate-label" in result.stdout
    assert result.stderr == ""


def test_no_cache_writes_nothing(tmp_path):
    write(tmp_path, "api.nomad", DUPLICATE)
    jobspec("validate", "api.nomad", "--no-cache", cwd=tmp_path)
    assert not (tmp_path / "cache").exists()
    jobspec("validate", "api.nomad", cwd=tmp_path)
    assert list((tmp_path / "cache").rglob("*.json"))


def test_stdin_with_filename_and_per_file_ignores(tmp_path):
    result = jobspec("validate", "-", "--stdin-filename", "jobs/api.nomad", "-f", "json", cwd=tmp_path, stdin=DUPLICATE)
    [d] = json.loads(result.stdout)["diagnostics"]
    assert (d["file"], d["line"], d["column"], result.code) == ("jobs/api.nomad", 5, 12, 1)
    write(tmp_path, ".jobspec.toml", 'per-file-ignores = { "jobs/*.nomad" = ["port-duplicate-label"] }\n')
    result = jobspec("validate", "-", "--stdin-filename", "jobs/api.nomad", cwd=tmp_path, stdin=DUPLICATE)
    assert result.code == 0


def test_stdin_text_report_shows_the_source_line(tmp_path):
    result = jobspec("validate", "-", cwd=tmp_path, stdin=DUPLICATE)
    assert 'port "http" { static = 80 }' in result.stdout
    assert result.stdout.startswith("stdin:5:12:")


def test_baseline_survives_unrelated_line_shifts(tmp_path):
    job = write(tmp_path, "api.nomad", DUPLICATE)
    saved = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    (tmp_path / "baseline.json").write_text(saved.stdout)
    assert jobspec("validate", "api.nomad", "--baseline", "baseline.json", cwd=tmp_path).code == 0
    job.write_text("# a new comment\n# and another\n" + DUPLICATE)
    result = jobspec("validate", "api.nomad", "--baseline", "baseline.json", "-f", "json", cwd=tmp_path)
    assert (result.code, json.loads(result.stdout)["diagnostics"]) == (0, [])


def test_baseline_reports_only_new_findings(tmp_path):
    job = write(tmp_path, "api.nomad", DUPLICATE)
    saved = jobspec("validate", "api.nomad", "-f", "json", cwd=tmp_path)
    (tmp_path / "baseline.json").write_text(saved.stdout)
    job.write_text(
        "\n\n" + DUPLICATE.replace('      port "http" { to = 8080 }\n', '      port "http" { to = 8080 }\n' * 2)
    )
    result = jobspec("validate", "./api.nomad", "--baseline", "baseline.json", "-f", "json", cwd=tmp_path)
    lines = [d["line"] for d in json.loads(result.stdout)["diagnostics"]]
    # Lines 7 and 8 now carry the same finding; the baseline knew one (at line 5),
    # so exactly one is new: the one farther from where the known one was.
    assert (result.code, lines) == (1, [8])
    write(tmp_path, "other.nomad", DUPLICATE)
    result = jobspec("validate", ".", "--baseline", "baseline.json", "-f", "json", cwd=tmp_path)
    assert [d["file"] for d in json.loads(result.stdout)["diagnostics"]] == ["./api.nomad", "./other.nomad"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read baseline"),
        ("{", "is not JSON"),
        ("[]", "not a jobspec JSON report"),
        ('{"diagnostics": [{"file": "a"}]}', "needs `file`, `rule`, `message` and `line`"),
    ],
)
def test_bad_baseline_is_a_usage_error(tmp_path, content, message):
    write(tmp_path, "api.nomad", DUPLICATE)
    if content is not None:
        (tmp_path / "baseline.json").write_text(content)
    result = jobspec("validate", "api.nomad", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.code == 2
    assert message in result.stderr


def test_grammar_cache_goes_to_the_users_cache_folder(tmp_path, monkeypatch):
    """jobspec asks lark to keep its compiled (patched) grammar in the user's cache
    folder, not in JOBSPEC_CACHE_DIR: lark's cache file is a pickle too (the build
    itself takes seconds, so it is not run)."""
    import lark

    from jobspec.load import grammar

    calls = []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    monkeypatch.setattr(lark, "Lark", lambda *a, **kw: calls.append((a, kw)) or "parser")
    grammar.hcl_parser.cache_clear()
    try:
        assert grammar.hcl_parser() == "parser"
        assert grammar.hcl_parser() == "parser"
    finally:
        grammar.hcl_parser.cache_clear()
    [(args, options)] = calls
    assert args == (grammar.grammar_text(),)
    assert Path(options["cache"]).parent == tmp_path / "user" / "jobspec"
    assert (options["parser"], options["propagate_positions"]) == ("lalr", True)


def test_progress_bar_goes_to_stderr_and_changes_nothing(tmp_path, capsys):
    make_tree(tmp_path)
    files = discover([str(tmp_path)])
    plain = run(files, Options(), Cache(None, "x"), jobs=2, progress=False)
    assert capsys.readouterr().err == ""
    shown = run(files, Options(), Cache(None, "x"), jobs=2, progress=True)
    assert shown == plain
    assert capsys.readouterr().out == ""


def test_progress_is_off_when_piped(tmp_path, capsys):
    make_tree(tmp_path)
    run(discover([str(tmp_path)]), Options(), Cache(None, "x"), jobs=1)
    assert capsys.readouterr().err == ""


def test_catalog_digest_follows_file_contents(tmp_path):
    from jobspec.cache import files_digest

    node = write(tmp_path, "nodes/a/node.json", "{}")
    before = files_digest((str(tmp_path / "nodes"),))
    assert files_digest((str(tmp_path / "nodes"),)) == before
    node.write_text('{"x": 1}')
    assert files_digest((str(tmp_path / "nodes"),)) != before
    assert Options(catalog_digest="a").digest() != Options(catalog_digest="b").digest()


def test_default_workers(monkeypatch):
    from jobspec.app.lint import default_jobs as _cpus

    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert _cpus() >= 1
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert _cpus() == 1


def test_cached_skipped_reasons_name_the_file_checked(tmp_path):
    job = (
        'variable "m" {\n  type = string\n}\njob "a" {\n  group "g" {\n    network { mode = var.m }\n    '
        'task "t" { driver = "docker" }\n  }\n}\n'
    )
    a, b = write(tmp_path, "a.nomad", job), write(tmp_path, "b.nomad", job)
    store = Cache(tmp_path / "cache", Options().digest())
    first = run([(str(a), "a.nomad")], Options(), store, jobs=1)
    second = run([(str(b), "b.nomad")], Options(), store, jobs=1)
    assert second.cache_hits == 1
    assert first.skipped and all(s.startswith("a.nomad: ") for s in first.skipped)
    assert second.skipped == [s.replace("a.nomad: ", "b.nomad: ", 1) for s in first.skipped]


def test_jobs_reading_other_files_are_cached_with_their_folder(tmp_path, monkeypatch):
    # file() reads from the current folder, as Nomad's does: the key digests that folder.
    monkeypatch.chdir(tmp_path)
    job = write(
        tmp_path,
        "a.nomad",
        'job "a" {\n  meta { x = file("x.txt") }\n  group "g" {\n    task "t" { driver = "docker" }\n  }\n}\n',
    )
    other = write(tmp_path, "x.txt", "one")
    store = Cache(tmp_path / "cache", Options().digest())
    run([(str(job), str(job))], Options(), store, jobs=1)
    assert run([(str(job), str(job))], Options(), store, jobs=1).cache_hits == 1
    other.write_text("two, longer")
    assert run([(str(job), str(job))], Options(), store, jobs=1).cache_hits == 0
    assert run([(str(job), str(job))], Options(), store, jobs=1).cache_hits == 1
    stdin = run([("-", "a.nomad")], Options(), store, jobs=1, read_stdin=job.read_bytes)
    assert stdin.cache_hits == 0
