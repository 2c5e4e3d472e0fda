"""Offline placement: which catalog nodes could take each task group, and why not.

A model of Nomad's scheduler (``scheduler/feasible``) as far as a job file and a
node catalog can decide it: the ready-node prefilter, the job's, groups' and
tasks' constraints (``ConstraintChecker``, ``distinct_hosts``,
``distinct_property``), the ``DriverChecker``, the implied CNI plugin
constraints, the ``NetworkChecker``, and the bin-packer's ports and resources. Pure functions over
frozen data; nodes are evaluated once per *shape* (Nomad's computed node class),
so the cost grows with the number of distinct node shapes, not with nodes × jobs.
"""

from jobspec.placement.ask import GroupAsk, PortAsk, ask_for
from jobspec.placement.engine import GroupPlan, Removal, plan_group, plan_job
from jobspec.placement.shapes import CatalogIndex, Shape, index_for

__all__ = [
    "CatalogIndex",
    "GroupAsk",
    "GroupPlan",
    "PortAsk",
    "Removal",
    "Shape",
    "ask_for",
    "index_for",
    "plan_group",
    "plan_job",
]
