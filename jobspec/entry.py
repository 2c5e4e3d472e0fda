"""The console entry point (``jobspec``, ``python -m jobspec``).

The signal handlers go in before anything heavy is imported (:mod:`jobspec.interrupt`),
so even a Ctrl-C during start-up prints no traceback; only then is the command line
imported.
"""

from __future__ import annotations

from jobspec.interrupt import install


def main() -> None:
    install()
    from jobspec.cli import main as cli_main

    cli_main()
