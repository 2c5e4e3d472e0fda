"""A catalog path cannot be read.

A file or folder given as a catalog source is missing, cannot be opened or
listed (permissions), is binary or not UTF-8, or is not any kind of catalog
source jobspec knows: Nomad node JSON, a saved catalog JSON, a node-class
folder (agent config and ``cni/``), a folder of classes, or CNI config files.

FAIL:

    jobspec catalog check /etc/nomad.d   # a folder the user may not list

PASS:

    jobspec catalog check examples/catalog
"""

from jobspec.diagnostics import Severity

ID = "catalog-unreadable"
SEVERITY = Severity.ERROR
SCOPE = "load"
