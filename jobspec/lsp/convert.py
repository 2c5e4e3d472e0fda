"""jobspec's spans, diagnostics and fixes as LSP values. Pure: no I/O but reading a
file another file's diagnostic points into (a var file), and no server state.

jobspec counts lines and columns from 1, in Unicode code points, with the end
column exclusive; LSP counts from 0 in the code units of the position encoding the
client and server agreed on at initialisation (UTF-16 unless the client offers
another), end exclusive too. pygls' :class:`PositionCodec` does the unit counting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pygls.workspace import PositionCodec

from jobspec.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity, Span
from jobspec.docs import help_uri
from jobspec.load_rules import SUPPRESSION_UNUSED
from jobspec.rules import network_mbits_deprecated, rule_ids, task_network_deprecated

SOURCE = "jobspec"
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.{SOURCE}"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
# Editors draw these struck through (deprecated) or faded (unnecessary: code that does nothing).
_DEPRECATED = frozenset({network_mbits_deprecated.ID, task_network_deprecated.ID})
_UNNECESSARY = frozenset({SUPPRESSION_UNUSED})


def split_lines(text: str) -> list[str]:
    """Lines as jobspec numbers them: a line ends at ``\\n`` (a ``\\r`` before it stays,
    and counts as a column past the end of the text)."""
    return text.split("\n")


@dataclass
class Place:
    """Turns the spans of one document (and of the files its diagnostics point into)
    into LSP positions, in the client's encoding."""

    name: str
    """The document's name as jobspec reports it (its path)."""
    uri: str
    lines: list[str]
    codec: PositionCodec = field(default_factory=PositionCodec)
    _others: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def lines_for(self, file: str) -> list[str]:
        if file == self.name:
            return self.lines
        if file not in self._others:
            try:
                self._others[file] = split_lines(Path(file).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                self._others[file] = []
        return self._others[file]

    def uri_for(self, file: str) -> str:
        return self.uri if file == self.name else (from_fs_path(str(Path(file).absolute())) or file)

    def position(self, line: int, column: int, file: str | None = None) -> lsp.Position:
        lines = self.lines_for(file or self.name)
        row, index = line - 1, max(column - 1, 0)
        if row < 0 or not lines:
            return lsp.Position(line=0, character=0)
        if row >= len(lines):
            return lsp.Position(line=len(lines) - 1, character=self.codec.client_num_units(lines[-1]))
        return lsp.Position(line=row, character=self.codec.client_num_units(lines[row][:index]))

    def range(self, span: Span) -> lsp.Range:
        start = self.position(span.line, span.column, span.file)
        end = self.position(span.end_line, span.end_column, span.file)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return lsp.Range(start=start, end=end)

    def location(self, span: Span) -> lsp.Location:
        return lsp.Location(uri=self.uri_for(span.file), range=self.range(span))

    def jobspec_position(self, position: lsp.Position) -> tuple[int, int]:
        """The client's position as jobspec's (1-based line, 1-based code-point column)."""
        copy = lsp.Position(line=position.line, character=position.character)
        server = self.codec.position_from_client_units(self.lines, copy)
        return server.line + 1, server.character + 1


def diagnostic(d: Diagnostic, place: Place, related_support: bool = True) -> lsp.Diagnostic:
    """One diagnostic as the client shows it: ``code`` the rule id, linked to its docs;
    the hint on a line of its own; the other places it is about as related information
    (or, for a client that cannot show those, named in the message)."""
    message = d.message
    related = None
    if d.related and related_support:
        related = [
            lsp.DiagnosticRelatedInformation(location=place.location(r.span), message=r.message) for r in d.related
        ]
    elif d.related:
        message += "".join(f"\n{_where(r.span, place)}: {r.message}" for r in d.related)
    if d.hint:
        message += f"\nhint: {d.hint}"
    tags = [lsp.DiagnosticTag.Deprecated] if d.rule in _DEPRECATED else []
    tags += [lsp.DiagnosticTag.Unnecessary] if d.rule in _UNNECESSARY else []
    return lsp.Diagnostic(
        range=place.range(d.span),
        message=message,
        severity=_SEVERITY[d.severity],
        code=d.rule,
        code_description=lsp.CodeDescription(href=help_uri(d.rule)) if d.rule in rule_ids() else None,
        source=SOURCE,
        tags=tags or None,
        related_information=related,
    )


def _where(span: Span, place: Place) -> str:
    return f"line {span.line}" if span.file == place.name else f"{span.file}:{span.line}"


def text_edit(edit: Edit, place: Place) -> lsp.TextEdit:
    return lsp.TextEdit(range=place.range(edit.span), new_text=edit.text)


def workspace_edit(edits: Iterable[Edit], place: Place, version: int | None, versioned: bool) -> lsp.WorkspaceEdit:
    """``edits`` grouped by file. ``versioned`` (the client takes ``documentChanges``):
    the document's edits carry its version, so a client whose text has moved on since
    refuses them instead of applying them in the wrong place."""
    by_uri: dict[str, list[lsp.TextEdit]] = {}
    for edit in edits:
        by_uri.setdefault(place.uri_for(edit.span.file), []).append(text_edit(edit, place))
    if not versioned:
        return lsp.WorkspaceEdit(changes=by_uri)
    return lsp.WorkspaceEdit(
        document_changes=[
            lsp.TextDocumentEdit(
                text_document=lsp.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=version if uri == place.uri else None
                ),
                edits=list(text_edits),
            )
            for uri, text_edits in by_uri.items()
        ]
    )


def quick_fix(
    fix: Fix, about: Sequence[lsp.Diagnostic], place: Place, version: int | None, versioned: bool
) -> lsp.CodeAction:
    """A diagnostic's fix as a quick fix; a safe one is the preferred action (the one
    an editor's "auto fix" takes)."""
    title = fix.title if fix.applicability is Applicability.SAFE else f"{fix.title} (unsafe: may change the meaning)"
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=list(about),
        is_preferred=fix.applicability is Applicability.SAFE,
        edit=workspace_edit(fix.edits, place, version, versioned),
    )


def wants(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a code action request limited to ``only`` kinds takes one of ``kind``:
    a kind covers itself and the kinds below it (``source`` covers ``source.fixAll``)."""
    if not only:
        return True
    return any(kind == k or kind.startswith(f"{k}.") for k in only)
