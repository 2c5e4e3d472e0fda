"""The jobspec configuration file has a mistake.

jobspec reads ``[tool.jobspec]`` in pyproject.toml or a ``.jobspec.toml`` (the
nearest one from the current folder upward, or ``--config``). A file that is
not valid TOML stops the run with exit code 2. An unknown key, a value of the
wrong type, or an unknown rule id is reported at its line; that one setting is
dropped and the run goes on with the others.

FAIL:

    [tool.jobspec]
    selct = ["port-duplicate-label"]
    fail-on = 1

PASS:

    [tool.jobspec]
    select = ["port-duplicate-label"]
    fail-on = "warning"
"""

from jobspec.diagnostics import Severity

ID = "config-invalid"
SEVERITY = Severity.ERROR
SCOPE = "load"
