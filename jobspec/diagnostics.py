"""The one currency every stage trades in: a positioned diagnostic.

The small records (a finding, a fix and its edits, a related place, a skipped
check) are named tuples, not dataclasses: every run imports this module, and a
frozen dataclass costs about ten times as much to define."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, order=True)
class Span:
    """A source range. Lines and columns are 1-based; ``end_column`` is exclusive
    (the column just after the last character), as in SARIF and LSP."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int = 1, column: int = 1) -> Span:
        return cls(file, line, column, line, column + 1)


class Applicability(str, Enum):
    """How far a fix may be trusted, as ruff grades them: a ``safe`` fix keeps the job's
    meaning; an ``unsafe`` one may change it (a guessed name, a removed setting)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """Replace the text ``span`` covers (in ``span.file``) by ``text``; an empty span inserts."""

    span: Span
    text: str


class Fix(NamedTuple):
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...]


class Related(NamedTuple):
    """Another place a finding is about (the first of two duplicate ports, say)."""

    span: Span
    message: str


class Finding(NamedTuple):
    """What a rule's ``check()`` yields: the engine stamps the rule id and severity.

    ``severity`` is set only by a rule that declares more than one (``SEVERITIES``);
    ``rule`` only by a stage below the rule registry (loading, evaluation,
    normalisation, the catalog), which names the load rule it reports for."""

    message: str
    span: Span
    hint: str | None = None
    job: str | None = None
    group: str | None = None
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    severity: Severity | None = None
    rule: str | None = None

    def sort_key(self) -> tuple:
        s = self.span
        return (s.file, s.line, s.column, self.rule or "", s.end_line, s.end_column, self.message)


@dataclass(frozen=True)
class Diagnostic:
    rule: str
    severity: Severity
    message: str
    span: Span
    hint: str | None = None
    job: str | None = None
    group: str | None = None
    fix: Fix | None = None
    related: tuple[Related, ...] = ()

    def sort_key(self) -> tuple:
        s = self.span
        return (s.file, s.line, s.column, self.rule, s.end_line, s.end_column, self.message)


class Skipped(NamedTuple):
    """A check that could not be made, and why; it ends up in ``summary.skipped``."""

    reason: str


@dataclass
class Outcome:
    """What one run learnt: diagnostics plus the checks it could not make.

    ``skipped`` holds one sentence per thing not verified, so a user can see the
    difference between "checked and fine" and "could not be checked"."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def extend(self, other: Outcome) -> None:
        self.diagnostics.extend(other.diagnostics)
        self.skipped.extend(other.skipped)
