"""An inline suppression comment names no rule, or a rule that does not exist.

The forms are ``# jobspec:ignore RULE[,RULE] — reason`` (on the diagnostic's
line, or on its own line above it) and ``# jobspec:ignore-file RULE[,RULE]``
(anywhere in the file); ``//`` comments work too. A comment without a rule id
would silence everything and is refused; an unknown id (a typo) suppresses
nothing. Fix (unsafe): an unknown id close to a rule id is renamed to it.

FAIL:

    job "api" {
      group "web" {
        network {
          port "http" { to = 8080 }
          # jobspec:ignore port-duplicate-lable
          port "http" { static = 80 }
        }
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "api" {
      group "web" {
        network {
          port "http" { to = 8080 }
          # jobspec:ignore port-duplicate-label — kept for the old load balancer
          port "http" { static = 80 }
        }
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import SUPPRESSION_INVALID

ID = SUPPRESSION_INVALID
SEVERITY = Severity.WARNING
SCOPE = "load"
