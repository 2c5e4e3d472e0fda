"""GitHub Actions workflow commands: one annotation per diagnostic.

``::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=T::message``, with the
escaping of actions/toolkit's ``command.ts``: in the message ``%``, CR and LF become
``%25``, ``%0D`` and ``%0A``; property values also escape ``:`` and ``,``. Any
other control character from the input is first made visible (``\x1b``), as the
runner's log would otherwise act on it; a CR or LF from the input too, so only
jobspec's own line break (before the hint) reaches GitHub, as ``%0A``. GitHub
shows at most about 10 annotations of a kind per step, so upload SARIF for a full view.
"""

from __future__ import annotations

from jobspec.diagnostics import Diagnostic, Severity
from jobspec.report.location import display_path
from jobspec.report.model import Report
from jobspec.visible import visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    s = d.span
    properties = {
        "file": visible(display_path(s.file)),
        "line": str(s.line),
        "col": str(s.column),
        "endLine": str(s.end_line),
        "endColumn": str(s.end_column),
        "title": f"jobspec {d.rule}",
    }
    message = visible(d.message) if not d.hint else f"{visible(d.message)}\nhint: {visible(d.hint)}"
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_COMMAND[d.severity]} {props}::{escape_data(message)}\n"


def render(report: Report) -> str:
    return "".join(annotation(d) for d in report.diagnostics)
