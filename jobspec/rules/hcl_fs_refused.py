"""A filesystem function reads outside the folder jobspec runs in.

``file``, ``filebase64``, ``fileexists`` and ``fileset`` resolve a relative path
against the current folder, as Nomad does (its CLI passes ``BaseDir = "."``,
jobspec2/functions.go; go-cty-funcs filesystem.MakeFileFunc joins the path to it).
jobspec refuses a path that leaves that folder, or the ``fs-root`` folder named in
the configuration (``../secrets``, an absolute path, a symlink out), so that linting
an untrusted job cannot read arbitrary files; ``--allow-fs-outside`` lifts the limit.

FAIL:

    job "api" {
      meta { key = file("/etc/passwd") }
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "api" {
      meta { key = file("files/key.pub") }
      group "web" {
        task "app" { driver = "docker" }
      }
    }
    # files/key.pub
    ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBexampleexampleexampleexampleexample admin@example
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import HCL_FS_REFUSED

ID = HCL_FS_REFUSED
SEVERITY = Severity.ERROR
SCOPE = "load"
