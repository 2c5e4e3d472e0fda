"""The same name is used as an argument and as a block in one body.

HCL allows ``meta = { ... }`` or ``meta { ... }``, never both; Nomad rejects
the file ("Duplicate meta block" or "Unsupported argument"). Without this
check one of the two would be silently dropped.

FAIL:

    task "app" {
      driver = "docker"
      meta = { team = "a" }
      meta { owner = "b" }
    }

PASS:

    task "app" {
      driver = "docker"
      meta {
        team  = "a"
        owner = "b"
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_BLOCK_ATTRIBUTE_CLASH

ID = HCL_BLOCK_ATTRIBUTE_CLASH
SEVERITY = Severity.ERROR
SCOPE = "load"
