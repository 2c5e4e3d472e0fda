"""A pytest-lsp client for `jobspec lsp` that keeps every publishDiagnostics it
receives (with its version), and helpers to wait for them."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parent.parent
SERVER = [sys.executable, "-m", "jobspec", "lsp"]


class RecordingClient(LanguageClient):
    published: list[lsp.PublishDiagnosticsParams]


def make_client() -> LanguageClient:
    client = RecordingClient(converter_factory=default_converter)
    client.published = []
    keep = DEFAULT_CLIENT_FEATURES[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(client: RecordingClient, params: lsp.PublishDiagnosticsParams) -> None:
        client.published.append(params)
        keep(client, params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record})
    return client


async def published(
    client: LanguageClient,
    uri: str,
    until: Callable[[lsp.PublishDiagnosticsParams], bool] = lambda _: True,
    timeout: float = 15.0,
) -> lsp.PublishDiagnosticsParams:
    """The first diagnostics published for ``uri`` that satisfy ``until`` (waiting for them)."""
    seen = 0
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        batch = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
        for params in batch[seen:]:
            if until(params):
                return params
        seen = len(batch)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} as expected within {timeout} s: {client.published}")  # type: ignore[attr-defined]


def codes(params: lsp.PublishDiagnosticsParams) -> list[str]:
    return [str(d.code) for d in params.diagnostics]


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="hcl", version=version, text=text)
        )
    )


def replace_all(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def units(text: str, encoding: str | None) -> int:
    """Length of ``text`` in the code units of the negotiated position encoding."""
    if encoding == lsp.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if encoding == lsp.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def apply(text: str, edits: list[lsp.TextEdit], encoding: str | None) -> str:
    """``text`` with LSP ``edits`` made, as a client makes them (last first)."""
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        line = lines[position.line]
        chars, count = 0, 0
        while chars < len(line) and count < position.character:
            count += units(line[chars], encoding)
            chars += 1
        return sum(len(x) + 1 for x in lines[: position.line]) + chars

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def edits_of(action: lsp.CodeAction, uri: str) -> list[lsp.TextEdit]:
    """The text edits a code action makes in ``uri``, from ``changes`` or ``documentChanges``."""
    assert action.edit is not None
    if action.edit.document_changes:
        return [
            e  # type: ignore[misc]
            for change in action.edit.document_changes
            if isinstance(change, lsp.TextDocumentEdit) and change.text_document.uri == uri
            for e in change.edits
        ]
    return list((action.edit.changes or {}).get(uri, []))
