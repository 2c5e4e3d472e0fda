"""A ``dynamic`` block whose ``for_each`` (or ``labels``) is not known offline: the checks
that need every block of its type skip and say so, rather than report the blocks it
would generate as missing (DESIGN.md: unknown is not wrong)."""

import json
import textwrap

from typer.testing import CliRunner

from jobspec.cli import app
from jobspec.engine.file import lint_text
from jobspec.inputs import Inputs

PORTS = """\
variable "ports" {
  type = list(string)
}
job "web" {
  group "g" {
    network {
      mode = "bridge"
      dynamic "port" {
        for_each = var.ports
        labels   = [port.value]
        content {}
      }
    }
    service {
      name = "web"
      port = "http"
    }
    task "t" {
      driver = "docker"
      config {
        image = "nginx"
        ports = ["http"]
      }
    }
  }
}
"""

TASKS = """\
variable "names" {
  type = list(string)
}
job "web" {
  dynamic "group" {
    for_each = var.names
    labels   = [group.value]
    content {
      task "t" { driver = "docker" }
    }
  }
  group "g" {
    dynamic "task" {
      for_each = var.names
      labels   = [task.value]
      content { driver = "docker" }
    }
    service {
      name = "web"
      check {
        type     = "script"
        task     = "worker"
        command  = "/bin/true"
        interval = "10s"
        timeout  = "2s"
      }
    }
  }
}
"""


def run(text: str, **inputs):
    return lint_text(textwrap.dedent(text), "job.nomad", inputs=Inputs(**inputs))


def test_unknown_port_for_each_skips_the_port_label_checks():
    outcome = run(PORTS)
    # The unset variable is the one finding; no "port label not found" for ports it would make.
    assert [d.rule for d in outcome.diagnostics] == ["hcl-variable-unset"]
    assert "job.nomad: group 'g': dynamic blocks make its port labels known only to HCL2 evaluation" in outcome.skipped


def test_the_iterator_of_an_unexpanded_block_is_unknown_not_wrong():
    # `port.value + 1` of an unknown element is no "Unsuitable value" and no schema type error.
    content = "content {\n          static = port.value\n          to     = port.value + 1\n        }"
    outcome = run(PORTS.replace("content {}", content))
    assert [d.rule for d in outcome.diagnostics] == ["hcl-variable-unset"]


def test_known_port_for_each_still_finds_a_missing_label():
    outcome = run(PORTS, vars=('ports=["admin"]',))
    assert sorted(d.rule for d in outcome.diagnostics) == ["driver-config-ports", "group-service-port-label"]
    assert not any("dynamic blocks" in s for s in outcome.skipped)


def test_unknown_labels_keep_the_block_as_written():
    # uuidv4() is only known when Nomad runs the job; the for_each is known.
    outcome = run(PORTS.replace("var.ports", '["x"]').replace("[port.value]", "[uuidv4()]"))
    assert [d.rule for d in outcome.diagnostics] == ["hcl-variable-unset"]
    assert any("dynamic blocks make its port labels" in s for s in outcome.skipped)


def test_unknown_task_and_group_for_each_skip_the_task_checks():
    outcome = run(TASKS)
    assert [d.rule for d in outcome.diagnostics] == ["hcl-variable-unset"]
    assert "job.nomad: job 'web': a dynamic group block makes its groups known only to HCL2 evaluation" in (
        outcome.skipped
    )
    assert "job.nomad: group 'g': a dynamic task block makes its tasks known only to HCL2 evaluation" in (
        outcome.skipped
    )


def test_known_task_for_each_still_finds_a_check_naming_a_missing_task():
    outcome = run(TASKS, vars=('names=["a"]',))
    [finding] = outcome.diagnostics
    assert finding.rule == "service-check"
    assert finding.message == 'Check service: "web" check invalid: refers to non-existent task worker'
    assert (finding.span.line, finding.span.column) == (22, 20)


def test_cli_counts_the_skip_in_the_json_summary(tmp_path):
    job = tmp_path / "web.nomad"
    job.write_text(PORTS)
    result = CliRunner().invoke(app, ["validate", "--no-cache", "--format", "json", str(job)])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [d["rule"] for d in report["diagnostics"]] == ["hcl-variable-unset"]
    assert report["summary"]["skipped"] == [
        f"{job}: group 'g': dynamic blocks make its port labels known only to HCL2 evaluation"
    ]


def _port_labels(labels: str) -> str:
    return (
        'job "a" {\n  group "g" {\n    network {\n      dynamic "port" {\n        for_each = ["a"]\n'
        f"        labels   = {labels}\n        content {{}}\n      }}\n    }}\n"
        '    task "t" { driver = "docker" }\n  }\n}\n'
    )


def test_labels_that_are_no_static_list_are_hcls_error_not_a_crash():
    # hcl ext/dynblock expand_spec.go reads labels with hcl.ExprList: a list written out.
    for labels in ("null", "port.value"):
        [finding] = run(_port_labels(labels)).diagnostics
        assert (finding.rule, finding.message) == (
            "hcl-eval",
            "Invalid expression; A static list expression is required.",
        )
        assert (finding.span.line, finding.span.column) == (6, 20)


def test_labels_in_parentheses_are_still_a_static_list():
    # hcl.ExprList unwraps parentheses before it looks for the list.
    assert run(_port_labels('(["a"])')).diagnostics == []
