"""JUnit XML: one testsuite, one testcase per file checked. Deterministic (no
timestamps, no host names) so reports can be diffed.

A finding at or above ``--fail-on`` is a ``failure`` of its file's case; one below
it leaves the case passed and is listed in the case's ``system-out``, so a CI page
(GitLab, Jenkins) shows red tests only when the job itself fails — as
ESLint's and Checkstyle's JUnit output do with warnings under their thresholds.

``tests`` counts files and ``failures`` counts files with at least one failing
finding, so ``tests - failures`` is the number of passed files. Reasons a check
was skipped go to the suite's ``system-out``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from jobspec.diagnostics import Diagnostic
from jobspec.report import summary
from jobspec.report.model import Report
from jobspec.visible import visible

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(d: Diagnostic) -> str:
    s = d.span
    line = f"{visible(s.file)}:{s.line}:{s.column}: {d.severity.value}[{d.rule}]: {visible(d.message)}"
    return line + (f"\nhint: {visible(d.hint)}" if d.hint else "")


def _failure(parent: ET.Element, d: Diagnostic) -> None:
    s = d.span
    failure = ET.SubElement(
        parent,
        "failure",
        {"message": _xml_text(f"{s.line}:{s.column}: {visible(d.message)}"), "type": f"{d.severity.value}[{d.rule}]"},
    )
    failure.text = _xml_text(_line(d))


def render(report: Report) -> str:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_file[d.span.file].append(d)
    paths = report.checked_paths()
    failures = sum(1 for path in paths if any(report.fails(d) for d in by_file.get(path, ())))
    counts = {"tests": str(len(paths)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "jobspec", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "jobspec", **counts})
    for path in paths:
        name = _xml_text(visible(path))
        case = ET.SubElement(suite, "testcase", {"classname": "jobspec", "name": name, "file": name})
        below = []
        for d in by_file.get(path, ()):
            if report.fails(d):
                _failure(case, d)
            else:
                below.append(d)
        if below:
            ET.SubElement(case, "system-out").text = _xml_text("\n".join(_line(d) for d in below))
    out = ET.SubElement(suite, "system-out")
    out.text = _xml_text("\n".join([summary.headline(report), *summary.skipped_lines(report)]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
