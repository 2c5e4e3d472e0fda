"""A block that Nomad allows once appears more than once.

A job file holds one ``job`` block; Nomad rejects the file ("Duplicate job
block"), while python-hcl2 would keep both without a word. (A second ``dns`` or
``cni`` block in a ``network`` is ``network-duplicate-block``'s.)

FAIL:

    job "a" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
    job "b" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    job "a" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import DUPLICATE_BLOCK

ID = DUPLICATE_BLOCK
SEVERITY = Severity.ERROR
SCOPE = "load"
