"""What a run hands to a formatter."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jobspec.diagnostics import Applicability, Diagnostic, Severity

REPORT_VERSION = 1


@dataclass(frozen=True)
class Report:
    files: int
    diagnostics: tuple[Diagnostic, ...]
    skipped: tuple[str, ...]
    """One reason per check not made; a reason repeats when several checks were skipped for it."""
    sources: dict[str, str]
    """File name → text, for carets under the source line (may be partial)."""
    paths: tuple[str, ...] = ()
    """The name of every file checked, in the order checked (formats that list files use it)."""
    fail_on: Severity = Severity.ERROR
    """The lowest severity that fails the run (``--fail-on``); JUnit fails only those findings."""
    unsafe_fixes: bool = False
    """Whether unsafe fixes count as applicable (``--unsafe-fixes``): they are then marked fixable too."""
    fixed: int | None = None
    """Findings fixed by this run (``--fix``), or that ``--diff`` would fix; None when it fixed nothing by design."""
    fix_preview: bool = False
    """``fixed`` counts what ``--diff`` shows, not what was written."""

    def fails(self, d: Diagnostic) -> bool:
        return d.severity.rank >= self.fail_on.rank

    def fixable(self, d: Diagnostic) -> bool:
        """Whether ``--fix`` (with this run's ``--unsafe-fixes``) would fix ``d``."""
        return d.fix is not None and (self.unsafe_fixes or d.fix.applicability is Applicability.SAFE)

    def fix_counts(self) -> tuple[int, int]:
        """Findings ``--fix`` would fix, and how many more ``--unsafe-fixes`` would add."""
        fixable = sum(1 for d in self.diagnostics if self.fixable(d))
        return fixable, sum(1 for d in self.diagnostics if d.fix is not None) - fixable

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def skipped_reasons(self) -> list[tuple[str, int]]:
        """Each distinct reason with how often it occurred, most frequent first."""
        return sorted(Counter(self.skipped).items(), key=lambda item: (-item[1], item[0]))

    def checked_paths(self) -> tuple[str, ...]:
        """``paths``, plus any file a diagnostic names that ``paths`` lacks, in a stable order."""
        extra = sorted({d.span.file for d in self.diagnostics} - set(self.paths))
        return self.paths + tuple(extra)
