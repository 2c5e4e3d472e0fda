"""The file is not valid HCL.

The parser could not read the file. The message says what it found and what it
expected, in words rather than grammar token names, and points where the
problem starts: for a missing ``}`` that is the block left open, not the end
of the file. Nothing else in a file with a syntax error is checked.

FAIL:

    job "api" {
      group "web" {
        count = 1
        task "app" { driver = "docker" }

PASS:

    job "api" {
      group "web" {
        count = 1
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity

ID = "hcl-syntax"
SEVERITY = Severity.ERROR
SCOPE = "load"
