"""Drivers, resources, distinct_* and the job's groups sharing nodes: the catalog
rules that follow scheduler/feasible (DriverChecker, DistinctHostsIterator,
DistinctPropertyIterator), scheduler/feasible/rank.go (BinPackIterator) and
nomad/structs/funcs.go:AllocsFit."""

from __future__ import annotations

import textwrap

from jobspec.model.catalog import Address, NodeResources
from jobspec.placement import ask_for, plan_job
from jobspec.placement.ask import ResourceAsk
from tests.catalog_fixtures import catalog, found_with, lint_with, messages, node, skipped_with

BIG = NodeResources(cpu=4000, memory=8000, disk=50000, cores=4)
DOCKER = {"docker": True, "exec": True, "podman": False}


def cluster(n: int = 3, **fields):
    fields.setdefault("drivers", DOCKER)
    fields.setdefault("resources", BIG)
    return catalog(*(node(f"n{i}", **fields) for i in range(n)))


def job(task: str = 'driver = "docker"', group: str = "", count: int = 1) -> str:
    return textwrap.dedent(
        f"""\
        job "j" {{
          group "g" {{
            count = {count}
            {group}
            task "t" {{
              {task}
            }}
          }}
        }}
        """
    )


# -- drivers: DriverChecker.hasDrivers --------------------------------------------


def test_missing_driver_is_an_error_at_the_driver_line():
    text = job('driver = "podman"')
    assert found_with(text, cluster(), "catalog-driver") == [(6, 16)]
    (message,) = messages(text, cluster(), "catalog-driver")
    assert message.startswith('Constraint "missing drivers": 3 nodes excluded by filter; task "t" uses driver "podman"')
    assert messages(text, cluster(), "catalog-placement") == []


def test_a_driver_some_node_has_is_no_finding():
    mixed = catalog(node("a", drivers={"docker": True}), node("b", drivers={"podman": True}, resources=BIG))
    assert messages(job('driver = "podman"'), mixed, "catalog-driver") == []


def test_an_unhealthy_driver_counts_as_missing():
    sick = cluster(drivers={"docker": False})
    assert len(messages(job(), sick, "catalog-driver")) == 1


def test_unknown_drivers_are_skipped_and_said_so():
    unknown = cluster(drivers=None)
    assert messages(job('driver = "podman"'), unknown, "catalog-driver") == []
    assert any(
        'driver "podman": the catalog does not say' in s for s in skipped_with(job('driver = "podman"'), unknown)
    )


def test_a_class_knows_its_plugin_blocks_only():
    # drivers_complete=False: docker is unknown (not stated), raw_exec absent (disabled by default)
    cls = cluster(drivers={"raw_exec": False, "podman": True}, drivers_complete=False)
    assert messages(job('driver = "podman"'), cls, "catalog-driver") == []
    assert messages(job('driver = "docker"'), cls, "catalog-driver") == []
    assert len(messages(job('driver = "raw_exec"'), cls, "catalog-driver")) == 1


# -- resources: AllocsFit / ComparableResources.Superset ----------------------------------


def test_memory_above_every_node_is_exhausted_at_the_memory_line():
    text = job('driver = "docker"\nresources {\n  memory = 32768\n}')
    (message,) = messages(text, cluster(), "catalog-resources")
    assert message == (
        'Dimension "memory" exhausted on 3 nodes: group "g" asks for 32768 MB of memory per allocation; '
        "the most any of them has free is 8000 MB"
    )
    assert found_with(text, cluster(), "catalog-resources") == [(8, 12)]
    assert messages(text, cluster(), "catalog-placement") == []


def test_cpu_cores_and_disk_each_have_their_dimension():
    assert messages(job('driver = "docker"\nresources {\n  cpu = 5000\n}'), cluster(), "catalog-resources")[
        0
    ].startswith('Dimension "cpu" exhausted')
    assert messages(job('driver = "docker"\nresources {\n  cores = 8\n}'), cluster(), "catalog-resources")[
        0
    ].startswith('Dimension "cores" exhausted')
    disk = job(group="ephemeral_disk {\n  size = 60000\n}")
    assert messages(disk, cluster(), "catalog-resources")[0].startswith('Dimension "disk" exhausted')
    assert found_with(disk, cluster(), "catalog-resources") == [(5, 10)]


def test_tasks_of_a_group_add_up():
    two = textwrap.dedent(
        """\
        job "j" {
          group "g" {
            task "a" {
              driver = "docker"
              resources { memory = 5000 }
            }
            task "b" {
              driver = "docker"
              resources { memory = 4000 }
            }
          }
        }
        """
    )
    (message,) = messages(two, cluster(), "catalog-resources")
    assert 'asks for 9000 MB of memory per allocation (task "a" asks 5000)' in message


def test_resources_limit_the_count():
    # 8000 MB per node, 3000 MB per allocation: two per node, six over three nodes.
    text = job('driver = "docker"\nresources {\n  memory = 3000\n}', count=7)
    (message,) = messages(text, cluster(), "catalog-placement")
    assert message.startswith('group "g" needs room for 7 allocations but the 3 nodes that qualify hold 6')
    assert (
        messages(job('driver = "docker"\nresources {\n  memory = 3000\n}', count=6), cluster(), "catalog-placement")
        == []
    )


def test_defaults_are_nomads():
    ask = ask_for(*_job_and_group(job()))
    assert ask.resources == ResourceAsk(cpu=100, memory=300, disk=300, cores=0, written=False)
    cores = ask_for(*_job_and_group(job('driver = "docker"\nresources {\n  cores = 2\n}')))
    assert (cores.resources.cpu, cores.resources.cores) == (0, 2)  # cpu defaults only without cores


def test_unknown_node_resources_are_skipped_when_the_job_sets_them():
    text = job('driver = "docker"\nresources {\n  memory = 32768\n}')
    unstated = cluster(resources=None)
    assert messages(text, unstated, "catalog-resources") == []
    assert any("resources: the catalog does not state them" in s for s in skipped_with(text, unstated))
    assert not any("resources" in s for s in skipped_with(job(), unstated))


# -- distinct_hosts / distinct_property ----------------------------------------------------


def test_distinct_hosts_with_count_above_the_feasible_nodes_is_an_error():
    text = job(group="constraint {\n  distinct_hosts = true\n}", count=4)
    (message,) = messages(text, cluster(), "catalog-constraint")
    assert (
        message
        == 'Constraint "distinct_hosts": group "g" needs 4 nodes, one per allocation, but only 3 nodes of 3 qualify'
    )
    assert found_with(text, cluster(), "catalog-constraint") == [(5, 20)]  # at `distinct_hosts = true`
    assert messages(text, cluster(), "catalog-placement") == []
    assert (
        messages(job(group="constraint {\n  distinct_hosts = true\n}", count=3), cluster(), "catalog-constraint") == []
    )
    off = job(group='constraint {\n  operator = "distinct_hosts"\n  value = "false"\n}', count=4)
    assert messages(off, cluster(), "catalog-constraint") == []


def test_distinct_property_allows_value_allocations_per_value():
    racks = catalog(
        node("a", meta={"rack": "r1"}, drivers=DOCKER, resources=BIG),
        node("b", meta={"rack": "r1"}, drivers=DOCKER, resources=BIG),
        node("c", meta={"rack": "r2"}, drivers=DOCKER, resources=BIG),
    )
    prop = 'constraint {\n  distinct_property = "${meta.rack}"\n  value = "2"\n}'
    assert messages(job(group=prop, count=4), racks, "catalog-constraint") == []
    (message,) = messages(job(group=prop, count=5), racks, "catalog-constraint")
    assert message.startswith('Constraint "distinct_property": group "g" needs room for 5 allocations')


def test_distinct_property_filters_nodes_without_the_property():
    text = job(group='constraint {\n  distinct_property = "${meta.rack}"\n}', count=1)
    (plan,) = [p for _, p in plan_job(_job_and_group(text)[0], cluster())]
    assert [(r.stage, r.reason, r.nodes) for r in plan.removed] == [
        ("constraint", 'missing property "${meta.rack}"', 3)
    ]


# -- the groups of one job share the nodes (issue 10, point 16) ---------------------------


def two_groups(port_a: int, port_b: int, count: int = 2) -> str:
    group = """
  group "{name}" {{
    count = {count}
    network {{
      port "http" {{
        static = {port}
      }}
    }}
    task "t" {{
      driver = "docker"
    }}
  }}"""
    return (
        'job "j" {'
        + group.format(name="a", count=count, port=port_a)
        + group.format(name="b", count=count, port=port_b)
        + "\n}\n"
    )


def test_two_groups_with_the_same_static_port_compete_for_addresses():
    found = [d for d in lint_with(two_groups(8080, 8080), cluster()) if d.rule == "catalog-placement"]
    assert [(d.group, d.span.line) for d in found] == [("b", 14)]
    assert found[0].message == (
        'group "b" needs 2 free addresses for static port 8080 on host network "default" but only 1 of 3 are left '
        'once group "a" of the same job takes theirs (Nomad: "network: reserved port collision http=8080")'
    )


def test_two_groups_with_different_ports_or_enough_nodes_are_fine():
    assert messages(two_groups(8080, 8081), cluster(), "catalog-placement") == []
    assert messages(two_groups(8080, 8080, count=1), cluster(n=2), "catalog-placement") == []


def test_a_second_address_on_the_alias_makes_room():
    addresses = {"default": (Address("default", "10.0.0.1"), Address("default", "10.0.0.2"))}
    assert messages(two_groups(8080, 8080), cluster(n=2, host_networks=addresses), "catalog-placement") == []


def test_groups_share_memory():
    text = textwrap.dedent(
        """\
        job "j" {
          group "a" {
            count = 4
            task "t" {
              driver = "docker"
              resources { memory = 5000 }
            }
          }
          group "b" {
            count = 1
            task "t" {
              driver = "docker"
              resources { memory = 5000 }
            }
          }
        }
        """
    )
    (message,) = messages(text, cluster(n=4), "catalog-placement")
    assert message.startswith(
        'group "b" needs 1 allocation but only 0 of 4 are left once group "a" of the same job takes theirs'
    )


def _job_and_group(text: str):
    from jobspec.evaluate.document import prepare
    from jobspec.inputs import Inputs
    from jobspec.load.hcl import parse
    from jobspec.normalize.job import normalize

    prepared = prepare(parse(text, "job.nomad").document, Inputs())
    (j,), _ = normalize(prepared.document, prepared.scope)
    return j, j.groups[0]


def test_network_checks_run_on_the_nodes_the_constraints_leave():
    edge = node("a", node_class="edge", network_modes=frozenset({"host", "cni/mynet"}), drivers=DOCKER, resources=BIG)
    worker = node("b", node_class="worker", network_modes=frozenset({"host"}), drivers=DOCKER, resources=BIG)
    text = job(
        group='constraint {\n  attribute = "${node.class}"\n  value = "worker"\n}\nnetwork { mode = "cni/mynet" }'
    )
    assert messages(text, catalog(edge, worker), "catalog-network-mode") == [
        "missing network: no node in the job's datacenters and node pool that meets the constraints and has the "
        'drivers offers network mode "cni/mynet"'
    ]
    assert messages(text.replace('"worker"', '"edge"'), catalog(edge, worker), "catalog-network-mode") == []


def test_a_job_level_distinct_hosts_spreads_every_group_of_the_job():
    # DistinctHostsIterator: with the constraint on the job, any allocation of the job collides.
    text = two_groups(8080, 8081).replace('job "j" {', 'job "j" {\n  constraint {\n    distinct_hosts = true\n  }', 1)
    found = [d for d in lint_with(text, cluster()) if d.rule == "catalog-placement"]
    assert [d.group for d in found] == ["b"]
    assert found[0].message.startswith('group "b" needs 2 nodes but only 1 of 3 are left once group "a"')
    assert messages(two_groups(8080, 8081), cluster(), "catalog-placement") == []


def test_nodes_alike_but_for_resources_share_a_shape_and_are_fitted_each():
    from jobspec.placement import index_for

    sizes = (4000, 8000, 16000)
    fleet = catalog(*(node(f"n{m}", drivers=DOCKER, resources=NodeResources(memory=m), ip="10.0.0.1") for m in sizes))
    assert len(index_for(fleet).shapes) == 1  # Nomad's computed class leaves resources out too
    text = job('driver = "docker"\nresources {\n  memory = 6000\n}', count=4)
    (group_plan,) = [p for _, p in plan_job(_job_and_group(text)[0], fleet)]
    assert (group_plan.feasible, group_plan.capacity, group_plan.best) == (2, 3, (("memory", 4000),))
    assert [(r.stage, r.reason, r.nodes) for r in group_plan.removed] == [("resources", "memory", 1)]
    assert messages(text, fleet, "catalog-placement")[0].startswith(
        'group "g" needs room for 4 allocations but the 2 nodes that qualify hold 3'
    )
    (short,) = messages(job('driver = "docker"\nresources {\n  memory = 20000\n}'), fleet, "catalog-resources")
    assert short.endswith("the most any of them has free is 16000 MB")
