"""dynamic blocks become real blocks, with positions in the template; runtime references
in number fields are Nomad's "Unsuitable value type"."""

import textwrap

from jobspec.evaluate.document import prepare
from jobspec.inputs import Inputs
from jobspec.load.hcl import parse
from jobspec.normalize.job import normalize
from tests.evaluation import lint_with, where


def jobs(text: str, **inputs):
    doc = parse(textwrap.dedent(text), "job.nomad").document
    prepared = prepare(doc, Inputs(**inputs))
    found, _ = normalize(prepared.document, prepared.scope)
    return found, prepared.diagnostics


PORTS = """\
variable "ports" {
  default = { http = 8080, admin = 9090 }
}
job "api" {
  group "web" {
    count = length(keys(var.ports))  # an object: cty's length takes no objects
    network {
      mode = "cni/${var.net}"
      dynamic "port" {
        for_each = var.ports
        iterator = p
        labels   = [p.key]
        content {
          static = p.value
          to     = p.value + 1
        }
      }
    }
  }
}
variable "net" { default = "weave" }
"""


def test_dynamic_ports_have_real_values_and_template_positions():
    [job], diags = jobs(PORTS)
    assert diags == []
    [group] = job.groups
    assert group.count == 2
    [network] = group.networks
    assert network.mode == "cni/weave"
    assert [(p.label, p.static, p.to) for p in network.ports] == [("admin", 9090, 9091), ("http", 8080, 8081)]
    assert (network.ports[0].span.line, network.ports[0].span.column) == (12, 21)
    assert (network.ports[0].at("static").line, network.ports[0].at("static").column) == (14, 20)


def test_duplicate_labels_from_a_dynamic_block_are_found_in_the_template():
    text = """\
    job "api" {
      group "web" {
        network {
          dynamic "port" {
            for_each = ["http", "http"]
            labels   = [port.value]
            content {}
          }
        }
      }
    }
    """
    assert where(lint_with(text), "port-duplicate-label") == [(6, 21)]


def test_dynamic_groups_like_nomads_own_test():
    text = """\
    job "example" {
      dynamic "group" {
        for_each = [
          { name = "groupA", idx = 1 },
          { name = "groupB", idx = 2 },
        ]
        labels = [group.value.name]
        content {
          count = group.value.idx
          task "simple" {
            driver = "raw_exec"
            env { ID = format("id:%s", group.value.idx) }
          }
        }
      }
    }
    """
    [job], diags = jobs(text)
    assert diags == []
    assert [(g.name, g.count) for g in job.groups] == [("groupA", 1), ("groupB", 2)]


def test_nested_dynamic_sees_the_outer_iterator():
    text = """\
    job "api" {
      dynamic "group" {
        for_each = { a = [1, 2], b = [3] }
        labels   = [group.key]
        content {
          network {
            dynamic "port" {
              for_each = group.value
              labels   = ["${group.key}${port.value}"]
              content { to = port.value * 10 }
            }
          }
        }
      }
    }
    """
    [job], _ = jobs(text)
    ports = [[(p.label, p.to) for n in g.networks for p in n.ports] for g in job.groups]
    assert ports == [[("a1", 10), ("a2", 20)], [("b3", 30)]]


def test_for_each_that_is_not_a_collection():
    text = (
        'job "a" {\n  group "g" {\n    network {\n      dynamic "port" {\n        for_each = 3\n'
        '        content {}\n      }\n    }\n    task "t" { driver = "docker" }\n  }\n}\n'
    )
    diags = lint_with(text)
    assert where(diags, "hcl-eval") == [(5, 20)]
    assert diags[0].message.startswith("Invalid dynamic for_each value;")


def test_dynamic_without_content():
    text = 'job "a" {\n  group "g" {\n    dynamic "task" {\n      for_each = [1]\n    }\n  }\n}\n'
    assert where(lint_with(text), "hcl-eval") == [(3, 5)]


def test_errors_inside_dynamic_content_point_at_the_template():
    text = (
        'job "a" {\n  group "g" {\n    network {\n      dynamic "port" {\n'
        '        for_each = ["a"]\n        labels = [port.value]\n'
        "        content { to = port.nope }\n      }\n    }\n  }\n}\n"
    )
    assert where(lint_with(text), "hcl-eval") == [(7, 28)]


def test_runtime_reference_in_number_fields_is_reported_once_by_the_schema():
    text = """\
    job "a" {
      group "g" {
        count = NOMAD_ALLOC_INDEX
        network {
          port "http" { static = "${NOMAD_PORT_http}" }
          port "ok" { static = "8080" }
        }
        task "t" {
          driver = "docker"
          resources { memory = "${meta.mem}" }
          env { PORT = "${NOMAD_PORT_http}" }
        }
      }
    }
    """
    diags = lint_with(text)
    assert where(diags, "schema-type") == [(3, 13), (5, 30), (10, 28)]
    assert [d.rule for d in diags] == ["schema-type"] * 3
    assert diags[0].message == 'Inappropriate value for attribute "count": a number is required.'
