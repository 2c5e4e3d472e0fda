"""A path given to jobspec cannot be read as a job file.

The file is missing, is a folder where a file was expected, cannot be opened
(permissions), is binary or not UTF-8, or is empty. jobspec reports it at
the file and goes on with the other paths. (A readable file without a ``job``
block is ``file-not-job``'s.)

FAIL:

    # jobspec validate empty.nomad
    # empty.nomad

PASS:

    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import FILE_UNREADABLE

ID = FILE_UNREADABLE
SEVERITY = Severity.ERROR
SCOPE = "load"
