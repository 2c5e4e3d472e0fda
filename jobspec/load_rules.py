"""The ids of the rules that stages below the rule registry report.

Reading, evaluating and normalising a file, loading a catalog and reading the
configuration find problems before any rule runs; they name the rule they report
for with one of these ids (``Finding.rule``). Each rule module imports its ``ID``
from here, so every id has its module and no stage imports the registry above it.
"""

from __future__ import annotations

AGENT_RESERVED_PORTS = "agent-reserved-ports"
CATALOG_INVALID = "catalog-invalid"
CATALOG_UNREADABLE = "catalog-unreadable"
CONFIG_INVALID = "config-invalid"
DUPLICATE_BLOCK = "duplicate-block"
FILE_NOT_JOB = "file-not-job"
FILE_UNREADABLE = "file-unreadable"
HCL_BLOCK_ATTRIBUTE_CLASH = "hcl-block-attribute-clash"
HCL_DUPLICATE_ATTRIBUTE = "hcl-duplicate-attribute"
HCL_EVAL = "hcl-eval"
HCL_FS_REFUSED = "hcl-fs-refused"
HCL_LOCAL_CYCLE = "hcl-local-cycle"
HCL_SYNTAX = "hcl-syntax"
HCL_VARIABLE_INVALID = "hcl-variable-invalid"
HCL_VARIABLE_UNDEFINED = "hcl-variable-undefined"
HCL_VARIABLE_UNSET = "hcl-variable-unset"
HCL_VARIABLE_VALIDATION = "hcl-variable-validation"
SUPPRESSION_INVALID = "suppression-invalid"
SUPPRESSION_UNUSED = "suppression-unused"
