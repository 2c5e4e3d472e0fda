"""An inline suppression comment suppresses nothing.

A ``# jobspec:ignore RULE`` comment that matches no diagnostic is noise, and
hides the next real problem of that rule on the line. It is reported so it can
be deleted (like ruff's RUF100). Suppressions of rules that did not run (not
selected, a catalog rule without a catalog, a file with a syntax error) are
not reported.

Fix (safe): the rule id is deleted from the comment, or the whole comment (its
line too when it stands alone) when it suppresses nothing.

FAIL:

    job "api" {
      group "web" {
        network {
          # jobspec:ignore port-duplicate-label — legacy names
          port "http" { to = 8080 }
        }
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "api" {
      group "web" {
        network {
          port "http" { to = 8080 }
          # jobspec:ignore port-duplicate-label — removed in v2
          port "http" { static = 80 }
        }
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import SUPPRESSION_UNUSED

ID = SUPPRESSION_UNUSED
SEVERITY = Severity.WARNING
SCOPE = "load"
