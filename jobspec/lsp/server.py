"""The language server: pygls wiring around :mod:`jobspec.lsp.project` (what to
check and how) and :mod:`jobspec.lsp.features` (what to answer).

A document is checked when opened or saved, and ``DEBOUNCE`` seconds after the
last of a run of changes; checks run one at a time on a worker thread, and a
check of a version the client has moved past is cancelled: its result is dropped.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial

from lsprotocol import types as lsp
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from jobspec import __version__
from jobspec.diagnostics import Diagnostic, Span
from jobspec.lsp import convert, features
from jobspec.lsp.features import Checked
from jobspec.lsp.project import Catalogs, Found, Settings, diagnostics_for, recheck, without_catalog
from jobspec.runner import _JOB_BLOCK

DEBOUNCE = 0.05
"""Seconds of quiet after a change before a check: long enough to take a burst of
keystrokes (or a paste) as one change, short enough to answer within 150 ms."""
CATALOG_POLL = 2.0
"""Seconds between looks at the catalogs' files for changes."""


class JobspecServer(LanguageServer):
    def __init__(self, settings_for: Callable[[str], Settings]) -> None:
        super().__init__("jobspec", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.settings_for = settings_for
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Future[None]] = {}
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="jobspec-check")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.catalogs = Catalogs(self._catalog_loaded)

    def capability(self, field: str) -> bool:
        return bool(get_capability(self.client_capabilities, field, False))  # type: ignore[call-overload]

    # -- checking ------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, in place of any check still waiting."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.loop = asyncio.get_running_loop()
        self.pending[uri] = asyncio.ensure_future(self._check(uri, delay))

    async def _check(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text, name = document.version, document.source, document_name(uri)
        # A change or a close while this waits cancels it (schedule, did_close): the
        # result of a version the client has moved past is never published.
        try:
            found = await asyncio.get_running_loop().run_in_executor(self.worker, self._diagnostics, text, name)
        except Exception as exc:
            # A bug, as exit code 3 is on the command line: said once, and the server goes on.
            self.pending.pop(uri, None)
            message = f"jobspec: internal error checking {name}: {type(exc).__name__}: {exc}"
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
            return
        self.pending.pop(uri, None)
        checked = Checked(version, text, name, found.own)
        self.checked[uri] = checked
        place = self.place(checked, uri)
        related = self.capability("text_document.publish_diagnostics.related_information")
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[convert.diagnostic(d, place, related) for d in found.shown]
            )
        )

    def _diagnostics(self, text: str, name: str) -> Found:
        if not is_job_text(name, text):
            return Found()
        settings = self.settings(name)
        return diagnostics_for(text, name, settings, self.catalogs.get(settings))

    def _catalog_loaded(self, paths: tuple[str, ...], problems: tuple[Diagnostic, ...]) -> None:
        """On the loading thread: tell the client, and check the open documents again."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._after_catalog, paths, len(problems))

    def _after_catalog(self, paths: tuple[str, ...], problems: int) -> None:
        if problems:
            self.window_log_message(
                lsp.LogMessageParams(
                    type=lsp.MessageType.Warning,
                    message=f"jobspec: {problems} problem(s) in the catalog {', '.join(paths)}; "
                    "`jobspec catalog check` lists them",
                )
            )
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def watch_catalogs(self) -> None:
        while True:
            await asyncio.sleep(CATALOG_POLL)
            self.catalogs.refresh()

    # -- what the requests need -------------------------------------------------

    def settings(self, name: str) -> Settings:
        return self.settings_for(os.path.dirname(name) if os.path.isabs(name) else ".")

    def place(self, checked: Checked, uri: str) -> convert.Place:
        return convert.Place(checked.name, uri, convert.split_lines(checked.text), self.workspace.position_codec)

    def now(self, uri: str) -> Checked:
        """The document as the client has it, with the diagnostics of its last check
        when that check was of this very version (none otherwise)."""
        document = self.workspace.get_text_document(uri)
        checked = self.checked.get(uri)
        if checked is not None and checked.version == document.version:
            return checked
        return Checked(document.version, document.source, document_name(uri))


def document_name(uri: str) -> str:
    """The path jobspec reports for a document: its file, or the URI itself for one
    that is not a file (an editor's unsaved buffer)."""
    return to_fs_path(uri) or uri


def is_job_text(name: str, text: str) -> bool:
    """Whether to check the document: a ``*.nomad`` file always (a broken one is
    reported), another ``*.hcl`` file only with a top-level ``job`` block, as a
    folder search takes them (agent configs and policies are left alone)."""
    if name.endswith((".nomad", ".nomad.hcl")) or not name.endswith(".hcl"):
        return True
    return _JOB_BLOCK.search(text.encode("utf-8")) is not None


def initialized(ls: JobspecServer, params: lsp.InitializedParams) -> None:
    ls.loop = asyncio.get_running_loop()
    # Held: the event loop keeps only a weak reference to a task.
    ls.watcher = ls.loop.create_task(ls.watch_catalogs())


def did_open(ls: JobspecServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


def did_change(ls: JobspecServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE)


def did_save(ls: JobspecServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


def did_close(ls: JobspecServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.checked.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


async def code_action(ls: JobspecServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    uri = params.text_document.uri
    checked = ls.now(uri)
    fixed = None
    # Fix-all checks the text again on each pass: not for the light bulb an editor asks
    # about on every cursor move (an automatic request for any kind), only when asked.
    asked = params.context.only is not None or params.context.trigger_kind != lsp.CodeActionTriggerKind.Automatic
    if asked and convert.wants(params.context.only, convert.FIX_ALL) and features.has_safe_fix(checked):
        settings = ls.settings(checked.name)
        options = replace(settings.options, catalog=ls.catalogs.get(settings))
        again = partial(recheck, name=checked.name, options=options)
        # The passes check the text again each time: on the worker, as every check is.
        fixed = await asyncio.get_running_loop().run_in_executor(ls.worker, features.fix_all, checked, again)
        if ls.now(uri).version != checked.version:
            return None  # the text changed meanwhile: the client asks again
    return features.code_actions(
        checked,
        ls.place(checked, uri),
        params.range,
        params.context.only,
        versioned=ls.capability("workspace.workspace_edit.document_changes"),
        related=ls.capability("text_document.publish_diagnostics.related_information"),
        fixed=fixed,
    )


def hover(ls: JobspecServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    checked = ls.now(uri)
    place = ls.place(checked, uri)
    settings = ls.settings(checked.name)
    line, column = place.jobspec_position(params.position)
    catalog = ls.catalogs.get(settings)
    found = features.hover(checked.text, checked.name, line, column, catalog, without_catalog(settings))
    if found is None:
        return None
    markdown, span = found
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=markdown), range=place.range(span))


def completion(ls: JobspecServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    uri = params.text_document.uri
    checked = ls.now(uri)
    place = ls.place(checked, uri)
    line, column = place.jobspec_position(params.position)
    settings = ls.settings(checked.name)
    found = features.completions(checked.text, line, column, ls.catalogs.get(settings))
    if found is None:
        return None
    at, offered = found
    where = place.range(Span(checked.name, at.line, at.column, at.line, at.end_column))
    items = [
        lsp.CompletionItem(
            label=label,
            kind=lsp.CompletionItemKind.Value,
            detail=detail,
            text_edit=lsp.TextEdit(range=where, new_text=label),
        )
        for label, detail in offered
    ]
    return lsp.CompletionList(is_incomplete=False, items=items)


def create(settings_for: Callable[[str], Settings]) -> JobspecServer:
    """A server that reads each document's settings with ``settings_for(folder)``."""
    server = JobspecServer(settings_for)
    server.feature(lsp.INITIALIZED)(initialized)
    server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    kinds = lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, convert.FIX_ALL])
    server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, kinds)(code_action)
    server.feature(lsp.TEXT_DOCUMENT_HOVER)(hover)
    server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=['"']))(completion)
    return server


def serve(settings_for: Callable[[str], Settings]) -> None:
    """Speak LSP on standard input and output until the client says exit."""
    # Anything printed by mistake would corrupt the protocol's stream: stdout is the
    # server's alone, and print() goes to standard error.
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr
    create(settings_for).start_io(sys.stdin.buffer, stdout)
