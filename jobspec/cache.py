"""A cache of per-file results, keyed by what decides them.

The key is sha256 over the file's bytes, a digest of the code that checks it
(:func:`code_digest`: jobspec's own files, the parser's and the regex engines', so a changed rule
never serves an old result, even while ``__version__`` stays the same) and a
digest of the effective options (rule selection, severity overrides, variables,
catalog contents). Entries are small JSON files (python-hcl2's rule tree cannot
be pickled, and diagnostics are what a warm run needs). Every failure to read or
write the cache is silent: a broken cache only makes a run slower.

Location: ``$JOBSPEC_CACHE_DIR``, else the platform's user cache folder
(platformdirs: ``$XDG_CACHE_HOME/jobspec`` or ``~/.cache/jobspec`` on Linux,
``~/Library/Caches/jobspec`` on macOS, ``%LOCALAPPDATA%\\jobspec\\Cache`` on
Windows). The parser (jobspec.load.grammar) and the code digest always stay in
the latter: a pickle is code, and a results folder may be shared or checked out.

Entries are written with the permissions the umask gives a new file (not
``mkstemp``'s 0600), so a team folder stays readable by the team. At most once a
day a run deletes entries unused for :data:`MAX_AGE_DAYS` days (a hit renews an
entry at most daily); ``jobspec cache clean`` deletes all of them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from jobspec import __version__
from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity, Span

# Bumped when the same file, options and code could give another result, or an entry's
# rows change shape (3: a diagnostic's fix and related places).
_FORMAT = 3
MAX_AGE_DAYS = 30
_DAY = 24 * 3600
_TIDY_MARK = ".last-tidy"
# The packages whose code decides a result: jobspec's, the parser's, RE2 (regexp
# constraints, regex_replace) and regex (grapheme clusters of non-ASCII text).
_CODE = ("jobspec", "hcl2", "lark", "re2", "regex")


def folder() -> Path:
    """Where results are cached: JSON only, so it may be shared, or sit in a checkout."""
    explicit = os.environ.get("JOBSPEC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return user_folder()


def user_folder() -> Path:
    """The user's own cache folder, whatever ``JOBSPEC_CACHE_DIR`` says: the
    parser kept there is a pickle, and loading one runs code."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("jobspec", appauthor=False))


def _tree(package: str) -> list[tuple[str, str]]:
    """(name within the package, path) of every file of an installed package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    found: list[tuple[str, str]] = []
    # Plain strings and scandir, not Path and os.walk: this runs on every start-up
    # (a warm run's whole budget is a few tens of milliseconds).
    pending = [(next(iter(spec.submodule_search_locations)), package + "/")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif not entry.name.endswith((".pyc", ".pickle")):
                found.append((prefix + entry.name, entry.path))
    return found


@functools.cache
def code_digest() -> str:
    """sha256 over the files of jobspec, python-hcl2, lark, google-re2 and regex as installed.

    Hashing them (about a megabyte) on every run would cost more than a warm run
    saves, so the digest is kept in the user's cache folder under a stamp of the
    files' paths, sizes and modification times: computed once per install (and
    again after any edit), then read back."""
    files = [entry for package in _CODE for entry in _tree(package)]
    if not any(name.startswith("jobspec/_schemas/") for name, _ in files):
        # A checkout or an editable install reads the top-level schemas/ (jobspec.schemas),
        # and the job schema decides results as much as the rules do.
        checkout = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas")
        with contextlib.suppress(OSError):
            names = sorted(entry.name for entry in os.scandir(checkout) if entry.is_file())
            files += [(f"schemas/{name}", os.path.join(checkout, name)) for name in names]
    stamp = hashlib.sha256(__version__.encode())
    for _, path in files:
        try:
            st = os.stat(path)
        except OSError:
            continue
        stamp.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    kept = user_folder() / "code" / f"{stamp.hexdigest()}.txt"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        known = kept.read_text(encoding="utf-8").strip()
        if len(known) == 64:
            return known
    content = hashlib.sha256()
    for name, path in files:
        content.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as handle:
                content.update(handle.read())
        except OSError:
            content.update(b"<unreadable>")
        content.update(b"\0")
    result = content.hexdigest()
    with contextlib.suppress(OSError):
        _write_atomically(kept, result + "\n")
    return result


@functools.cache
def _file_mode() -> int:
    """What ``open()`` would give a new file: 0666 less the umask (which only
    ``os.umask`` can read, by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_atomically(target: Path, text: str) -> None:
    """Write then rename, so a reader (another worker, another run) never sees
    half a file; with a new file's usual permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def digest(*parts: Any) -> str:
    """A stable digest of JSON-able parts (dicts are sorted by key)."""
    blob = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def files_digest(paths: tuple[str, ...]) -> str:
    """Digest of the contents of files and of every file below folders, so a
    catalog edit invalidates the results that depended on it."""
    h = hashlib.sha256()
    for given in sorted(paths):
        members = [given]
        if os.path.isdir(given):
            members = sorted(os.path.join(root, name) for root, _, names in os.walk(given) for name in names)
        for member in members:
            h.update(member.encode("utf-8", "surrogateescape") + b"\0")
            try:
                h.update(Path(member).read_bytes())
            except OSError:
                h.update(b"<unreadable>")
            h.update(b"\0")
    return h.hexdigest()


class Cache:
    """Results for one set of options. ``None`` folder: caching is off."""

    def __init__(self, root: Path | None, options_digest: str) -> None:
        self.base = root
        self.root = root / f"results-v{_FORMAT}" if root is not None else None
        self.options = options_digest
        self.code = code_digest() if root is not None else ""

    def key(self, data: bytes) -> str:
        h = hashlib.sha256(data)
        h.update(f"\0{self.code}\0{self.options}".encode())
        return h.hexdigest()

    def get(self, key: str, display: str) -> tuple[list[Diagnostic], list[str]] | None:
        if self.root is None:
            return None
        path = self.root / key[:2] / f"{key}.json"
        try:
            with open(path, encoding="utf-8") as handle:
                entry = json.load(handle)
                if os.fstat(handle.fileno()).st_mtime < time.time() - _DAY:
                    # In use: renewed, so age-based eviction spares it.
                    with contextlib.suppress(OSError):
                        os.utime(path)
            skipped = [display + str(s[1:]) if s.startswith("\0") else str(s) for s in entry["skipped"]]
            return [_decode(d, display) for d in entry["diagnostics"]], skipped
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, display: str, diagnostics: list[Diagnostic], skipped: list[str]) -> None:
        if self.root is None:
            return
        # Skipped reasons start with the file's name; stored without it, like diagnostics.
        reasons = ["\0" + s[len(display) :] if s.startswith(display + ": ") else s for s in skipped]
        entry = {"diagnostics": [_encode(d, display) for d in diagnostics], "skipped": reasons}
        with contextlib.suppress(OSError):
            _write_atomically(self.root / key[:2] / f"{key}.json", json.dumps(entry, separators=(",", ":")))

    def tidy(self) -> None:
        """At most once a day: delete results (of any format) unused for
        :data:`MAX_AGE_DAYS` days, and temporary files a killed run left behind."""
        if self.base is None:
            return
        now = time.time()
        mark = self.base / _TIDY_MARK
        with contextlib.suppress(OSError):
            if mark.stat().st_mtime > now - _DAY:
                return
        with contextlib.suppress(OSError):
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
        old = [*_result_folders(self.base)]
        if self.base == user_folder():
            old.append(self.base / "code")
        for results in old:
            for path in results.rglob("*"):
                with contextlib.suppress(OSError):
                    limit = now - (_DAY if path.name.startswith(".tmp-") else MAX_AGE_DAYS * _DAY)
                    if path.is_file() and path.stat().st_mtime < limit:
                        path.unlink()


def _result_folders(base: Path) -> list[Path]:
    try:
        return sorted(p for p in base.iterdir() if re.fullmatch(r"results-v[0-9]+", p.name) and p.is_dir())
    except OSError:
        return []


def clean() -> list[tuple[Path, int]]:
    """Delete what jobspec cached (results, code digests, the parser's pickle),
    and nothing else in those folders: (folder, files deleted) for each."""
    removed = []
    user = user_folder()
    for base in dict.fromkeys((folder(), user)):
        count = 0
        for results in _result_folders(base):
            count += sum(1 for p in results.rglob("*") if p.is_file())
            shutil.rmtree(results, ignore_errors=True)
        mine = [base / _TIDY_MARK]
        if base == user:
            # The code digests, the parser's pickle and lark's compiled grammar (jobspec.load.grammar).
            mine += [*base.glob("code/*.txt"), *base.glob("hcl2-*.pickle"), *base.glob("hcl2-*.bin")]
        for path in mine:
            with contextlib.suppress(OSError):
                path.unlink()
                count += 1
        if base == user:
            with contextlib.suppress(OSError):
                (base / "code").rmdir()
        removed.append((base, count))
    return removed


def _encode(d: Diagnostic, display: str) -> list[Any]:
    s = d.span
    # The file name is left out when it is the checked file's, so a copy of the
    # same content under another name is a cache hit; a diagnostic pointing into
    # another file (a catalog, say) keeps its name.
    file = None if s.file == display else s.file
    fix = None
    if d.fix is not None:
        fix = [d.fix.title, d.fix.applicability.value, [[*_span(e.span, display), e.text] for e in d.fix.edits]]
    return [
        d.rule,
        d.severity.value,
        d.message,
        file,
        s.line,
        s.column,
        s.end_line,
        s.end_column,
        d.hint,
        d.job,
        d.group,
        fix,
        [[*_span(r.span, display), r.message] for r in d.related],
    ]


def _span(s: Span, display: str) -> list[Any]:
    return [None if s.file == display else s.file, s.line, s.column, s.end_line, s.end_column]


def _unspan(row: list[Any], display: str) -> Span:
    file, line, column, end_line, end_column = row
    if not all(isinstance(n, int) for n in (line, column, end_line, end_column)):
        raise TypeError("corrupt entry")
    return Span(display if file is None else str(file), line, column, end_line, end_column)


def _decode(row: list[Any], display: str) -> Diagnostic:
    rule, severity, message, file, line, column, end_line, end_column, hint, job, group, fix, related = row
    span = _unspan([file, line, column, end_line, end_column], display)
    decoded = None
    if fix is not None:
        title, applicability, edits = fix
        decoded = Fix(
            str(title),
            Applicability(applicability),
            tuple(Edit(_unspan(e[:5], display), str(e[5])) for e in edits),
        )
    places = tuple(Related(_unspan(r[:5], display), str(r[5])) for r in related)
    return Diagnostic(str(rule), Severity(severity), str(message), span, hint, job, group, decoded, places)
