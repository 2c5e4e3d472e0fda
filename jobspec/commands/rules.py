"""``jobspec rules`` and ``jobspec rule ID``: the rule documentation."""

# Annotations evaluated where written, as in jobspec/cli.py (typer reads them at each start-up).

import sys
from typing import Annotated

import typer

from jobspec.commands.shared import usage


def list_rules() -> None:
    """List every rule: id, severity, scope and summary."""
    from jobspec.docs import rule_list
    from jobspec.rules import all_rules

    typer.echo(rule_list(all_rules()), nl=False)


def show_rule(rule_id: Annotated[str, typer.Argument(help="A rule id, as `jobspec rules` lists it.")]) -> None:
    """Explain one rule, with a failing and a passing example."""
    from jobspec.docs import rule_text
    from jobspec.report import use_color
    from jobspec.rules import rule_by_id

    found = rule_by_id(rule_id)
    if found is None:
        usage(f"no rule with id {rule_id!r}; `jobspec rules` lists them")
    # Not typer.echo: click strips colour codes whenever stdout is not a terminal, even when forced.
    sys.stdout.write(rule_text(found, color=use_color()))
