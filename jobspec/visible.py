"""Untrusted text made safe to print: control characters become visible escapes.

A job file, a file name or a catalog comes from whoever opened the pull request.
Printed raw, ``ESC [ 2 J`` clears the reader's screen, an OSC sequence retitles
the terminal, a CR or LF forges a line in a CI log and a bidi override reorders
what a reviewer reads (Trojan Source, CVE-2021-42574). Every formatter passes
input-derived text (snippets, messages, hints, file names, skipped reasons)
through :func:`visible`; the JSON formats keep the exact value but write these
characters as ``\\uXXXX`` escapes (:func:`json_safe`).
"""

from __future__ import annotations

import re
from typing import Any

# C0, DEL and C1 controls (Unicode category Cc), the line and paragraph
# separators, and the bidi embeddings, overrides and isolates.
# Patterns, not compiled at import: re compiles (and keeps) them on first use, and a
# clean run never prints input text (start-up cost, README "Speed").
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written as ``\\xNN`` or ``\\uNNNN``."""
    return re.sub(_UNSAFE, _escape, text) if re.search(_UNSAFE, text) else text


# What json.dumps leaves raw: it escapes C0 itself, and C0 outside strings is its
# own indentation.
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def visible_strings(value: Any) -> Any:
    """``value`` (JSON-like: dicts, lists, strings) with :func:`visible` applied to
    every string, keys too: for a document rendered as text."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible_strings(k): visible_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [visible_strings(item) for item in value]
    return value


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(document: str) -> str:
    """A JSON text (``json.dumps(..., ensure_ascii=False)``, which already escapes
    C0) with the other unsafe characters escaped too: the same values, nothing a
    terminal acts on. They can only occur inside strings, where the escape is valid."""
    return re.sub(_JSON_UNSAFE, _json_escape, document)
