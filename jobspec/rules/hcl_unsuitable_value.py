"""A runtime reference is used where Nomad needs a number.

``${NOMAD_*}``, ``${node.*}``, ``${attr.*}`` and ``${meta.*}`` are filled in on
the client when the task starts, but ``count``, ``static``, ``to``, ``cpu``,
``memory`` and other number fields are read when the job is submitted, so
Nomad rejects the job ("Unsuitable value type"). Use a number, or a
``var.*``/``local.*`` that holds one.

FAIL:

    network {
      port "http" { static = "${NOMAD_PORT_http}" }
    }

PASS:

    network {
      port "http" { static = var.http_port }
    }
"""

from jobspec.diagnostics import Severity

ID = "hcl-unsuitable-value"
SEVERITY = Severity.ERROR
SCOPE = "load"
