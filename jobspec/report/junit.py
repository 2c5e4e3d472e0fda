"""JUnit XML: one testsuite, one testcase per file checked, one ``failure`` per
diagnostic. Deterministic (no timestamps, no host names) so reports can be diffed.

``tests`` counts files and ``failures`` counts files with at least one diagnostic,
so ``tests - failures`` is the number of clean files. Reasons a check was skipped
go to the suite's ``system-out``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from jobspec.diagnostics import Diagnostic
from jobspec.report import summary
from jobspec.report.model import Report

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _failure(parent: ET.Element, d: Diagnostic) -> None:
    s = d.span
    failure = ET.SubElement(
        parent,
        "failure",
        {"message": _xml_text(f"{s.line}:{s.column}: {d.message}"), "type": f"{d.severity.value}[{d.rule}]"},
    )
    body = f"{s.file}:{s.line}:{s.column}: {d.severity.value}[{d.rule}]: {d.message}"
    if d.hint:
        body += f"\nhint: {d.hint}"
    failure.text = _xml_text(body)


def render(report: Report) -> str:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_file[d.span.file].append(d)
    paths = report.checked_paths()
    failures = sum(1 for path in paths if by_file.get(path))
    counts = {"tests": str(len(paths)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "jobspec", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "jobspec", **counts})
    for path in paths:
        name = _xml_text(path)
        case = ET.SubElement(suite, "testcase", {"classname": "jobspec", "name": name, "file": name})
        for d in by_file.get(path, ()):
            _failure(case, d)
    out = ET.SubElement(suite, "system-out")
    out.text = _xml_text("\n".join([summary.headline(report), *summary.skipped_lines(report)]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
