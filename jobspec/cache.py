"""A cache of per-file results, keyed by what decides them.

The key is sha256 over the file's bytes, jobspec's version and a digest of the
effective options (rule selection, severity overrides, variables, catalog
contents). Entries are small JSON files (python-hcl2's rule tree cannot be
pickled, and diagnostics are what a warm run needs). Every failure to read or
write the cache is silent: a broken cache only makes a run slower.

Location: ``$JOBSPEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/jobspec``, else
``~/.cache/jobspec``. The parser (jobspec.load.grammar) always stays in the
latter two: it is a pickle, and a results folder may be shared or checked out.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from jobspec import __version__
from jobspec.diagnostics import Diagnostic, Severity, Span

# Bumped when the same file, options and version could give another result.
_FORMAT = 3  # 3: HCL syntax as hclsyntax reads it (issue 9)


def folder() -> Path:
    """Where results are cached: JSON only, so it may be shared, or sit in a checkout."""
    explicit = os.environ.get("JOBSPEC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return user_folder()


def user_folder() -> Path:
    """The user's own cache folder, whatever ``JOBSPEC_CACHE_DIR`` says: the
    parser kept there is a pickle, and loading one runs code."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jobspec"


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
        self.root = root / f"results-v{_FORMAT}" if root is not None else None
        self.options = options_digest

    def key(self, data: bytes) -> str:
        h = hashlib.sha256(data)
        h.update(f"\0{__version__}\0{self.options}".encode())
        return h.hexdigest()

    def get(self, key: str, display: str) -> tuple[list[Diagnostic], list[str]] | None:
        if self.root is None:
            return None
        try:
            with open(self.root / key[:2] / f"{key}.json", encoding="utf-8") as handle:
                entry = json.load(handle)
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
        target = self.root / key[:2] / f"{key}.json"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a reader (another worker, another run) never
            # sees half an entry.
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, separators=(",", ":"))
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass


def _encode(d: Diagnostic, display: str) -> list[Any]:
    s = d.span
    # The file name is left out when it is the checked file's, so a copy of the
    # same content under another name is a cache hit; a diagnostic pointing into
    # another file (a catalog, say) keeps its name.
    file = None if s.file == display else s.file
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
    ]


def _decode(row: list[Any], display: str) -> Diagnostic:
    rule, severity, message, file, line, column, end_line, end_column, hint, job, group = row
    if not all(isinstance(n, int) for n in (line, column, end_line, end_column)):
        raise TypeError("corrupt entry")
    span = Span(display if file is None else str(file), line, column, end_line, end_column)
    return Diagnostic(str(rule), Severity(severity), str(message), span, hint, job, group)
