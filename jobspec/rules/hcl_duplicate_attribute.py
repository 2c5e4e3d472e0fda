"""An argument is set twice in one block.

Nomad's HCL parser rejects this with "Attribute redefined"; python-hcl2 would
silently keep the last value, so jobspec checks it itself. The second
definition is reported; the first is the one other checks look at.

FAIL:

    group "web" {
      count = 1
      count = 3
      task "app" { driver = "docker" }
    }

PASS:

    group "web" {
      count = 3
      task "app" { driver = "docker" }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_DUPLICATE_ATTRIBUTE

ID = HCL_DUPLICATE_ATTRIBUTE
SEVERITY = Severity.ERROR
SCOPE = "load"
