"""Locals depend on each other in a circle.

Locals may be written in any order and refer to each other, but not in a
cycle: Nomad gives up evaluating them. Each local in the cycle is reported,
with the path of references.

FAIL:

    locals {
      a = local.b
      b = local.a
    }
    job "api" {
      meta { owner = local.b }
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    locals {
      a = "x"
      b = local.a
    }
    job "api" {
      meta { owner = local.b }
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_LOCAL_CYCLE

ID = HCL_LOCAL_CYCLE
SEVERITY = Severity.ERROR
SCOPE = "load"
