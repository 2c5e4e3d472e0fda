"""A variable is declared wrongly, or given a value that does not fit its type.

Covers Nomad's "Invalid value for variable", "Invalid argument value for -var
variable", "Invalid default value for variable", "Invalid variable name",
"Duplicate variable", an invalid ``type`` and a ``variable`` block inside a var
file. Values from ``--var`` and ``NOMAD_VAR_*`` are plain text for string,
number and untyped variables and HCL syntax for the others (``'[80, 443]'``).

FAIL:

    variable "port" {
      type    = number
      default = "http"
    }
    job "api" {
      group "web" {
        network {
          port "http" { static = var.port }
        }
        task "app" { driver = "docker" }
      }
    }

PASS:

    variable "port" {
      type    = number
      default = 8080
    }
    job "api" {
      group "web" {
        network {
          port "http" { static = var.port }
        }
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_VARIABLE_INVALID

ID = HCL_VARIABLE_INVALID
SEVERITY = Severity.ERROR
SCOPE = "load"
