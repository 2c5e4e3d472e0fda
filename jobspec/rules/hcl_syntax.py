"""The file is not HCL as Nomad reads it.

Nomad parses job files with HashiCorp's Go HCL parser (``hclsyntax``), and jobspec
accepts and refuses what it does. The message starts with hclsyntax's own summary
("Missing newline after argument", "Invalid multi-line string", "Invalid escape
sequence", "Argument definition required", "Invalid single-argument block
definition", "Unclosed configuration block", ...) and then says in plain words what
is wrong, at hclsyntax's line and column; for a missing ``}`` it points at the block
left open, not at the end of the file. Nothing else in a file with a syntax error
is checked.

Rules that trip files written for HCL1 or by hand: each argument and each block
ends with a newline; a block opened and filled on one line (``port "http" { to =
8080 }``) holds one argument and closes on that line; a quoted string ends on its
line and knows only the escapes ``\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN``; an
expression ends at the end of its line unless it is inside brackets, so a line
cannot start or end with an operator. Comments may stand wherever whitespace may.

FAIL:

    job "api" {
      group "web" {
        task "app" {
          driver = "docker" user = "nobody"
        }
      }
    }

PASS:

    job "api" {
      group "web" {
        task "app" {
          driver = "docker"
          user   = "nobody"
        }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_SYNTAX

ID = HCL_SYNTAX
SEVERITY = Severity.ERROR
SCOPE = "load"
