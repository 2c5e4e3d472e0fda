"""A catalog source does not hold what its kind needs.

Node JSON that is not valid JSON (the message is Go's ``encoding/json``
wording), that is not a node object or an array of them, or whose fields have
the wrong type; a saved catalog that does not match
``schemas/catalog.schema.json``; a ``class.json`` with a bad ``count``. The
position is the value at fault. The rest of the source is still loaded where
it can be. A warning: a node without ``NodeResources`` (the stub ``GET
/v1/nodes`` lists; ``Node.Stub`` in nomad/structs), with how to get the full
node; the checks it cannot support are skipped.

FAIL:

    # jobspec catalog check nodes.json
    # nodes.json
    [{"ID": "n1", "Name": "web-1", "Datacenter": "dc1",}]

PASS:

    # jobspec catalog check nodes.json
    # nodes.json
    [{"ID": "n1", "Name": "web-1", "Datacenter": "dc1", "NodeResources": {}}]
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import CATALOG_INVALID

ID = CATALOG_INVALID
SEVERITY = Severity.ERROR
SEVERITIES = (Severity.ERROR, Severity.WARNING)  # see the docstring: some cases only warn
SCOPE = "load"
