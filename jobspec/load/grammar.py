"""python-hcl2's lark parser, built once per machine and loaded fast.

Building the LALR tables from ``hcl2.lark`` takes seconds (parser.md §3), so
lark keeps a cache file. Loading that still costs ~0.13 s, most of it lark
rebuilding ~26,000 small objects from its generic serialized form: a third of
a one-file run. jobspec therefore keeps a plain pickle of the parser once
built, which loads in 30-50 ms with the probe below.

The pickle is named after the versions of python-hcl2, lark and Python and a
digest of the grammar, and holds the tree of a probe text as the freshly built
parser saw it; a pickle that cannot be read, or whose parser now reads the
probe differently, is ignored and rewritten. Every failure here only makes a
run slower. Loading a pickle runs code, as loading lark's own cache file does,
so both live in the user's own cache folder (jobspec.cache.user_folder), never
in ``JOBSPEC_CACHE_DIR``, which CI setups point into a checkout or share; and
a pickle another user could have written is not loaded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import os
import pickle
import stat
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

from jobspec.cache import user_folder
from jobspec.load.tokens import HclTokens

_FORMAT = 2

# Touches the grammar's corners: labels, templates and directives, heredocs,
# for-expressions, operators split over lines (the post-lexer), comments.
_PROBE = """\
job "j" "k" { # c
  a = "x${y.z[0]}%{ if b }c%{ else }d%{ endif }" // c
  b = <<-EOF
    ${f(1, [2]...)} %{ for i in l }${i}%{ endfor }
    EOF
  c = {for k, v in m : k => v if v != null}
  c2 = [for x in l : x]
  d = { e = -1.5e3, (g) = !h ? i.*.j : k[*].l }
  e = 1 +
    2 * 3 >= 4 && true || null
  /* c */ dynamic "p" { content {} }
}
"""


@functools.cache
def hcl_parser() -> Any:
    """The lark parser python-hcl2's ``parses()`` uses, with its options."""
    import hcl2.parser
    import hcl2.version
    import lark

    grammar = _digest()
    versions = f"hcl2-{hcl2.version.version}-{grammar}-lark-{lark.__version__}-{sys.implementation.cache_tag}"
    target = user_folder() / f"{versions}.pickle"
    parser = _load(target)
    if parser is None:
        parser = _built()
        _save(parser, target)
    return parser


# python-hcl2's grammar, changed where it reads HCL otherwise than Go's hclsyntax
# (the parser Nomad uses). Each entry: what it fixes, the text replaced, its replacement.
_PATCHES = (
    # hclsyntax's scanner (scan_tokens.rl, Comment) makes `/* */` a comment token that
    # the parser's peeker skips like whitespace (peeker.go, nextToken), even when it
    # spans lines: `a = /* note */ "x"` is valid. python-hcl2 reads it as a newline.
    (
        r"NL_OR_COMMENT: /\n[ \t]*/ | /#.*\n/ | /\/\/.*\n/ | /\/\*(.|\n)*?(\*\/)/",
        "NL_OR_COMMENT: /\\n[ \\t]*/ | /#.*\\n/ | /\\/\\/.*\\n/\n%ignore /\\/\\*[\\s\\S]*?\\*\\//",
    ),
    # hclsyntax reads an operand of `-` or `!` as another unary expression
    # (parser.go, parseExpressionTerm, case TokenMinus/TokenBang): `!!true`, `- -1`.
    ("!unary_op : (MINUS | NOT) expr_term", "!unary_op : (MINUS | NOT) unary_expr"),
    # A quoted template's interpolation may strip whitespace with `~` on either side
    # (spec.md "Template Interpolation"; scan_tokens.rl TemplateInterp). The marker is
    # an anonymous token, so lark leaves it out of the tree and the interpolation keeps
    # the shape python-hcl2's InterpolationRule and jobspec's evaluator read.
    ("interpolation: INTERP_START expression RBRACE", 'interpolation: INTERP_START "~"? expression "~"? RBRACE'),
    # An identifier is Unicode ID_Start or `_`, then ID_Continue or `-` (hclsyntax
    # scan_tokens.rl, Ident; spec.md "Identifiers"), not ASCII only.
    ("NAME : /[a-zA-Z_][a-zA-Z0-9_-]*/", r"NAME : /[^\W\d][\w-]*/"),
)


def _digest() -> str:
    """Names the grammar and what the lexer is built with (the terminals the
    post-lexer asks it to accept everywhere)."""

    accepted = ",".join(HclTokens().always_accept)
    return hashlib.sha256(f"{grammar_text()}\n{accepted}".encode()).hexdigest()[:12]


@functools.cache
def grammar_text() -> str:
    """python-hcl2's ``hcl2.lark`` with jobspec's patches applied."""
    import hcl2.parser

    text = Path(hcl2.parser.__file__).with_name("hcl2.lark").read_text(encoding="utf-8")
    for old, new in _PATCHES:
        if old not in text:  # python-hcl2 is pinned; a new release must be checked by hand
            raise RuntimeError(f"python-hcl2's grammar has changed: cannot find {old!r}")
        text = text.replace(old, new)
    return text


def _built() -> Any:
    """The parser built from the patched grammar; lark keeps its compiled tables in
    jobspec's cache folder and checks their digest itself, rebuilding (silently)
    when they are stale, corrupt or cannot be written."""
    from lark import Lark

    target = user_folder()
    with contextlib.suppress(OSError):
        target.mkdir(parents=True, exist_ok=True)
    cache = target / f"hcl2-grammar-{_digest()}.bin"
    fresh = not cache.exists()
    parser = Lark(grammar_text(), parser="lalr", cache=str(cache), propagate_positions=True, postlex=HclTokens())
    if fresh and cache.exists():
        # A parser lark reads back from its cache parses ~5% faster than the one it
        # just built (its tables come back in their compact form); that is the one kept.
        parser = Lark(grammar_text(), parser="lalr", cache=str(cache), propagate_positions=True, postlex=HclTokens())
    return parser


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        # Modules cannot be pickled; lark holds `re` in its lexer configuration.
        if isinstance(obj, types.ModuleType):
            return importlib.import_module, (obj.__name__,)
        # lark tells a shift from a reduce by identity (`action is Shift`), so the
        # two must come back as this process's objects, not as copies. Pickle
        # memoises the result, so each is written once, not once per table entry.
        name = getattr(obj, "name", None)
        if isinstance(name, str) and obj is _actions().get(name):
            return _action, (name,)
        return NotImplemented


def _actions() -> dict[str, Any]:
    from lark.parsers.lalr_analysis import Reduce, Shift

    return {"Shift": Shift, "Reduce": Reduce}


def _action(name: str) -> Any:
    return _actions()[name]


def _probe(parser: Any) -> str:
    return repr(parser.parse(_PROBE))


def _share_actions(parser: Any) -> None:
    """Make equal parse actions one object. The table's 26,000 entries hold only
    ~1,600 distinct (action, target) pairs; pickle writes a shared object once
    and refers back to it, so loading creates 1,600 tuples instead of 26,000,
    which takes the load from ~40 to ~25 ms. The pairs are equal, so the parser
    cannot tell."""
    table = parser.parser.parser.parser.parse_table
    shared: dict[tuple[int, Any], Any] = {}
    for actions in table.states.values():
        for token, (action, target) in actions.items():
            # Identity, not equality, of the rule: lark's Rule equality ignores its options.
            key = (id(action), target if isinstance(target, int) else id(target))
            actions[token] = shared.setdefault(key, (action, target))


def _save(parser: Any, target: Path) -> None:
    try:
        # The file first: where the folder cannot be written, the pickling is not paid for.
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            _share_actions(parser)
            _Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump((_FORMAT, _probe(parser), parser))
        os.replace(temporary, target)
    except Exception:  # a parser that cannot be pickled: stay slow, stay correct
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _load(target: Path) -> Any:
    try:
        with open(target, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            version, probe, parser = pickle.load(handle)
        if version == _FORMAT and _probe(parser) == probe:
            return parser
    except Exception:  # missing, truncated, from another lark: rebuild from lark's cache
        return None
    return None


def _trusted(status: os.stat_result) -> bool:
    """Written by this user, and writable by no one else."""
    owner = getattr(os, "getuid", None)
    mine = owner is None or status.st_uid == owner()
    return mine and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
