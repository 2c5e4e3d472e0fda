"""Sub-command groups of the CLI, each a typer app that cli.py mounts."""
