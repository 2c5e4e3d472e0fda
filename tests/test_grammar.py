"""The pickled parser (jobspec.load.grammar) parses exactly as lark's own."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path

import hcl2.parser
import pytest
from lark import Lark, Token, Tree

from jobspec.load import grammar
from jobspec.load.tokens import HclTokens
from tests.conftest import CORPUS, needs_shared, parse_error_facts


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty user cache folder; the results folder is elsewhere."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    monkeypatch.setenv("JOBSPEC_CACHE_DIR", str(tmp_path / "results"))
    grammar.hcl_parser.cache_clear()
    yield tmp_path / "user" / "jobspec"
    grammar.hcl_parser.cache_clear()


def shape(tree: Tree | Token) -> object:
    """A parse tree as plain data, with positions (lark may name a rule by a str or by a Token)."""
    if isinstance(tree, Token):
        return (tree.type, tree.value, tree.line, tree.column)
    meta = tree.meta
    where = tuple(getattr(meta, k, None) for k in ("line", "column", "end_line", "end_column"))
    return (str(tree.data), where, [shape(child) for child in tree.children])


def pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_first_use_writes_the_pickle_and_the_next_reads_it(fresh):
    built = grammar.hcl_parser()
    [saved] = pickles(fresh)
    assert "lark-" in saved.name and sys.implementation.cache_tag in saved.name
    assert not (fresh.parent.parent / "results").exists(), "never in JOBSPEC_CACHE_DIR: it may be shared or checked out"
    grammar.hcl_parser.cache_clear()
    loaded = grammar.hcl_parser()
    assert loaded is not built
    assert repr(loaded.parse(grammar._PROBE)) == repr(built.parse(grammar._PROBE))


def stale(format_: int, probe: str | None) -> bytes:
    """A pickle of a real parser with a wrong format number or probe."""
    parser = hcl2.parser.parser()
    buffer = io.BytesIO()
    grammar._Pickler(buffer).dump((format_, probe if probe is not None else grammar._probe(parser), parser))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle",
        pickle.dumps((grammar._FORMAT, "the probe", None)),
        lambda: stale(grammar._FORMAT, "the probe read differently"),
        lambda: stale(grammar._FORMAT - 1, None),
    ],
)
def test_a_broken_pickle_is_rebuilt(fresh, content):
    if callable(content):
        content = content()
    grammar.hcl_parser()
    [saved] = pickles(fresh)
    saved.write_bytes(content)
    grammar.hcl_parser.cache_clear()
    parser = grammar.hcl_parser()
    assert parser.parse("a = 1\n").data == "start"
    assert saved.read_bytes() != content  # written again, whole


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below"))
    monkeypatch.setattr(
        grammar, "_probe", lambda parser: pytest.fail("nothing is pickled where nothing can be written")
    )
    grammar.hcl_parser.cache_clear()
    try:
        assert grammar.hcl_parser().parse("a = 1\n").data == "start"
    finally:
        grammar.hcl_parser.cache_clear()


@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_a_pickle_others_could_have_written_is_not_loaded(fresh, mode, monkeypatch):
    grammar.hcl_parser()
    [saved] = pickles(fresh)
    saved.chmod(mode)
    grammar.hcl_parser.cache_clear()
    loaded = []
    real_load = pickle.load
    # lark reads its own cache file with pickle too; only jobspec's pickle counts here.
    monkeypatch.setattr(
        pickle, "load", lambda handle: (handle.name == str(saved) and loaded.append(1)) or real_load(handle)
    )
    assert grammar.hcl_parser().parse("a = 1\n").data == "start"
    assert loaded == []
    saved.chmod(0o600)  # the control: the same file, trusted, is loaded
    grammar.hcl_parser.cache_clear()
    grammar.hcl_parser()
    assert loaded == [1]


def test_the_shift_and_reduce_markers_stay_themselves(fresh):
    """lark compares parse actions by identity; copies would make every reduce a shift."""
    from lark.parsers.lalr_analysis import Reduce, Shift

    grammar.hcl_parser()
    grammar.hcl_parser.cache_clear()
    table = grammar.hcl_parser().parser.parser.parser.parse_table
    actions = {id(action) for state in table.states.values() for action, _ in state.values()}
    assert actions == {id(Shift), id(Reduce)}


def test_equal_actions_are_one_object_after_loading(fresh):
    """The pickle's size and load time rest on this (26,000 entries, ~1,600 distinct)."""
    grammar.hcl_parser()
    grammar.hcl_parser.cache_clear()
    table = grammar.hcl_parser().parser.parser.parser.parse_table
    entries = [pair for state in table.states.values() for pair in state.values()]
    distinct = {(id(action), target if isinstance(target, int) else id(target)) for action, target in entries}
    assert len({id(pair) for pair in entries}) == len(distinct) < len(entries) / 10


@needs_shared
def test_pickled_parser_reads_the_corpus_like_lark(fresh):
    grammar.hcl_parser()
    grammar.hcl_parser.cache_clear()
    pickled = grammar.hcl_parser()
    # A parser of its own from lark's cache file, untouched by what the pickling does to the one it pickles.
    original = Lark(grammar.grammar_text(), parser="lalr", propagate_positions=True, postlex=HclTokens())
    assert pickled is not original
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".nomad", ".hcl")):
        text = path.read_text(encoding="utf-8", errors="replace") + "\n"
        try:
            expected = shape(original.parse(text))
        except Exception as exc:  # the error itself is what must match
            expected = parse_error_facts(exc)
        try:
            got = shape(pickled.parse(text))
        except Exception as exc:
            got = parse_error_facts(exc)
        assert got == expected, path


def test_a_one_file_run_loads_the_pickle(fresh):
    """Cold start: the second process reads the pickle instead of lark's cache."""
    code = (
        "from jobspec.load import grammar; calls = []; "
        "grammar._built = lambda: calls.append(1); "
        "grammar.hcl_parser(); print(len(calls))"
    )
    root = Path(__file__).resolve().parent.parent
    env = {"XDG_CACHE_HOME": str(fresh.parent), "PYTHONPATH": str(root), "PATH": ""}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert first.stdout.strip() == "1"  # nothing to load yet; the stub parser is not saved
    build = "from jobspec.load import grammar; grammar.hcl_parser()"
    subprocess.run([sys.executable, "-c", build], env=env, check=True)
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "0"
