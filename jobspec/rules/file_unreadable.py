"""A path given to jobspec cannot be read as a job file.

The file is missing, is a folder where a file was expected, cannot be opened
(permissions), is binary or not UTF-8, is empty, or has no ``job`` block
(Nomad: "Missing job block"). jobspec reports it at the file and goes on with
the other paths.

FAIL:

    # an empty file, or one holding only variables

PASS:

    job "api" {
      group "web" { task "app" { driver = "docker" } }
    }
"""

from jobspec.diagnostics import Severity

ID = "file-unreadable"
SEVERITY = Severity.ERROR
SCOPE = "load"
