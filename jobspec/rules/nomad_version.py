"""The job uses a feature the configured ``nomad-version`` does not have.

With ``nomad-version = "1.5.0"`` in the configuration, jobspec reports each
setting that Nomad only understands from a later version on: an older server
refuses the argument or value, or ignores it. The versions come from Nomad's
CHANGELOG: group ``network`` blocks 0.10.0; ``cni/<name>`` modes and port
``host_network`` 0.12.0; network ``hostname`` 1.1.5; mesh gateways 1.1.1;
``provider = "nomad"`` 1.3.0 and checks on such services 1.4.0; ``node_pool``
1.6.0; ``cni { args }`` 1.8.2; ``ignore_collision`` 1.9.0. Transparent proxy
needs 1.8.0 (the constraint Nomad itself adds to such groups). Without
``nomad-version`` the rule checks nothing.

FAIL:

    # .jobspec.toml
    nomad-version = "1.5.0"
    # job.nomad
    job "api" {
      node_pool = "gpu"
      group "web" {
        task "app" { driver = "docker" }
      }
    }

PASS:

    # .jobspec.toml
    nomad-version = "1.6.0"
    # job.nomad
    job "api" {
      node_pool = "gpu"
      group "web" {
        task "app" { driver = "docker" }
      }
    }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Span
from jobspec.model.context import Context
from jobspec.model.job import Group, Job

ID = "nomad-version"
SEVERITY = Severity.ERROR
SCOPE = "job"

Version = tuple[int, int, int]


def check(job: Job, ctx: Context) -> Iterator[Finding]:
    target = ctx.nomad_version
    if target is None:
        return
    found: list[tuple[str, Version, Span, str | None]] = []
    # CHANGELOG.md 1.6.0 "Node Pools" (GH-11041).
    if job.has("node_pool"):
        found.append(("node_pool", (1, 6, 0), job.at("node_pool"), None))
    for group in job.groups:
        found += [(*item, group.name) for item in _group(group)]
    for feature, needed, span, group_name in found:
        if target < needed:
            yield Finding(
                f"{feature} needs Nomad {_text(needed)} or later; nomad-version is {_text(target)}",
                span,
                f"Nomad {_text(target)} refuses or ignores it; upgrade the cluster first, or raise nomad-version "
                "once it runs a version that has it",
                job=job.id,
                group=group_name,
            )


def _group(group: Group) -> Iterator[tuple[str, Version, Span]]:
    for index, network in enumerate(group.networks):
        if index == 0:
            # CHANGELOG.md 0.10.0 "Network Namespaces": task groups may define a network.
            yield "a group network block", (0, 10, 0), network.span
        if network.kind == "cni":
            # CHANGELOG.md 0.12.0 "Container Network Interface (CNI)" (GH-7518).
            yield 'network mode "cni/<name>"', (0, 12, 0), network.at("mode")
        if network.has("hostname"):
            # CHANGELOG.md 1.1.5: Docker hostnames in bridged networking mode (GH-11173).
            yield "network hostname", (1, 1, 5), network.at("hostname")
        if network.cni_args_span is not None:
            # CHANGELOG.md 1.8.2: CNI args in the job specification (GH-23538).
            yield "cni { args }", (1, 8, 2), network.cni_args_span
        for port in network.ports:
            if port.has("host_network"):
                # CHANGELOG.md 0.12.0 "Multi-interface Networking" (GH-8208).
                yield "port host_network", (0, 12, 0), port.at("host_network")
            if port.has("ignore_collision"):
                # CHANGELOG.md 1.9.0: ignore static port collisions (GH-23956).
                yield "port ignore_collision", (1, 9, 0), port.at("ignore_collision")
    for service in group.all_services():
        if service.provider == "nomad":
            # CHANGELOG.md 1.3.0 "Native service discovery" (GH-12368).
            yield 'provider = "nomad"', (1, 3, 0), service.at("provider")
            for chk in service.checks:
                # CHANGELOG.md 1.4.0: checks on Nomad services (GH-13715).
                yield "a check on a Nomad-provider service", (1, 4, 0), chk.span
        if service.mesh_gateway:
            # CHANGELOG.md 1.1.1 "Connect Mesh Gateways" (GH-10658).
            yield "a Connect mesh gateway", (1, 1, 1), service.span
        if service.transparent_proxy is not None:
            # Not in the CHANGELOG; nomad/job_endpoint_hooks.go constrains such groups to
            # ${attr.nomad.version} >= 1.8.0-dev.
            yield "Connect transparent_proxy", (1, 8, 0), service.transparent_proxy.span


def _text(version: Version) -> str:
    return ".".join(str(part) for part in version)
