"""An HCL expression cannot be evaluated.

jobspec evaluates expressions as Nomad's jobspec2 does: ``var.*``, ``local.*``,
operators, conditionals, ``for`` expressions, splats, templates, heredocs and
Nomad's functions (format, join, upper, lower, concat, length, element,
lookup, merge, range, cidrsubnet, jsonencode, yamldecode, try, can, ...). A
reference to an undeclared variable, an unknown function, a wrong argument or
operand type, a missing map key or list index is reported with HCL's words
("Unsupported attribute", "Call to unknown function", "Invalid function
argument", ...) at the expression. Runtime references such as
``${NOMAD_PORT_http}`` or ``${attr.unique.hostname}`` are kept as text, as
Nomad keeps them.

FAIL:

    job "api" {
      datacenters = [uper("dc1")]
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "api" {
      datacenters = [upper("dc1")]
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_EVAL

ID = HCL_EVAL
SEVERITY = Severity.ERROR
SCOPE = "load"
