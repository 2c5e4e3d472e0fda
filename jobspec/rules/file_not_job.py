"""A file named on the command line holds no top-level ``job`` block.

Nomad's ``*.nomad.hcl`` extension is shared: volume specifications (``name``,
``type = "host"``, ``plugin_id``...) and node pool specifications
(``node_pool "x" {}``) use it too, and so may other HCL files. Nomad refuses to
run such a file as a job ("Missing job block"). A folder search skips these
files and counts them in the summary; a file named explicitly is reported,
with a hint when it looks like a volume or node pool specification.

FAIL:

    node_pool "gpu" {
      description = "nodes with a GPU"
    }

PASS:

    job "api" {
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import FILE_NOT_JOB

ID = FILE_NOT_JOB
SEVERITY = Severity.ERROR
SCOPE = "load"
