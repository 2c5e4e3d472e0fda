"""A declared variable has no value.

Nomad reports every declared variable that has neither a ``default`` nor a
value from ``NOMAD_VAR_<name>``, ``--var-file`` or ``--var`` ("Unset variable"),
whether or not the job uses it. Expressions that read it are not checked.

FAIL:

    variable "image" {}
    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    variable "image" { default = "nginx:1.27" }
    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_VARIABLE_UNSET

ID = HCL_VARIABLE_UNSET
SEVERITY = Severity.ERROR
SCOPE = "load"
