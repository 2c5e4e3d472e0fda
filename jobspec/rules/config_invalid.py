"""The jobspec configuration file has a mistake.

jobspec reads ``[tool.jobspec]`` in pyproject.toml or a ``.jobspec.toml`` (the
nearest one from the current folder upward, or ``--config``). Every mistake
in it is reported at its line, with a did-you-mean where a known name is
close, and stops the run before any job is checked (exit code 2): a file that
is not valid TOML, an unknown key, a value of the wrong type, an unknown rule
id or family. A mistaken ``select`` or ``ignore`` must never quietly change
which rules run. In ``.jobspec.toml`` the keys sit at the top level, without
pyproject.toml's ``[tool.jobspec]`` header.

FAIL:

    # jobspec validate examples/api.nomad
    # pyproject.toml
    [tool.jobspec]
    selct = ["port-duplicate-label"]
    fail-on = 1

PASS:

    # jobspec validate examples/api.nomad
    # pyproject.toml
    [tool.jobspec]
    select = ["port-duplicate-label"]
    fail-on = "warning"
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import CONFIG_INVALID

ID = CONFIG_INVALID
SEVERITY = Severity.ERROR
SCOPE = "load"
