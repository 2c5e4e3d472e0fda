"""schemas/job.schema.json and the schema-* rules that apply it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from jobspec import structure
from jobspec.load.hcl import parse
from jobspec.runner import discover
from jobspec.schemas import load_schema
from tests.conftest import CORPUS, found, in_group, in_task, lint, needs_shared

ARG = "schema-unknown-argument"
BLOCK = "schema-unknown-block"
TYPE = "schema-type"
MISSING_LABEL = "schema-missing-label"
EXTRA_LABEL = "schema-extra-label"
REQUIRED = "schema-required"
DUPLICATE = "schema-duplicate-block"
SCHEMA_RULES = (ARG, BLOCK, TYPE, MISSING_LABEL, EXTRA_LABEL, REQUIRED, DUPLICATE)


def schema_diagnostics(text: str) -> list[tuple[str, int, int]]:
    return [(d.rule, d.span.line, d.span.column) for d in lint(text) if d.rule in SCHEMA_RULES]


def only(text: str, rule: str):
    [diagnostic] = [d for d in lint(text) if d.rule == rule]
    return diagnostic


# -- the schema itself -----------------------------------------------------------------


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(load_schema(structure.SCHEMA))


def test_every_reference_resolves_and_every_definition_is_used():
    schema = load_schema(structure.SCHEMA)
    refs: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    defined = {f"#/$defs/{name}" for name in schema["$defs"]}
    assert refs <= defined
    assert defined - refs == set()


def test_the_instance_shape_is_documented_in_the_schema():
    description = load_schema(structure.SCHEMA)["description"]
    assert '{"attributes": {name: value}, "blocks": {type: [block, ...]}}' in description


def test_instance_keeps_arguments_and_blocks_apart():
    text = 'job "a" {\n  meta = { x = "1" }\n  group "g" {\n    meta { y = "2" }\n  }\n}\n'
    instance, _ = structure.build(parse(text, "job.nomad").document)
    job = instance["blocks"]["job"][0]
    assert job["labels"] == ["a"]
    assert job["body"]["attributes"] == {"meta": {"x": "1"}}
    group = job["body"]["blocks"]["group"][0]["body"]
    assert group["blocks"]["meta"] == [{"labels": [], "body": {"attributes": {"y": "2"}, "blocks": {}}}]


# -- valid jobs stay quiet ---------------------------------------------------------------

VALID = """\
variable "dc" {
  type    = list(string)
  default = ["dc1"]
  validation {
    condition     = length(var.dc) > 0
    error_message = "need a datacenter"
  }
}
variables {
  image = "redis:7"
}
locals {
  port = 6379
}
job "cache" {
  datacenters = var.dc
  type        = "service"
  priority    = "50"
  all_at_once = "false"
  meta = {
    owner = "team"
    build = 42
  }
  constraint {
    attribute = "${attr.kernel.name}"
    value     = "linux"
  }
  constraint {
    distinct_hosts = true
  }
  update {
    max_parallel     = 1
    min_healthy_time = "10s"
    auto_revert      = true
  }
  group "cache" {
    count = 2
    network {
      mode = "bridge"
      port "db" {
        static = "6379"
        to     = local.port
      }
      dns {
        servers = ["1.1.1.1"]
      }
    }
    service {
      name = "redis"
      port = 6379
      tags = ["cache", 1]
      check {
        type     = "tcp"
        interval = "10s"
        timeout  = "2s"
        header {
          Authorization = ["Basic x"]
        }
      }
      connect {
        sidecar_service {
          proxy {
            upstreams {
              destination_name = "db"
              local_bind_port  = 5432
            }
            config {
              anything = { goes = [1, 2] }
            }
          }
        }
      }
    }
    scaling {
      min = 1
      max = 10
      policy {
        check "cpu" {
          source = "prometheus"
        }
      }
    }
    volume "data" {
      type   = "host"
      source = "data"
    }
    task "redis" {
      driver = "docker"
      config {
        image = var.image
        ports = ["db"]
        mount {
          type = "bind"
        }
      }
      env {
        MODE = "primary"
      }
      lifecycle {
        hook    = "prestart"
        sidecar = "true"
      }
      resources {
        cpu    = 500
        memory = "256"
      }
      template {
        data        = <<EOT
port={{ env "NOMAD_PORT_db" }}
EOT
        destination = "local/redis.conf"
        change_mode = "script"
        change_script {
          command = "/bin/reload"
        }
        wait {
          min = "5s"
        }
      }
      volume_mount {
        volume      = "data"
        destination = "/data"
      }
      scaling "cpu" {
        max = 1000
      }
      identity {
        aud = ["vault.io"]
        ttl = "1h"
      }
      action "flush" {
        command = "redis-cli"
        args    = ["FLUSHALL"]
      }
    }
  }
}
"""


def test_a_full_valid_job_has_no_schema_finding():
    assert schema_diagnostics(VALID) == []


def test_unknown_values_pass_every_type_check():
    text = in_group("""
count = var.count
network {
  port "http" { static = var.port }
  mbits = max(1, 2)
}
task "t" {
  driver = var.driver
  env    = var.env
  meta   = merge(local.a, local.b)
  resources {
    cpu = "${var.cpu}"
  }
}
""")
    assert schema_diagnostics(text) == []


@pytest.mark.parametrize(
    "line",
    [
        'static = "8080"',  # a numeric string is a number to HCL
        "host_network = 1",  # and a number a string
        'ignore_collision = "true"',  # and "true" a bool
        'ignore_collision = "0"',  # and so is "0", as go-cty has it
        "to = 8080.0",
        "static = null",  # null leaves an argument unset
    ],
)
def test_hcl_conversions_are_not_flagged(line):
    text = in_group(f'network {{\n  port "p" {{\n    {line}\n  }}\n}}')
    assert schema_diagnostics(text) == []


def test_meta_and_env_may_be_map_arguments_or_blocks():
    text = in_task('meta = { a = "1" }\nenv { B = "2" }')
    assert schema_diagnostics(text) == []


def test_job_level_task_vault_and_secret_are_accepted():
    text = """\
job "a" {
  vault {
    policies = ["read"]
  }
  secret "db" {
    provider = "nomad"
    path     = "db/creds"
  }
  task "lone" {
    driver = "exec"
  }
}
"""
    assert schema_diagnostics(text) == []


def test_dynamic_block_is_checked_as_the_block_it_makes():
    text = in_group("""
network {
  dynamic "port" {
    for_each = ["http", "admin"]
    labels   = [port.value]
    content {
      to = "eighty"
    }
  }
}
""")
    assert schema_diagnostics(text) == [(TYPE, 8, 16)]


def test_dynamic_block_of_an_unknown_type_is_reported_at_its_label():
    text = in_group('dynamic "netwrok" {\n  for_each = [1]\n  content {}\n}')
    assert schema_diagnostics(text) == [(BLOCK, 3, 13)]


def test_dynamic_is_not_expanded_outside_a_job():
    text = 'dynamic "job" {\n  content {}\n}\njob "a" {\n}\n'
    assert schema_diagnostics(text) == [(BLOCK, 1, 1)]


def test_driver_config_is_free_form():
    text = in_task('config {\n  whatever = true\n  nested "x" "y" {\n    z = [1]\n  }\n}')
    assert schema_diagnostics(text) == []


# -- schema-unknown-argument -----------------------------------------------------------------


def test_unknown_argument_in_job_points_at_its_name_and_suggests():
    text = 'job "a" {\n  datacenters = ["dc1"]\n  typ = "batch"\n}\n'
    assert found(text, ARG) == [(3, 3)]
    d = only(text, ARG)
    assert d.message == 'Unsupported argument; An argument named "typ" is not expected here.'
    assert d.hint == 'did you mean "type"?'
    assert d.job == "a"


def test_unknown_argument_in_port_lists_the_few_known_ones():
    text = in_group('network {\n  port "http" {\n    host = "public"\n  }\n}')
    assert found(text, ARG) == [(5, 9)]
    assert only(text, ARG).hint == "a port block takes these arguments: host_network, ignore_collision, static, to"
    assert only(text, ARG).group == "g"


def test_unknown_argument_in_task_without_close_match():
    text = in_task('flavour = "vanilla"')
    assert found(text, ARG) == [(5, 7)]
    assert only(text, ARG).hint == (
        "a task block takes these arguments: driver, env, kill_signal, kill_timeout, kind, leader, meta, "
        "shutdown_delay, user"
    )


def test_unknown_argument_in_group_with_many_arguments_and_no_close_match():
    text = in_group('flavour = "vanilla"\nregion = "eu"\ndatacenters = []')
    assert found(text, ARG) == [(3, 5), (4, 5), (5, 5)]


def test_block_written_as_argument_says_so():
    text = in_group("update = { canary = 1 }")
    d = only(text, ARG)
    assert (d.span.line, d.span.column) == (3, 5)
    assert d.message.endswith('Did you mean to define a block of type "update"?')


def test_service_meta_is_a_block_only():
    text = in_group('service {\n  meta = { a = "b" }\n}')
    assert found(text, ARG) == [(4, 7)]


def test_top_level_argument_is_unknown():
    text = 'region = "eu"\njob "a" {\n}\n'
    assert found(text, ARG) == [(1, 1)]


def test_unknown_arguments_in_a_variable_block():
    text = 'variable "x" {\n  sensitive = true\n}\njob "a" {\n}\n'
    assert found(text, ARG) == [(2, 3)]


def test_legacy_dynamic_ports_block_is_gone_from_nomad():
    text = in_task('resources {\n  network {\n    dynamic_ports "http" {}\n  }\n}')
    assert found(text, BLOCK) == [(7, 11)]


# -- schema-unknown-block ------------------------------------------------------------------------


def test_misspelt_block_is_reported_at_its_type_with_a_suggestion():
    text = in_group('netwrok {\n  port "db" {}\n}')
    assert found(text, BLOCK) == [(3, 5)]
    d = only(text, BLOCK)
    assert d.message == 'Unsupported block type; Blocks of type "netwrok" are not expected here.'
    assert d.hint == 'did you mean "network"?'


def test_each_occurrence_of_an_unknown_block_is_reported():
    text = in_task('confg {\n  image = "x"\n}\nconfg {\n  image = "y"\n}')
    assert found(text, BLOCK) == [(5, 7), (8, 7)]


def test_argument_written_as_block_says_so():
    text = in_group("count {\n  value = 3\n}")
    d = only(text, BLOCK)
    assert (d.span.line, d.span.column) == (3, 5)
    assert d.message.endswith('Did you mean to define argument "count"?')


def test_port_directly_in_group_is_a_block_in_the_wrong_place():
    assert found(in_group('port "http" {}'), BLOCK) == [(3, 5)]


def test_unknown_top_level_block():
    text = 'jobb "a" {\n}\njob "a" {\n}\n'
    d = only(text, BLOCK)
    assert (d.span.line, d.span.column) == (1, 1)
    assert d.hint == 'did you mean "job"?'


def test_block_in_a_map_block_is_unknown():
    assert found(in_task("meta {\n  nested {}\n}"), BLOCK) == [(6, 9)]


def test_block_inside_a_block_that_takes_none():
    text = in_group('network {\n  port "a" {\n    range {}\n  }\n}')
    assert found(text, BLOCK) == [(5, 9)]
    assert only(text, BLOCK).hint == "a port block takes no blocks"


# -- schema-type ------------------------------------------------------------------------------------


def test_word_where_a_number_belongs_points_at_the_value():
    text = in_group('count = "three"')
    assert found(text, TYPE) == [(3, 13)]
    d = only(text, TYPE)
    assert d.message == 'Inappropriate value for attribute "count": a number is required.'


def test_fraction_where_a_whole_number_belongs():
    d = only(in_task("resources {\n  cpu = 1.5\n}"), TYPE)
    assert (d.span.line, d.span.column) == (6, 15)
    assert d.message == 'Inappropriate value for attribute "cpu": a whole number is required.'


def test_runtime_interpolation_in_a_number_is_flagged_with_why():
    d = only(in_group('network {\n  port "p" {\n    static = "${NOMAD_PORT_x}"\n  }\n}'), TYPE)
    assert (d.span.line, d.span.column) == (5, 18)
    assert "runtime interpolation" in d.hint


def test_string_where_a_list_belongs():
    text = 'job "a" {\n  datacenters = "dc1"\n}\n'
    assert found(text, TYPE) == [(2, 17)]
    assert only(text, TYPE).message == 'Inappropriate value for attribute "datacenters": a list is required.'


def test_wrong_element_in_a_list_names_the_element():
    text = 'job "a" {\n  datacenters = ["dc1", ["dc2"]]\n}\n'
    d = only(text, TYPE)
    assert d.message == 'Inappropriate value for attribute "datacenters": element 1: a string is required.'
    assert (d.span.line, d.span.column) == (2, 17)


def test_list_in_a_meta_map_names_the_key():
    d = only(in_group('meta = {\n  a = "1"\n  b = ["2"]\n}'), TYPE)
    assert d.message == 'Inappropriate value for attribute "meta": element "b": a string is required.'


def test_list_in_a_meta_block():
    text = in_task('meta {\n  b = ["2"]\n}')
    assert found(text, TYPE) == [(6, 13)]
    assert only(text, TYPE).message == 'Inappropriate value for attribute "b": a string is required.'


def test_word_where_a_bool_belongs():
    text = in_task('leader = "yes"')
    assert found(text, TYPE) == [(5, 16)]
    assert only(text, TYPE).message == 'Inappropriate value for attribute "leader": a bool is required.'


def test_capitalised_bool_string_says_how_to_fix_it():
    d = only(in_task('leader = "True"'), TYPE)
    assert d.message == (
        'Inappropriate value for attribute "leader": a bool is required; to convert from string, use lowercase "true".'
    )


def test_number_is_not_a_bool():
    assert found(in_task("leader = 1"), TYPE) == [(5, 16)]


def test_list_where_a_string_belongs():
    assert found(in_task('user = ["root"]'), TYPE) == [(5, 14)]


def test_map_where_a_string_map_belongs_as_argument():
    assert found(in_task('env = "A=1"'), TYPE) == [(5, 13)]


# -- labels -----------------------------------------------------------------------------------------------


def test_port_without_label():
    text = in_group("network {\n  port {\n    static = 80\n  }\n}")
    assert found(text, MISSING_LABEL) == [(4, 7)]
    assert only(text, MISSING_LABEL).message == "Missing label for port; All port blocks must have 1 labels (label)."


def test_task_without_name():
    text = 'job "a" {\n  group "g" {\n    task {\n      driver = "docker"\n    }\n  }\n}\n'
    assert found(text, MISSING_LABEL) == [(3, 5)]
    assert only(text, MISSING_LABEL).message == "Missing name for task; All task blocks must have 1 labels (name)."


def test_job_without_name():
    assert found("job {\n}\n", MISSING_LABEL) == [(1, 1)]


def test_network_takes_no_label():
    text = in_group('network "public" {\n}')
    assert found(text, EXTRA_LABEL) == [(3, 13)]
    d = only(text, EXTRA_LABEL)
    assert d.message == "Extraneous label for network; No labels are expected for network blocks."


def test_second_label_on_a_port():
    text = in_group('network {\n  port "http" "extra" {}\n}')
    assert found(text, EXTRA_LABEL) == [(4, 19)]
    d = only(text, EXTRA_LABEL)
    assert d.message == "Extraneous label for port; Only 1 labels (label) are expected for port blocks."
    assert d.hint == "remove the extra label"


def test_spread_target_takes_its_value_as_label():
    text = 'job "a" {\n  spread {\n    attribute = "x"\n    target {\n      percent = 50\n    }\n  }\n}\n'
    assert found(text, MISSING_LABEL) == [(4, 5)]


# -- schema-required -----------------------------------------------------------------------------------------


def test_task_without_driver_uses_nomads_words():
    text = 'job "a" {\n  group "g" {\n    task "t" {\n      user = "x"\n    }\n  }\n}\n'
    assert found(text, REQUIRED) == [(3, 5)]
    d = only(text, REQUIRED)
    assert d.message == "Missing task driver"
    assert d.group == "g"


def test_lifecycle_without_hook():
    text = in_task("lifecycle {\n  sidecar = true\n}")
    assert found(text, REQUIRED) == [(5, 7)]
    assert only(text, REQUIRED).message == (
        'Missing required argument; The argument "hook" is required, but no definition was found.'
    )


def test_action_without_command():
    assert found(in_task('action "x" {\n  args = ["a"]\n}'), REQUIRED) == [(5, 7)]


def test_group_scaling_without_max():
    assert found(in_group("scaling {\n  min = 1\n}"), REQUIRED) == [(3, 5)]


def test_task_scaling_does_not_need_max():
    assert found(in_task('scaling "mem" {\n  min = 64\n}'), REQUIRED) == []


def test_variable_validation_needs_condition_and_message():
    text = 'variable "x" {\n  validation {\n  }\n}\njob "a" {\n}\n'
    assert found(text, REQUIRED) == [(2, 3), (2, 3)]


# -- schema-duplicate-block -----------------------------------------------------------------------------


def test_second_resources_block_is_a_duplicate():
    text = in_task("resources {\n  cpu = 100\n}\nresources {\n  memory = 64\n}")
    assert found(text, DUPLICATE) == [(8, 7)]
    assert only(text, DUPLICATE).message == (
        "Duplicate resources block; Only one resources block is allowed. Another was defined at line 5."
    )


def test_two_networks_and_two_ports_are_not_duplicates():
    text = in_group('network {\n  port "a" {}\n  port "b" {}\n}\nnetwork {\n}')
    assert found(text, DUPLICATE) == []


# -- the corpus -------------------------------------------------------------------------------------------------

# Parser fixtures from Nomad's jobspec2 tests: Nomad parses them, but `nomad job
# validate` rejects their tasks ("Missing task driver", structs.go:Task.Validate).
WITHOUT_DRIVER = {
    ("jobspec2/test-fixtures/restart-render-templates.hcl", 9),
    ("jobspec2/test-fixtures/restart-render-templates.hcl", 11),
    ("jobspec2/test-fixtures/template-err-missing-key.hcl", 6),
    ("jobspec2/test-fixtures/template-wait-config.hcl", 6),
}


@needs_shared
def test_corpus_jobs_have_no_schema_finding():
    root = str(CORPUS / "jobs") + "/"
    findings = set()
    for path, _ in discover([root]):
        with open(path, encoding="utf-8") as handle:
            document = parse(handle.read(), path.removeprefix(root)).document
        assert document is not None, path
        findings |= {(f.span.file, f.span.line, f.kind, f.message) for f in structure.schema_errors(document)}
    assert findings == {(file, line, structure.REQUIRED, "Missing task driver") for file, line in WITHOUT_DRIVER}


def test_findings_name_their_group_and_a_job_level_task_is_its_own_group():
    text = """\
job "a" {
  group "web" {
    count = "x"
  }
  task "lone" {
    driver = "docker"
    leader = "x"
  }
  priority = "high"
}
"""
    assert [(d.span.line, d.group) for d in lint(text) if d.rule == TYPE] == [(3, "web"), (7, "lone"), (9, None)]


@needs_shared
def test_typos_in_corpus_jobs_are_caught():
    """The schema is no sieve: a misspelt argument in a real job is found on its line."""
    paths = sorted(path for path, _ in discover([str(CORPUS / "jobs")]))[::12]
    caught = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().split("\n")
        at = next((i for i, line in enumerate(lines) if line.strip().startswith("driver")), None)
        if at is None:
            continue
        lines[at] = lines[at].replace("driver", "drvier", 1)
        document = parse("\n".join(lines), path).document
        assert document is not None
        unknown = [f for f in structure.schema_errors(document) if f.kind == structure.UNKNOWN_ARGUMENT]
        assert [(f.span.line, f.hint) for f in unknown] == [(at + 1, 'did you mean "driver"?')], path
        caught += 1
    assert caught >= 15


_SCALARS = st.one_of(
    st.integers(-5, 99999).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["true", "false", "null", '"x"', '"8080"', '"${NOMAD_PORT_x}"', "var.x", "max(1, 2)"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.dictionaries(st.sampled_from(["a", "b", "attributes", "blocks"]), inner, max_size=2).map(
            lambda d: "{ " + " ".join(f"{k} = {v}" for k, v in d.items()) + " }"
        ),
    ),
    max_leaves=5,
)
_NAMES = st.sampled_from(["count", "meta", "env", "static", "to", "tags", "driver", "leader", "labels", "body", "x"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_NAMES, _VALUES), max_size=4, unique_by=lambda t: t[0]))
def test_any_value_anywhere_gives_findings_never_an_exception(assignments):
    body = "\n".join(f"{name} = {value}" for name, value in assignments)
    text = f'job "a" {{\n  group "g" {{\n{body}\n    network {{\n      port "p" {{\n{body}\n      }}\n    }}\n'
    text += f'    task "t" {{\n{body}\n    }}\n  }}\n}}\n'
    document = parse(text, "job.nomad").document
    if document is not None:
        for finding in structure.schema_errors(document):
            assert finding.span.line >= 1
            assert finding.message


def test_a_second_job_is_checked_once_and_named():
    text = 'variable "v" {\n  sensitive = true\n}\njob "a" {\n  prio = 1\n}\njob "b" {\n  prio = 2\n}\n'
    assert [(d.span.line, d.job) for d in lint(text) if d.rule == ARG] == [(2, None), (5, "a"), (8, "b")]


def test_hint_names_the_block_where_an_argument_belongs():
    d = only(in_group('datacenters = ["dc1"]'), ARG)
    assert d.hint == '"datacenters" is an argument in a job or region block, not in a group block'


def test_hint_names_the_block_where_a_block_belongs():
    d = only(in_group('port "http" {}'), BLOCK)
    assert d.hint == 'a "port" block belongs in a network block, not in a group block'


def test_hint_offers_a_block_for_a_misspelt_argument():
    d = only(in_group("netwrok = {}"), ARG)
    assert d.hint == 'did you mean the block "network"?'


def test_hint_offers_an_argument_for_a_misspelt_block():
    d = only(in_group("cuont {\n}"), BLOCK)
    assert d.hint == 'did you mean the argument "count"?'


def test_a_template_directive_is_unknown_not_a_crash():
    text = in_task('template {\n  data = "%{ if true }a%{ endif }"\n  destination = "local/x"\n}')
    assert schema_diagnostics(text) == []


def test_driver_config_takes_no_label():
    assert found(in_task('config "docker" {\n  image = "x"\n}'), EXTRA_LABEL) == [(5, 14)]


def test_a_second_dns_block_is_left_to_network_duplicate_block():
    text = in_group("network {\n  dns {}\n  dns {}\n}")
    assert [d.rule for d in lint(text) if "Duplicate" in d.message] == ["network-duplicate-block"]
