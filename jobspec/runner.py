"""Many files, fast and in a fixed order.

Finds the job files below the given paths, looks each one up in the result
cache, checks the misses through the engine (in a process pool when there are
enough of them), and returns diagnostics sorted so the output is byte-identical
for any ``--jobs``.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from jobspec.diagnostics import Diagnostic
from jobspec.engine.options import Options
from jobspec.interrupt import held, in_worker
from jobspec.load.files import read_bytes, special_file
from jobspec.load_rules import FILE_UNREADABLE
from jobspec.patterns import Pattern, matches_any

if TYPE_CHECKING:
    from jobspec.cache import Cache

_JOB_SUFFIXES = (".nomad", ".nomad.hcl", ".hcl")
# A top-level ``job`` block as hclsyntax reads one: the file may open with a UTF-8 byte order
# mark, a /* comment */ may come first on the line, and the label may follow without a space.
_JOB_BLOCK = re.compile(rb'^(?:\xef\xbb\xbf)?[ \t]*(?:/\*.*?\*/[ \t]*)*job(?:[ \t]+[A-Za-z_"]|")', re.MULTILINE)
# Below this many files to parse, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 8
_PROGRESS_THRESHOLD = 20


def discover(
    paths: list[str],
    include: tuple[Pattern, ...] = (),
    exclude: tuple[Pattern, ...] = (),
    not_jobs: list[str] | None = None,
) -> list[tuple[str, str]]:
    """(path to read, name to report) for every job file named or found below a folder.

    In a folder, ``*.nomad`` and ``*.nomad.hcl`` files are jobs and a ``*.hcl``
    file is one only if it has a top-level ``job`` block (agent configs and
    policies are not) — unless ``include`` is given, which then decides alone.
    ``exclude`` applies to named files too, so a pre-commit hook honours it.
    A ``*.nomad`` or ``*.nomad.hcl`` file found in a folder whose text has no
    top-level ``job`` block (Nomad's volume and node pool specifications share the
    extension) is left out and its path added to ``not_jobs``; an empty or binary
    one is kept, so that it is reported."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append((path, path))

    for given in paths:
        if given == "-":
            found.append((given, given))
        elif not os.path.isdir(given):
            if not matches_any(exclude, given):
                add(given)
        else:
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".") and not matches_any(exclude, os.path.join(root, d), folder=True)
                )
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if special_file(full):
                        continue  # a FIFO or device found in a folder could block the run
                    if _wanted(full, name, include) and not matches_any(exclude, full):
                        if name.endswith((".nomad", ".nomad.hcl")) and _other_spec(full):
                            if not_jobs is not None:
                                not_jobs.append(full)
                        else:
                            add(full)
    return found


def _wanted(full: str, name: str, include: tuple[Pattern, ...]) -> bool:
    if include:
        return matches_any(include, full)
    if not name.endswith(_JOB_SUFFIXES):
        return False
    return name.endswith((".nomad", ".nomad.hcl")) or _looks_like_job(full)


def _looks_like_job(path: str) -> bool:
    head = _head(path)
    return head is None or _JOB_BLOCK.search(head) is not None  # None: the pipeline says why


def _other_spec(path: str) -> bool:
    """Whether a ``*.nomad`` file holds another HCL specification (Nomad's volume and node
    pool specifications share the extension): text without a top-level job block. An empty
    or binary one is no specification of anything: it is checked, and reported as broken."""
    head = _head(path)
    return head is not None and head.strip() != b"" and b"\x00" not in head and _JOB_BLOCK.search(head) is None


def _head(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(256 * 1024)
    except OSError:
        return None


@dataclass
class Result:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    cache_hits: int = 0


# -- running over many files ---------------------------------------------------

_worker_state: tuple[Options, Cache] | None = None


def _init_worker(options: Options, result_cache: Cache) -> None:
    global _worker_state
    _worker_state = (options, result_cache)


def _init_pool_worker(options: Options, result_cache: Cache) -> None:
    in_worker()
    _init_worker(options, result_cache)


def _work(item: tuple[str, bytes, str, tuple[str, ...]]) -> tuple[list[Diagnostic], list[str]]:
    assert _worker_state is not None
    options, result_cache = _worker_state
    name, data, key, file_ignores = item
    # Not imported at start-up: a warm run (all cache hits) never loads the checking machinery.
    from jobspec.engine.file import lint_file

    outcome = lint_file(data, name, options, file_ignores)
    if key:
        result_cache.put(key, name, outcome.diagnostics, outcome.skipped)
    return outcome.diagnostics, outcome.skipped


def run(
    files: list[tuple[str, str]],
    options: Options,
    result_cache: Cache,
    jobs: int | None = None,
    read_stdin: Callable[[], bytes] = lambda: sys.stdin.buffer.read(),
    stdin_name: str = "stdin",
    progress: bool | None = None,
    contents: Mapping[str, bytes] | None = None,
) -> Result:
    """Check ``files`` ((path, name) pairs; path ``-`` is standard input); ``contents``
    gives some paths' content instead of their file's (what ``--fix`` or ``--diff`` made)."""
    result = Result(files=len(files))
    datas: dict[str, bytes] = {}
    misses: list[tuple[str, bytes, str, tuple[str, ...]]] = []
    for path, name in files:
        if contents is not None and path in contents:
            data, problem = contents[path], None
            name = stdin_name if path == "-" else name
        elif path == "-":
            name = stdin_name
            data, problem = read_stdin(), None
        else:
            data, problem = read_bytes(path)
        if problem is not None:
            from jobspec.engine.file import unreadable
            from jobspec.engine.run import stamped

            result.diagnostics.extend(stamped([unreadable(name, problem)]))
            continue
        datas[name] = data
        file_ignores = options.ignored_for(name)
        key = _key(path, data, file_ignores, options, result_cache) if result_cache.root is not None else ""
        hit = result_cache.get(key, name) if key else None
        if hit is not None:
            result.cache_hits += 1
            _collect(result, name, data, *hit)
        else:
            misses.append((name, data, key, file_ignores))
    show = progress if progress is not None else (len(files) > _PROGRESS_THRESHOLD and sys.stderr.isatty())
    for (name, data, _, _), (diagnostics, skipped) in zip(
        misses, _checked(misses, options, result_cache, jobs or os.cpu_count() or 1, show), strict=True
    ):
        _collect(result, name, data, diagnostics, skipped)
    if any(d.rule == FILE_UNREADABLE for d in result.diagnostics) and FILE_UNREADABLE not in options.enabled():
        result.diagnostics = [d for d in result.diagnostics if d.rule != FILE_UNREADABLE]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    result.skipped.sort()
    result_cache.tidy()
    return result


def _key(path: str, data: bytes, file_ignores: tuple[str, ...], options: Options, result_cache: Cache) -> str:
    """The file's cache key; "" when its result must not be cached."""
    material = data + b"\0" + ",".join(file_ignores).encode()
    if _reads_files(data):
        # file(), fileset(), ... read from the current folder, below it or below fs-root
        # (as Nomad resolves them): the result depends on that folder too (and on
        # anything at all with --allow-fs-outside).
        outside = options.inputs is not None and options.inputs.allow_fs_outside
        root = result_cache.root
        assert root is not None  # only a cache that is on asks for keys
        here = os.getcwd()
        fs_root = (options.inputs.fs_root if options.inputs is not None else None) or here
        folder = None if path == "-" or outside else _folder_digest(fs_root, str(root.parent))
        if folder is None:
            return ""
        material += b"\0" + here.encode() + b"\0" + fs_root.encode() + b"\0" + folder.encode()
    return result_cache.key(material)


def _reads_files(data: bytes) -> bool:
    return b"file" in data and _file_functions().search(data) is not None


def _folder_digest(folder: str, skip: str | None, limit: int = 10_000) -> str | None:
    """Names, sizes and modification times of everything below ``folder`` but the
    cache itself (``skip``); None (do not cache) for a folder too large to be worth it."""

    h = hashlib.sha256()
    seen = 0
    skipped = os.path.abspath(skip) if skip else None
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if os.path.abspath(os.path.join(root, d)) != skipped)
        for name in sorted(files):
            seen += 1
            if seen > limit:
                return None
            full = os.path.join(root, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            h.update(f"{os.path.relpath(full, folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@cache
def _file_functions() -> re.Pattern[bytes]:
    from jobspec.evaluate.functions import function_names, lookup_function

    names = sorted(n for n in function_names() if getattr(lookup_function(n), "files", False))
    return re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in names) + rb")\s*\(")


def _collect(result: Result, name: str, data: bytes, diagnostics: list[Diagnostic], skipped: list[str]) -> None:
    result.diagnostics.extend(diagnostics)
    result.skipped.extend(skipped)
    if diagnostics:
        result.sources[name] = data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _checked(
    misses: list[tuple[str, bytes, str, tuple[str, ...]]],
    options: Options,
    result_cache: Cache,
    jobs: int,
    show_progress: bool,
) -> Iterator[tuple[list[Diagnostic], list[str]]]:
    """Results in the order of ``misses``, whatever the number of workers."""
    if not misses:
        return
    from jobspec.load.grammar import hcl_parser

    hcl_parser()
    bar = _progress(len(misses)) if show_progress else None
    try:
        # The first file is checked here, before any fork: every worker then
        # inherits the compiled grammar, the imported rules and their warmed caches.
        _init_worker(options, result_cache)
        yield _work(misses[0])
        _advance(bar)
        rest = misses[1:]
        if jobs <= 1 or len(rest) < _POOL_THRESHOLD:
            for item in rest:
                yield _work(item)
                _advance(bar)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        workers = min(jobs, len(rest))
        chunk = max(1, min(64, len(rest) // (workers * 8)))

        with ExitStack() as stack:
            # Ctrl-C and SIGTERM wait while workers are forked (on the first submit, in map()).
            with held():
                pool = stack.enter_context(
                    ProcessPoolExecutor(
                        workers, context, initializer=_init_pool_worker, initargs=(options, result_cache)
                    )
                )
                outcomes = pool.map(_work, rest, chunksize=chunk)
            for outcome in outcomes:
                yield outcome
                _advance(bar)
    finally:
        if bar is not None:
            bar.stop()


def _progress(total: int) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    # No refresh thread: worker processes are forked after this starts.
    bar = Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    )
    bar.add_task("files", total=total)
    bar.start()
    return bar


def _advance(bar: Any) -> None:
    if bar is None:
        return
    bar.advance(bar.task_ids[0])
    now = time.monotonic()
    if now - getattr(bar, "_jobspec_drawn", 0.0) > 0.1:
        bar._jobspec_drawn = now
        bar.refresh()
