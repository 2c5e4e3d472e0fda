"""A variable's value fails its ``validation`` block, or the block is wrong.

The variable's final value (default, environment, var file or ``--var``, the
last one wins) is tested against each ``condition``; when one is false Nomad
rejects the job with the block's ``error_message`` ("Invalid value for cmd
variable"). A condition may refer only to its own variable, and the message
must not be blank.

FAIL:

    variable "port" {
      default = 80
      validation {
        condition     = var.port > 1024
        error_message = "Use an unprivileged port."
      }
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
      default = 8080
      validation {
        condition     = var.port > 1024
        error_message = "Use an unprivileged port."
      }
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
from jobspec.load_rules import HCL_VARIABLE_VALIDATION

ID = HCL_VARIABLE_VALIDATION
SEVERITY = Severity.ERROR
SCOPE = "load"
