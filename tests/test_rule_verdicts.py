"""Verdicts that follow Nomad's own checks (issue 10): false errors removed, missed mistakes caught.

Each test names the Nomad source it follows; the HCL is the smallest job that shows the case.
"""

from tests.conftest import lint


def hits(text: str, rule: str) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.message) for d in lint(text) if d.rule == rule]


def test_group_service_with_two_unnamed_checks_is_not_a_duplicate():
    # nomad/structs/structs.go TaskGroup.validateServices compares no check names (only
    # validateServices(t *Task) does); group checks differ by ServiceCheck.Hash.
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            service {
              name = "web"
              port = "http"
              check {
                type     = "http"
                path     = "/"
                interval = "10s"
                timeout  = "2s"
              }
              check {
                type     = "tcp"
                interval = "10s"
                timeout  = "2s"
              }
            }
            task "t" { driver = "docker" }
          }
        }
    """
    assert hits(text, "service-duplicate") == []


def test_two_tasks_may_each_declare_the_same_task_network_label():
    # nomad/structs/structs.go TaskGroup.validateNetworks: a task network's labels are checked
    # against the group's labels only, never against another task's.
    text = """\
        job "a" {
          group "g" {
            task "a" {
              driver = "docker"
              resources {
                network {
                  port "http" {}
                }
              }
            }
            task "b" {
              driver = "docker"
              resources {
                network {
                  port "http" {}
                }
              }
            }
          }
        }
    """
    assert hits(text, "port-duplicate-label") == []


def test_task_network_label_that_repeats_a_group_label_fails():
    # nomad/structs/structs.go TaskGroup.validateNetworks: task labels vs group labels.
    text = """\
        job "a" {
          group "g" {
            network {
              port "http" {}
            }
            task "a" {
              driver = "docker"
              resources {
                network {
                  port "http" {}
                }
              }
            }
          }
        }
    """
    assert hits(text, "port-duplicate-label") == [(10, 16, "Port label http already in use by taskgroup network")]


def _podman(mode: str) -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{
              mode = "{mode}"
              port "http" {{}}
            }}
            task "t" {{
              driver = "podman"
              config {{ ports = ["htp"] }}
            }}
          }}
        }}
    """


def test_podman_config_ports_fail_in_bridge_mode_with_podmans_words():
    # nomad-driver-podman driver.go Driver.portMappings: looks up every `ports` entry in every
    # network mode; an unknown label fails the task with "Port %q not found, check network stanza".
    for mode in ("bridge", "host", "cni/mynet"):
        diagnostics = [d for d in lint(_podman(mode)) if d.rule == "driver-config-ports"]
        assert [(d.span.line, d.severity.value, d.message) for d in diagnostics] == [
            (9, "error", 'Port "htp" not found, check network stanza')
        ], mode


def test_docker_config_ports_in_bridge_mode_stay_a_warning():
    # drivers/docker/driver.go createContainerConfig: `ports` is skipped when the task joins the
    # group's network namespace (bridge or CNI).
    text = _podman("bridge").replace('"podman"', '"docker"')
    diagnostics = [d for d in lint(text) if d.rule == "driver-config-ports"]
    assert [(d.severity.value, d.message) for d in diagnostics] == [
        ("warning", 'Port "htp" not found, check network block')
    ]


def test_qemu_cannot_map_a_group_port_to():
    # drivers/qemu/driver.go Driver.StartTask: hostfwd entries come from the task's `port_map`
    # and task-level networks only; a group port's `to` never reaches the VM.
    text = """\
        job "a" {
          group "g" {
            network {
              port "ssh" { to = 22 }
            }
            task "vm" { driver = "qemu" }
          }
        }
    """
    [(line, column, message)] = hits(text, "port-to-driver")
    assert (line, column) == (4, 25)
    assert "the qemu driver cannot map ports" in message


def _mode(mode: str) -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{ mode = "{mode}" }}
            task "t" {{ driver = "docker" }}
          }}
        }}
    """


def test_upper_case_cni_name_is_an_error_without_a_catalog():
    # scheduler/feasible/feasible.go NetworkChecker.hasNetwork matches the mode exactly;
    # client/allocrunner/network_manager_linux.go newNetworkConfigurator lower-cases it before
    # client/allocrunner/networking_cni.go loadCNIConf looks the conflist up by name.
    [(line, column, message)] = hits(_mode("cni/MyNet"), "network-mode")
    assert (line, column) == (3, 22)
    assert 'CNI network config not found for name "mynet"' in message
    assert hits(_mode("cni/mynet"), "network-mode") == []


def test_interpolated_mode_never_places():
    # scheduler/feasible/feasible.go NetworkChecker: Networks[0].Mode is compared uninterpolated.
    for mode in ("cni/${meta.net}", "${NOMAD_META_mode}"):
        [(line, _, message)] = hits(_mode(mode), "network-mode")
        assert line == 3
        assert "never interpolated" in message, mode


def test_an_hcl2_variable_in_mode_is_filled_in_when_parsed():
    # jobspec2 evaluates var.* before the job reaches the scheduler, so this mode is literal.
    text = 'variable "net" { default = "mynet" }\n' + _mode("cni/${var.net}")
    assert hits(text, "network-mode") == []


def _hostname(driver: str, mode: str = "bridge") -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{
              mode     = "{mode}"
              hostname = "web"
            }}
            task "t" {{ driver = "{driver}" }}
          }}
        }}
    """


def test_hostname_with_a_driver_that_does_not_create_the_namespace():
    # client/allocrunner/network_manager_linux.go newNetworkManager: a task whose driver has
    # MustInitiateNetwork = false (drivers/exec, rawexec, java, qemu; nomad-driver-podman) in a
    # group network namespace fails with "hostname is not currently supported on driver %s".
    for driver in ("exec", "raw_exec", "java", "qemu", "podman"):
        for mode in ("bridge", "cni/mynet", "none"):
            assert hits(_hostname(driver, mode), "network-hostname-driver") == [
                (5, 18, f"hostname is not currently supported on driver {driver}")
            ], (driver, mode)
    assert hits(_hostname("docker"), "network-hostname-driver") == []
    assert hits(_hostname("exec", "host"), "network-hostname-driver") == []


def test_job_without_a_group_and_group_without_a_task():
    # nomad/structs/structs.go Job.Validate "Missing job task groups";
    # TaskGroup.Validate "Missing tasks for task group".
    assert hits('job "a" {\n  datacenters = ["dc1"]\n}\n', "job-no-tasks") == [(1, 1, "Missing job task groups")]
    assert hits('job "a" {\n  group "g" {\n    count = 2\n  }\n}\n', "job-no-tasks") == [
        (2, 3, "Missing tasks for task group")
    ]
    # jobspec2 wraps a job-level task in a group of its own.
    assert hits('job "a" {\n  task "t" { driver = "docker" }\n}\n', "job-no-tasks") == []


def test_a_gateway_group_gets_its_task_from_nomad():
    # nomad/job_endpoint_hook_connect.go groupConnectHook injects the gateway task before validation.
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name = "ingress"
              port = "8080"
              connect {
                gateway {
                  ingress {
                    listener {
                      port     = 8080
                      protocol = "tcp"
                      service { name = "web" }
                    }
                  }
                }
              }
            }
          }
        }
    """
    assert hits(text, "job-no-tasks") == []


def test_tasks_from_a_dynamic_block_count():
    # jobspec2 expands dynamic blocks (hcl dynblock) before Job.Validate sees the group.
    text = """\
        job "a" {
          group "g" {
            dynamic "task" {
              for_each = ["x"]
              labels   = [task.value]
              content { driver = "docker" }
            }
          }
        }
    """
    assert hits(text, "job-no-tasks") == []


def _group_service(settings: str) -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{
              port "http" {{}}
            }}
            service {{
              name = "web"
              port = "htp"
{settings}
            }}
            task "t" {{ driver = "docker" }}
          }}
        }}
    """


def test_group_service_port_words_follow_the_address_mode():
    # client/serviceregistration/address.go GetAddress: host (and auto without an address, as a
    # group has no driver network), alloc, and auto with a custom address each have their words.
    rule = "group-service-port-label"
    assert hits(_group_service(""), rule) == [(8, 14, 'invalid port "htp": port label not found')]
    assert hits(_group_service('              address_mode = "alloc"'), rule) == [
        (8, 14, 'invalid port "htp": port label not found or is not numeric')
    ]
    assert hits(_group_service('              address = "198.51.100.7"'), rule) == [
        (8, 14, 'invalid port: "htp": not a valid port mapping or numeric port')
    ]


def test_custom_address_takes_any_number():
    # GetAddress, auto mode with an address: strconv.Atoi alone, no "port must be >0".
    text = _group_service('              address = "198.51.100.7"').replace('"htp"', '"0"')
    assert hits(text, "group-service-port-label") == []
    assert hits(_group_service("").replace('"htp"', '"0"'), "group-service-port-label") == [
        (8, 14, 'invalid port: "0": port must be >0')
    ]


def test_nomad_provider_check_errors_have_no_check_prefix():
    # nomad/structs/services.go validateNomadService appends ServiceCheck.validateNomad's error
    # unwrapped; validateConsulService wraps it in "Check %s invalid: ".
    text = _group_service(
        '              provider = "nomad"\n'
        '              check {\n                type = "tcp"\n                address_mode = "auto"\n'
        '                interval = "10s"\n                timeout = "2s"\n              }'
    ).replace('"htp"', '"http"')
    assert [m for _, _, m in hits(text, "service-address-mode")] == [
        'invalid address_mode "auto" - auto only valid for services'
    ]
    consul = text.replace('              provider = "nomad"\n', "")
    assert [m for _, _, m in hits(consul, "service-address-mode")] == [
        'Check service: "web" check invalid: invalid address_mode "auto" - auto only valid for services'
    ]


def _service(settings: str, provider: str = "consul") -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{
              port "http" {{}}
            }}
            service {{
              name     = "web"
              port     = "http"
              provider = "{provider}"
{settings}
            }}
            task "t" {{ driver = "docker" }}
          }}
        }}
    """


RFC1123 = (
    "Service name must be valid per RFC 1123 and can contain only alphanumeric characters or dashes "
    "and must be no longer than 63 characters: "
)


def test_service_name_must_be_rfc1123():
    # nomad/structs/services.go Service.Validate / Service.ValidateName, after
    # helper/args ReplaceEnvWithPlaceHolder turns ${...} into a placeholder word.
    bad = _service("").replace('"web"', '"my_api"')
    assert hits(bad, "service-name") == [(7, 18, RFC1123 + '"my_api"')]
    assert hits(_service("").replace('"web"', '"api-${NOMAD_ALLOC_INDEX}"'), "service-name") == []
    assert hits(_service("").replace('"web"', '"' + "a" * 64 + '"'), "service-name") != []
    assert hits(_service("").replace('"web"', '"-web"'), "service-name") != []


def test_default_service_name_takes_the_job_and_group_names():
    # api/services.go Service.Canonicalize names an unnamed service <job>-<group>[-<task>].
    text = 'job "my_job" {\n  group "g" {\n    service {}\n    task "t" { driver = "docker" }\n  }\n}\n'
    assert [m for _, _, m in hits(text, "service-name")] == [RFC1123 + '"my_job-g"']


def _check(*lines: str) -> str:
    return "              check {\n" + "\n".join(" " * 16 + line for line in lines) + "\n              }"


def test_nomad_provider_checks_are_tcp_or_http_only():
    # nomad/structs/services.go ServiceCheck.validateNomad -> validateCommon, unwrapped by
    # Service.validateNomadService.
    text = _service(_check('type = "grpc"', 'interval = "10s"', 'timeout = "2s"'), "nomad")
    assert [m for _, _, m in hits(text, "service-check")] == ['invalid check type ("grpc"), must be one of tcp, http']
    consul = text.replace('provider = "nomad"', 'provider = "consul"')
    assert hits(consul, "service-check") == []


def test_checks_need_interval_timeout_and_an_http_path():
    # nomad/structs/services.go ServiceCheck.validateCommon: the first problem of each check.
    no_interval = _service(_check('type = "tcp"', 'timeout = "2s"'))
    assert [m for _, _, m in hits(no_interval, "service-check")] == [
        'Check service: "web" check invalid: missing required value interval. Interval cannot be less than 1s'
    ]
    short = _service(_check('type = "tcp"', 'interval = "10s"', 'timeout = "500ms"'))
    assert [m for _, _, m in hits(short, "service-check")] == [
        'Check service: "web" check invalid: timeout (500ms) is lower than required minimum timeout 1s'
    ]
    no_path = _service(_check('type = "http"', 'interval = "10s"', 'timeout = "2s"'), "nomad")
    assert [m for _, _, m in hits(no_path, "service-check")] == ["http type must have http path"]
    absolute = no_path.replace('type = "http"', 'type = "http"\n                path = "http://x/health"')
    assert [m for _, _, m in hits(absolute, "service-check")] == ["http type must have relative http path"]
    good = no_path.replace('type = "http"', 'type = "http"\n                path = "/health"')
    assert hits(good, "service-check") == []


def _tproxy(network: str, proxy: str, extra: str = "") -> str:
    return f"""\
        job "a" {{
          group "g" {{
            network {{
              mode = "bridge"
{network}
            }}
            service {{
              name = "web"
              port = "9090"
              connect {{
                sidecar_service {{
                  proxy {{
                    transparent_proxy {{
{proxy}
                    }}
                  }}
                }}
              }}
            }}
{extra}
            task "t" {{ driver = "docker" }}
          }}
        }}
    """


def test_transparent_proxy_with_network_dns_needs_no_dns():
    # nomad/job_endpoint_hook_connect.go groupConnectUpstreamsValidate.
    dns = '              dns { servers = ["1.1.1.1"] }'
    assert hits(_tproxy(dns, ""), "connect-transparent-proxy") == [
        (5, 7, "Consul Connect transparent proxy cannot be used with network.dns unless no_dns=true")
    ]
    assert hits(_tproxy(dns, "                      no_dns = true"), "connect-transparent-proxy") == []


def test_transparent_proxy_excludes_only_static_labels_or_numbers():
    # nomad/job_endpoint_hook_connect.go transparentProxyPortLabelValidate scans ReservedPorts only.
    ports = '              port "metrics" {}\n              port "admin" { static = 9000 }'
    bad = _tproxy(ports, '                      exclude_inbound_ports = ["metrics"]')
    assert [m for _, _, m in hits(bad, "connect-transparent-proxy")] == [
        'Consul Connect transparent proxy port "metrics" must be numeric or one of network.port labels'
    ]
    good = _tproxy(ports, '                      exclude_inbound_ports = ["admin", "9100"]')
    assert hits(good, "connect-transparent-proxy") == []


def test_transparent_proxy_wants_the_only_connect_block():
    # nomad/job_endpoint_hook_connect.go groupConnectUpstreamsValidate: connectBlockCount > 1.
    other = '            service {\n              name = "api"\n              port = "9091"\n' + (
        "              connect {\n                sidecar_service {}\n              }\n            }"
    )
    text = _tproxy("", "", other)
    assert [m for _, _, m in hits(text, "connect-transparent-proxy")] == [
        "Consul Connect transparent proxy requires there is only one connect block"
    ]


def test_mesh_gateway_needs_a_service_port():
    # nomad/job_endpoint_hook_connect.go groupConnectHook, wrapped by job_endpoint_hooks.go admissionMutators.
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name = "mesh"
              connect {
                gateway {
                  mesh {}
                }
              }
            }
          }
        }
    """
    assert hits(text, "connect-service-port") == [
        (4, 5, "error in job mutator connect: service.port must be set for mesh gateway service")
    ]


def test_nomad_version_from_the_configuration_reports_what_that_nomad_lacks(tmp_path):
    # Versions from Nomad's CHANGELOG.md: CNI and host_network 0.12.0, node pools 1.6.0,
    # cni args 1.8.2, ignore_collision 1.9.0.
    from tests.cli_helpers import jobspec

    (tmp_path / ".jobspec.toml").write_text('nomad-version = "1.8.1"\n')
    (tmp_path / "a.nomad").write_text(
        'job "a" {\n  node_pool = "gpu"\n  group "g" {\n    network {\n      mode = "cni/x"\n'
        '      cni { args = { a = "b" } }\n      port "p" {\n        static = 80\n'
        "        ignore_collision = true\n      }\n    }\n"
        '    task "t" { driver = "docker" }\n  }\n}\n'
    )
    run = jobspec("validate", "a.nomad", "-f", "concise", cwd=tmp_path)
    lines = [line for line in run.stdout.splitlines() if "[nomad-version]" in line]
    assert lines == [
        "a.nomad:6:20: error[nomad-version]: cni { args } needs Nomad 1.8.2 or later; nomad-version is 1.8.1",
        "a.nomad:9:28: error[nomad-version]: port ignore_collision needs Nomad 1.9.0 or later; nomad-version is 1.8.1",
    ]
    (tmp_path / ".jobspec.toml").write_text('nomad-version = "1.9.0"\n')
    assert "[nomad-version]" not in jobspec("validate", "a.nomad", "-f", "concise", cwd=tmp_path).stdout


def test_tcp_check_on_a_connect_sidecar_service_and_group_script_check_without_task():
    # nomad/structs/services.go Service.validateConsulService: tcp checks vs Connect;
    # nomad/structs/structs.go TaskGroup.validateScriptChecksInGroupServices.
    text = """\
        job "a" {
          group "g" {
            network { mode = "bridge" }
            service {
              name = "web"
              port = "9090"
              connect {
                sidecar_service {}
              }
              check {
                type     = "tcp"
                interval = "10s"
                timeout  = "2s"
              }
            }
            service {
              name = "cron"
              check {
                type     = "script"
                command  = "/bin/true"
                interval = "10s"
                timeout  = "2s"
              }
            }
            task "t" { driver = "docker" }
          }
        }
    """
    assert [m for _, _, m in hits(text, "service-check")] == [
        'Check service: "web" check invalid: tcp checks are not valid for Connect enabled services',
        'Service [g]->cron or Check service: "cron" check must specify task parameter',
    ]
    fixed = text.replace('type     = "script"', 'type     = "script"\n                task     = "t"')
    assert [m for _, _, m in hits(fixed, "service-check")] == [
        'Check service: "web" check invalid: tcp checks are not valid for Connect enabled services'
    ]


def test_connect_native_service_needs_a_port():
    # nomad/structs/services.go Service.validateConsulService.
    text = """\
        job "a" {
          group "g" {
            service {
              name = "api"
              task = "t"
              connect { native = true }
            }
            task "t" { driver = "docker" }
          }
        }
    """
    assert hits(text, "connect-service-port") == [(3, 5, "Service api is Connect Native and requires setting the port")]


def test_group_check_naming_a_task_the_group_lacks():
    # nomad/structs/structs.go TaskGroup.validateServices: "Check %s invalid: refers to non-existent task %s".
    text = _service(_check('type = "tcp"', 'task = "nope"', 'interval = "10s"', 'timeout = "2s"'))
    assert [m for _, _, m in hits(text, "service-check")] == [
        'Check service: "web" check invalid: refers to non-existent task nope'
    ]


def test_two_sidecars_of_a_group_bind_the_same_upstream_port():
    # nomad/job_endpoint_hook_connect.go groupConnectUpstreamsValidate: one listener map per group.
    def sidecar(name: str, port: int) -> str:
        return f"""
            service {{
              name = "{name}"
              port = "9090"
              connect {{
                sidecar_service {{
                  proxy {{
                    upstreams {{
                      destination_name = "db"
                      local_bind_port  = {port}
                    }}
                  }}
                }}
              }}
            }}"""

    head = 'job "a" {\n  group "g" {\n    network { mode = "bridge" }'
    tail = '\n    task "t" { driver = "docker" }\n  }\n}\n'
    text = head + sidecar("web", 5432) + sidecar("api", 5432) + tail
    assert [m for _, _, m in hits(text, "connect-upstream-address")] == [
        'Consul Connect services "api" and "web" in group "g" using same address for upstreams (:5432)'
    ]
    assert hits(head + sidecar("web", 5432) + sidecar("api", 5433) + tail, "connect-upstream-address") == []
