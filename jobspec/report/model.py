"""What a run hands to a formatter."""

from __future__ import annotations

from dataclasses import dataclass

from jobspec.diagnostics import Diagnostic, Severity

REPORT_VERSION = 1


@dataclass(frozen=True)
class Report:
    files: int
    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[str, ...]
    sources: dict[str, str]
    """File name → text, for carets under the source line (may be partial)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)
