"""What the catalog sources say about drivers, resources, attributes and meta, and
what they cannot say (node JSON: nomad/structs Node, Node.Stub; agent config:
plugin blocks, client.reserved, cpu_total_compute / memory_total_mb)."""

from __future__ import annotations

import json
import textwrap

from jobspec.catalog.saved import render
from jobspec.diagnostics import Severity
from jobspec.engine.catalog import load_catalog
from jobspec.model.catalog import NodeResources
from tests.catalog_fixtures import lint_with
from tests.cli_helpers import jobspec

FULL = {
    "ID": "1",
    "Name": "n1",
    "Datacenter": "dc1",
    "Attributes": {"kernel.name": "linux", "driver.exec": "1", "driver.java": "0", "driver.docker.version": "27"},
    "Meta": {"rack": "r1"},
    "Drivers": {
        "docker": {"Detected": True, "Healthy": True},
        "podman": {"Detected": True, "Healthy": False},
    },
    "NodeResources": {
        "Cpu": {"CpuShares": 8000, "TotalCpuCores": 4, "ReservableCpuCores": [0, 1, 2, 3]},
        "Memory": {"MemoryMB": 16000},
        "Disk": {"DiskMB": 100000},
        "Networks": [{"Mode": "host", "IP": "10.0.0.1"}],
    },
    "ReservedResources": {
        "Cpu": {"CpuShares": 500, "ReservedCpuCores": [0]},
        "Memory": {"MemoryMB": 1000},
        "Disk": {"DiskMB": 0},
    },
}
STUB = {
    "ID": "2",
    "Name": "n2",
    "Datacenter": "dc1",
    "Version": "1.9.3",
    "Drivers": {"docker": {"Detected": True, "Healthy": True}},
}


def load(tmp_path, nodes, name="nodes.json"):
    path = tmp_path / name
    path.write_text(json.dumps(nodes, indent=2))
    return load_catalog([str(path)])


def test_node_json_drivers_follow_the_driver_checker(tmp_path):
    catalog, problems = load(tmp_path, [FULL])
    assert problems == []
    # Drivers entries need Detected and Healthy; else the driver.<name> attribute must parse as true.
    assert catalog.nodes[0].drivers == {"docker": True, "exec": True, "java": False, "podman": False}
    assert catalog.nodes[0].drivers_complete


def test_node_json_resources_are_capacity_minus_reserved(tmp_path):
    catalog, _ = load(tmp_path, [FULL])
    assert catalog.nodes[0].resources == NodeResources(cpu=7500, memory=15000, disk=100000, cores=3)


def test_a_list_stub_is_a_warning_that_says_how_to_get_the_full_node(tmp_path):
    catalog, problems = load(tmp_path, [FULL, STUB])
    (warning,) = problems
    assert warning.severity is Severity.WARNING and warning.rule == "catalog-invalid"
    assert warning.message.startswith('node "n2" lacks NodeResources: this looks like the node list stub')
    assert "/v1/node/<id>" in warning.hint and "/v1/nodes?resources=true" in warning.hint
    lines = (tmp_path / "nodes.json").read_text().splitlines()
    assert lines[warning.span.line - 1].strip() == "{" and '"n2"' in lines[warning.span.line + 1]  # the stub itself
    stub = catalog.nodes[1]
    assert (stub.resources, stub.attributes_known, stub.meta_known) == (None, False, False)
    assert stub.drivers == {"docker": True}  # the stub does carry Drivers
    assert any("without NodeResources" in s for s in catalog.skipped)


def test_checks_a_stub_cannot_support_are_skipped(tmp_path):
    catalog, _ = load(tmp_path, [STUB])
    job = """
    job "j" {
      constraint {
        attribute = "${meta.rack}"
        value     = "r9"
      }
      group "g" {
        network {
          port "http" { host_network = "public" }
        }
        task "t" {
          driver = "docker"
          resources { memory = 999999 }
        }
      }
    }
    """
    assert [d.rule for d in lint_with(job, catalog) if d.rule.startswith("catalog-")] == []


def test_many_stubs_make_one_warning(tmp_path):
    _, problems = load(tmp_path, [dict(STUB, ID=str(i), Name=f"s{i}") for i in range(5)])
    assert [p.message.split(":")[0] for p in problems] == ["5 nodes (the first is 's0') lack NodeResources"]


def make_class(root, hcl: str, class_json: str | None = None):
    folder = root / "web"
    folder.mkdir()
    (folder / "client.hcl").write_text(textwrap.dedent(hcl))
    if class_json is not None:
        (folder / "class.json").write_text(class_json)
    return load_catalog([str(folder)])


def test_a_class_has_its_plugin_blocks_and_no_raw_exec_unless_enabled(tmp_path):
    catalog, problems = make_class(
        tmp_path,
        """
        client { enabled = true }
        plugin "docker" {}
        plugin "raw_exec" {
          config { enabled = false }
        }
        """,
    )
    assert problems == []
    node = catalog.nodes[0]
    assert (node.drivers, node.drivers_complete) == ({"docker": True, "raw_exec": False}, False)


def test_class_json_states_drivers_attributes_and_resources(tmp_path):
    catalog, problems = make_class(
        tmp_path,
        """
        client {
          enabled = true
          reserved {
            cpu    = 500
            memory = 1024
          }
        }
        """,
        '{"drivers": ["exec"], "attributes": {"kernel.name": "linux"}, "resources": {"cpu": 4000, "memory": 8192}}',
    )
    assert problems == []
    node = catalog.nodes[0]
    assert (node.drivers, node.drivers_complete) == ({"exec": True}, True)
    assert (node.attributes, node.attributes_known) == ({"kernel.name": "linux"}, False)
    assert node.resources == NodeResources(cpu=3500, memory=7168, disk=None, cores=None)


def test_agent_totals_are_the_capacity_without_class_json(tmp_path):
    catalog, _ = make_class(tmp_path, "client {\n  enabled = true\n  memory_total_mb = 4096\n}\n")
    assert catalog.nodes[0].resources == NodeResources(memory=4096)


def test_class_json_refuses_bad_values(tmp_path):
    _, problems = make_class(
        tmp_path, "client {}\n", '{"drivers": "docker", "attributes": [], "resources": {"memory": -1, "gpu": 1}}'
    )
    assert [p.message for p in problems] == [
        'drivers must be an array of names: ["docker"]',
        'attributes must be an object of strings: {"kernel.name": "linux"}',
        "memory must be a whole number, 0 or more",
        "unknown resource 'gpu': class.json knows cpu (MHz), memory and disk (MB), cores",
    ]


def test_saved_catalog_keeps_the_new_facts(tmp_path):
    catalog, _ = load(tmp_path, [FULL, STUB])
    saved = tmp_path / "saved.json"
    saved.write_text(render(catalog))
    again, problems = load_catalog([str(saved)])
    assert problems == []
    for before, after in zip(catalog.nodes, again.nodes, strict=True):
        assert (before.drivers, before.resources, before.meta_known, before.attributes_known) == (
            after.drivers,
            after.resources,
            after.meta_known,
            after.attributes_known,
        )


def test_catalog_show_lists_drivers_resources_and_attributes(tmp_path):
    from jobspec.catalog.table import render_table

    catalog, _ = load(tmp_path, [FULL, STUB])
    narrow = render_table(catalog, width=80)
    assert "  drivers: docker, exec\n  free: 7500 MHz, 15000 MB memory, 100000 MB disk, 3 cores\n" in narrow
    assert "  attributes: kernel.name=linux" in narrow
    assert "  drivers: docker\n  free: ?\n  attributes: others ?" in narrow  # the stub
    wide = render_table(catalog, width=250)
    row = next(line for line in wide.splitlines() if line.split() and line.split()[0] == "n1")
    assert "docker, exec" in row and "7500 MHz, 15000 MB memory" in row


def test_catalog_show_on_the_command_line(tmp_path):
    (tmp_path / "nodes.json").write_text(json.dumps([FULL]))
    result = jobspec("catalog", "show", "nodes.json", cwd=tmp_path)
    assert result.code == 0 and "drivers: docker, exec" in result.stdout
    saved = json.loads(jobspec("catalog", "show", "nodes.json", "--format", "json", cwd=tmp_path).stdout)
    assert saved["nodes"][0]["resources"] == {"cpu": 7500, "memory": 15000, "disk": 100000, "cores": 3}
