"""The catalog rules over the 251 real Nomad jobs: no traceback, and a generous
catalog (every mode and host network the jobs use) finds nothing wrong."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jobspec.diagnostics import Severity
from jobspec.engine.run import check_job
from jobspec.load.hcl import parse
from jobspec.model.catalog import Address
from jobspec.model.context import Context
from jobspec.normalize.job import normalize
from jobspec.runner import discover
from tests.catalog_fixtures import catalog, cni, node
from tests.conftest import CORPUS, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def jobs():
    found = []
    for path, _ in discover([str(CORPUS / "jobs")]):
        parsed = parse(Path(path).read_text(encoding="utf-8"), path)
        if parsed.document is not None:
            found += [(job, parsed.document) for job in normalize(parsed.document)[0]]
    return found


def catalog_diagnostics(jobs, cat):
    return [d for job, doc in jobs for d in check_job(job, Context(doc, cat), ("catalog",)).diagnostics]


def test_a_small_cluster_never_raises(jobs):
    cat = catalog(node("a"), node("b", datacenter="dc2", status="down"), node("c", node_pool="gpu"))
    rules = Counter(d.rule for d in catalog_diagnostics(jobs, cat))
    assert len(jobs) >= 250
    assert rules["catalog-placement"] > 0 and rules["catalog-network-mode"] > 0


def test_no_catalog_error_when_the_cluster_offers_everything(jobs):
    aliases = ("default", "public", "private", "internal")
    everything = {a: tuple(Address(a, f"10.{i}.0.{k}") for k in range(1, 11)) for i, a in enumerate(aliases)}
    names = ("mynet", "cni_args")
    modes = frozenset({"host", "bridge", *(f"cni/{n}" for n in names)})
    networks = {n: cni(n) for n in names}
    # Attributes, meta, drivers and resources unstated: constraints on them are skipped, not failed.
    unstated = {"attributes_known": False, "meta_known": False}
    cat = catalog(
        node("a", host_networks=everything, network_modes=modes, cni_networks=networks, count=20, **unstated),
        node(
            "b",
            node_pool="all",
            host_networks=everything,
            network_modes=modes,
            cni_networks=networks,
            count=20,
            **unstated,
        ),
    )
    errors = [
        f"{d.span.file}:{d.span.line}: {d.message} [{d.rule}]"
        for d in catalog_diagnostics(jobs, cat)
        # The jobs name many datacenters, and only "dc1" is in this catalog.
        if d.severity is Severity.ERROR and d.rule != "catalog-datacenter"
    ]
    assert errors == []
