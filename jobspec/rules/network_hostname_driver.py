"""A ``hostname`` in a group whose task driver cannot set one.

In ``bridge``, ``none`` and ``cni/<name>`` mode the group gets its own network
namespace. Only a driver that creates that namespace itself (docker) can give
it a hostname; when any task of the group runs under a driver that leaves the
namespace to Nomad (``exec``, ``raw_exec``, ``java``, ``qemu``, ``podman``),
Nomad accepts the job but the client fails every allocation ("hostname is not
currently supported on driver exec"). Drivers jobspec does not know are not
judged.

FAIL:

    network {
      mode     = "bridge"
      hostname = "web"
    }
    task "web" { driver = "exec" }

PASS:

    network {
      mode     = "bridge"
      hostname = "web"
    }
    task "web" { driver = "docker" }
"""

from __future__ import annotations

from collections.abc import Iterator

from jobspec.diagnostics import Finding, Severity, Skipped
from jobspec.evaluate import Unknown
from jobspec.model.context import Context
from jobspec.model.job import Job

ID = "network-hostname-driver"
SEVERITY = Severity.ERROR
SCOPE = "job"

# Drivers whose Capabilities() leave MustInitiateNetwork false: drivers/exec, drivers/rawexec,
# drivers/java, drivers/qemu (driverCapabilities) and nomad-driver-podman driver.go (capabilities).
# Docker sets it (drivers/docker/config.go); other drivers are not known here.
NO_NETWORK_INIT = ("exec", "raw_exec", "java", "qemu", "podman")


def check(job: Job, ctx: Context) -> Iterator[Finding | Skipped]:
    for group in job.groups:
        network = group.network
        if network is None or network.hostname is None or network.hostname == "":
            continue
        if isinstance(network.hostname, Unknown) or network.kind is None:
            # Host mode is network-hostname-host-mode's; an unknown mode cannot be judged.
            if isinstance(network.mode, Unknown) or isinstance(network.hostname, Unknown):
                yield Skipped(f"group {group.name!r}: network hostname or mode is not known offline")
            continue
        if network.kind == "host":
            continue
        # client/allocrunner/network_manager_linux.go newNetworkManager: tasks are walked in order,
        # host-mode task networks are skipped, each driver is judged once, and the first driver
        # that does not initiate the network fails the allocation.
        for task in group.tasks:
            task_mode = task.networks[0].mode if task.networks and task.networks[0].mode else network.mode
            if task_mode == "host":
                continue
            if isinstance(task.driver, str) and task.driver in NO_NETWORK_INIT:
                yield Finding(
                    f"hostname is not currently supported on driver {task.driver}",
                    network.at("hostname"),
                    f"task {task.name!r} runs under {task.driver}, which cannot name the group's network "
                    "namespace; remove hostname, or run the tasks under docker",
                    job=job.id,
                    group=group.name,
                )
                break
