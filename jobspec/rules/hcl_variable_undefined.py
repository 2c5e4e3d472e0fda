"""A value is given for a variable the job does not declare.

``--var name=value`` or a ``--var-file`` entry names a variable with no
``variable`` block ("Undefined -var variable", "Undefined variable"). It is an
error by default, as with Nomad's ``-hcl2-strict``; ``--no-strict`` makes it a
warning. Unknown ``NOMAD_VAR_*`` environment variables are ignored, as Nomad
ignores them.

FAIL:

    # jobspec validate --var imgae=nginx job.nomad
    variable "image" { default = "nginx" }
    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    # jobspec validate --var image=nginx job.nomad
    variable "image" { default = "nginx" }
    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_VARIABLE_UNDEFINED

ID = HCL_VARIABLE_UNDEFINED
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # a warning without --strict (see the docstring)
SCOPE = "load"
