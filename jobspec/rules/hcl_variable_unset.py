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

ID = "hcl-variable-unset"
SEVERITY = Severity.ERROR
SCOPE = "load"
