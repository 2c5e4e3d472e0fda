"""Offline placement: which catalog nodes could take each task group, and why not.

A model of the part of Nomad's scheduler (``scheduler/feasible``) that networks
and ports decide: the ready-node prefilter, the implied CNI plugin constraints,
the ``NetworkChecker`` and the port half of the bin-packer. Pure functions over
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
