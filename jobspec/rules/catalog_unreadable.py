"""A catalog path cannot be read.

A file or folder given as a catalog source is missing, cannot be opened or
listed (permissions), is binary or not UTF-8, or is not any kind of catalog
source jobspec knows: Nomad node JSON, a saved catalog JSON, a node-class
folder (agent config and ``cni/``), a folder of classes, or CNI config files.

FAIL:

    # jobspec catalog check nodes.yaml
    # nodes.yaml
    - Name: web-1
      Datacenter: dc1

PASS:

    # jobspec catalog check nodes.json
    # nodes.json
    [{"ID": "n1", "Name": "web-1", "Datacenter": "dc1", "NodeResources": {}}]
"""

from jobspec.diagnostics import Severity
from jobspec.load_rules import CATALOG_UNREADABLE

ID = CATALOG_UNREADABLE
SEVERITY = Severity.ERROR
SCOPE = "load"
