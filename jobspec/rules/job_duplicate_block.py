"""A block that Nomad allows once appears more than once.

A job file holds one ``job`` block; a ``network`` holds at most one ``dns`` and
one ``cni`` block. Nomad rejects the file ("Duplicate job block", "Duplicate dns
block"); python-hcl2 would keep both without a word.

FAIL:

    job "a" { ... }
    job "b" { ... }

PASS:

    job "a" { ... }
"""

from jobspec.diagnostics import Severity

ID = "duplicate-block"
SEVERITY = Severity.ERROR
SCOPE = "load"
