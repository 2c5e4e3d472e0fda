"""A job-level ``update`` block reaches every group, as Nomad's ``TaskGroup.Canonicalize``
merges it: the group's own ``update`` block overrides it field by field."""

from __future__ import annotations

from jobspec.placement import ask_for, plan_job
from tests.catalog_fixtures import catalog, found_with, messages, node
from tests.conftest import normalised


def groups(text: str) -> dict[str, tuple[object, object]]:
    [job] = normalised(text)
    return {g.name: (g.count, g.canary) for g in job.groups}


def test_job_level_canary_reaches_every_group():
    text = """\
        job "a" {
          update { canary = 2 }
          group "x" { count = 3 }
          group "y" {}
        }
    """
    assert groups(text) == {"x": (3, 2), "y": (1, 2)}


def test_group_update_overrides_only_the_fields_it_sets():
    text = """\
        job "a" {
          update {
            canary       = 2
            max_parallel = 1
          }
          group "keeps" {
            update { max_parallel = 3 }
          }
          group "overrides" {
            update { canary = 1 }
          }
          group "zero" {
            update { canary = 0 }
          }
        }
    """
    assert groups(text) == {"keeps": (1, 2), "overrides": (1, 1), "zero": (1, 0)}


def test_group_canary_without_a_job_update():
    text = """\
        job "a" {
          group "x" {
            update { canary = 1 }
          }
          group "y" {}
        }
    """
    assert groups(text) == {"x": (1, 1), "y": (1, 0)}


def test_job_level_task_group_inherits_the_job_update():
    text = """\
        job "a" {
          update { canary = 1 }
          task "t" { driver = "docker" }
        }
    """
    assert groups(text) == {"t": (1, 1)}


def test_job_level_canary_that_is_not_a_number_is_unknown():
    text = """\
        job "a" {
          update { canary = "many" }
          group "x" {}
        }
    """
    [(count, canary)] = groups(text).values()
    assert count == 1 and not isinstance(canary, int)


INGRESS = """\
    job "ingress" {
      update { canary = 1 }
      group "ingress" {
        count = 2
        network {
          port "https" {
            static       = 443
            host_network = "public"
          }
        }
      }
    }
"""


def public(name: str):
    return node(name, aliases=("default", "public"))


def test_engine_needs_count_plus_job_level_canary_addresses():
    [job] = normalised(INGRESS)
    [(group, plan)] = list(plan_job(job, catalog(public("a"), public("b"))))
    assert ask_for(job, group).count == 3
    assert (plan.needed, plan.slots, plan.placeable) == (3, 2, False)


def test_placement_rule_counts_job_level_canary():
    cat = catalog(public("a"), public("b"))
    assert messages(INGRESS, cat, "catalog-placement") == [
        'group "ingress" needs 3 nodes (count 2 + 1 canary) for static port 443 on host network "public" '
        "but only 2 of 2 nodes qualify"
    ]
    assert found_with(INGRESS, cat, "catalog-placement") == [(4, 13)]
    assert messages(INGRESS, catalog(public("a"), public("b"), public("c")), "catalog-placement") == []


def test_group_canary_zero_overrides_the_job_canary_in_placement():
    text = INGRESS.replace("count = 2", "count = 2\n    update { canary = 0 }")
    assert messages(text, catalog(public("a"), public("b")), "catalog-placement") == []
