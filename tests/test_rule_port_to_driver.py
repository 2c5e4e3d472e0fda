import pytest

from jobspec.diagnostics import Severity
from tests.conftest import found, lint

RULE = "port-to-driver"


def job(port: str, drivers: tuple[str, ...] = ("raw_exec",), mode: str = "") -> str:
    tasks = "".join(f'    task "t{i}" {{\n      driver = "{d}"\n    }}\n' for i, d in enumerate(drivers))
    mode_line = f'      mode = "{mode}"\n' if mode else ""
    return f"""\
job "a" {{
  group "g" {{
    network {{
{mode_line}      port "http" {{ {port} }}
    }}
{tasks}  }}
}}
"""


def test_to_with_raw_exec_warns_at_to():
    text = job("to = 8080")
    assert found(text, RULE) == [(4, 26)]
    [d] = [d for d in lint(text) if d.rule == RULE]
    assert d.severity is Severity.WARNING
    assert "NOMAD_PORT_http will be 8080" in d.message


@pytest.mark.parametrize("driver", ["exec", "exec2", "java"])
def test_other_unmapped_drivers_warn(driver):
    assert found(job("to = 8080", (driver,)), RULE) == [(4, 26)]


def test_explicit_host_mode_warns():
    assert found(job("to = 8080", mode="host"), RULE) == [(5, 26)]


def test_static_port_with_different_to_warns():
    # One argument per line needs a multi-line block (hclsyntax: "Invalid single-argument block definition").
    assert found(job("\n        static = 80\n        to = 8080\n      "), RULE) == [(6, 14)]


@pytest.mark.parametrize(
    "port",
    ["", "to = -1", "to = 0", "\n        static = 8080\n        to = 8080\n      "],
    ids=["none", "minus1", "zero", "same"],
)
def test_to_that_changes_nothing_passes(port):
    assert found(job(port), RULE) == []


def test_one_mapping_driver_in_the_group_is_enough():
    assert found(job("to = 8080", ("raw_exec", "docker")), RULE) == []


@pytest.mark.parametrize("mode", ["bridge", "cni/mynet"])
def test_bridge_and_cni_modes_map_ports(mode):
    assert found(job("to = 8080", mode=mode), RULE) == []


def test_docker_in_host_mode_maps_ports():
    assert found(job("to = 8080", ("docker",)), RULE) == []


def test_unknown_driver_is_not_guessed():
    text = job("to = 8080").replace('"raw_exec"', "var.driver")
    assert found(text, RULE) == []


def test_tasks_from_dynamic_blocks_count_once_expanded():
    text = job("to = 8080").replace(
        "  }\n}\n",
        '    dynamic "task" {\n      for_each = ["x"]\n      labels = [task.value]\n'
        '      content {\n        driver = "docker"\n      }\n    }\n  }\n}\n',
    )
    assert "dynamic" in text
    assert found(text, RULE) == []
