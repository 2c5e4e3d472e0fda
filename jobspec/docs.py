"""Rules as documentation: one source (each rule module's docstring and fields)
for ``jobspec rules``, ``jobspec rule ID``, SARIF rule metadata and docs/rules.md.

Regenerate the page after adding or changing a rule::

    python -m jobspec.docs          # rewrites docs/rules.md
    python -m jobspec.docs --check  # exit 1 when docs/rules.md is out of date
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jobspec.rules import Rule

REPOSITORY_URL = "https://github.com/jobspec/jobspec"
RULES_DOC_URL = f"{REPOSITORY_URL}/blob/main/docs/rules.md"
"""Where docs/rules.md is published; SARIF ``helpUri`` and ``jobspec rule`` link to its anchors."""

RULES_DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

SCOPES = {
    "load": "found while reading a file, before any other check",
    "job": "checks one job on its own",
    "catalog": "checks a job against the node catalog",
    "conflist": "checks one CNI network configuration file",
}

_MARKER = re.compile(r"^(FAIL|PASS):\s*$")


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    prose: str
    """The explanation between the summary and the examples, as written."""
    fail: str | None
    passes: str | None


def parse(doc: str) -> RuleDoc:
    """Split a rule docstring into summary, prose and its FAIL:/PASS: examples."""
    lines = textwrap.dedent(doc).strip("\n").splitlines()
    summary = lines[0].strip() if lines else ""
    sections: dict[str, list[str]] = {"prose": []}
    current = "prose"
    for line in lines[1:]:
        marker = _MARKER.match(line.strip())
        if marker:
            current = marker.group(1)
            sections[current] = []
        else:
            sections[current].append(line)
    return RuleDoc(
        summary=summary,
        prose="\n".join(sections["prose"]).strip("\n"),
        fail=_example(sections.get("FAIL")),
        passes=_example(sections.get("PASS")),
    )


def _example(lines: list[str] | None) -> str | None:
    if lines is None:
        return None
    text = textwrap.dedent("\n".join(lines)).strip("\n")
    return text or None


def anchor(rule_id: str) -> str:
    """The anchor GitHub gives the rule's ``## id`` heading in docs/rules.md."""
    return re.sub(r"[^a-z0-9 _-]", "", rule_id.lower()).replace(" ", "-")


def help_uri(rule_id: str) -> str:
    return f"{RULES_DOC_URL}#{anchor(rule_id)}"


def _markdown_prose(text: str) -> str:
    # The docstrings use reStructuredText's ``literal``; Markdown wants `literal`.
    return re.sub(r"``(.+?)``", r"`\1`", text)


def rule_markdown(rule: Rule, heading: str = "##") -> str:
    """One rule as Markdown: heading, severity and scope, prose, examples."""
    doc = parse(rule.doc)
    parts = [f"{heading} {rule.id}", f"**Severity:** {rule.severity.value} · **Scope:** `{rule.scope}`", doc.summary]
    if doc.prose:
        parts.append(_markdown_prose(doc.prose))
    for title, example in (("FAIL:", doc.fail), ("PASS:", doc.passes)):
        if example is not None:
            parts.append(f"**{title}**\n\n```hcl\n{example}\n```")
    return "\n\n".join(parts) + "\n"


def markdown(rules: Iterable[Rule]) -> str:
    """The whole docs/rules.md page."""
    rules = list(rules)
    out = [
        "<!-- Generated from the rule docstrings by `python -m jobspec.docs`; do not edit by hand. -->",
        "",
        "# jobspec rules",
        "",
        "Every diagnostic names the rule that found it. `jobspec rules` lists them and",
        "`jobspec rule ID` explains one in the terminal, with the same text as this page.",
        "",
        "Scopes:",
        "",
        *(f"- `{scope}`: {what}" for scope, what in SCOPES.items()),
        "",
        "| Rule | Severity | Scope | Summary |",
        "|---|---|---|---|",
        *(f"| [`{r.id}`](#{anchor(r.id)}) | {r.severity.value} | `{r.scope}` | {_cell(r.summary)} |" for r in rules),
        "",
    ]
    return "\n".join(out) + "\n" + "\n".join(rule_markdown(r) for r in rules)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rule_list(rules: Sequence[Rule]) -> str:
    """``jobspec rules``: id, severity, scope and summary in aligned columns."""
    if not rules:
        return ""
    rows = [(r.id, r.severity.value, r.scope) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{r.id:<{widths[0]}}  {r.severity.value:<{widths[1]}}  {r.scope:<{widths[2]}}  {r.summary}\n" for r in rules
    )


def rule_text(rule: Rule, color: bool = False) -> str:
    """``jobspec rule ID``: the rule explained for a terminal."""
    import io

    from rich.console import Console
    from rich.text import Text

    doc = parse(rule.doc)
    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=color, no_color=not color, width=10_000, highlight=False, soft_wrap=True
    )
    console.print(Text.assemble((rule.id, "bold"), "  ", (f"{rule.severity.value} · {rule.scope}", "dim")))
    console.print(Text(doc.summary, style="bold"))
    if doc.prose:
        console.print()
        console.print(Text(re.sub(r"``(.+?)``", r"\1", doc.prose)))
    for title, example, style in (("FAIL:", doc.fail, "bold red"), ("PASS:", doc.passes, "bold green")):
        if example is not None:
            console.print()
            console.print(Text(title, style=style))
            console.print(Text(textwrap.indent(example, "    "), style="cyan"))
    console.print()
    console.print(Text.assemble(("Docs: ", "dim"), help_uri(rule.id)))
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    from jobspec.rules import all_rules

    args = list(sys.argv[1:] if argv is None else argv)
    wanted = markdown(all_rules())
    if args == ["--check"]:
        current = RULES_DOC_PATH.read_text(encoding="utf-8") if RULES_DOC_PATH.is_file() else ""
        if current != wanted:
            print(f"{RULES_DOC_PATH} is out of date; run: python -m jobspec.docs", file=sys.stderr)
            return 1
        return 0
    if args:
        print("usage: python -m jobspec.docs [--check]", file=sys.stderr)
        return 2
    RULES_DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    RULES_DOC_PATH.write_text(wanted, encoding="utf-8")
    print(f"wrote {RULES_DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
