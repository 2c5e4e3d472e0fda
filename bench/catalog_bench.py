"""Benchmark: the catalog cross-check's cost grows with node shapes, not nodes × jobs.

Generates a catalog (a realistic mix of node shapes: datacenters, pools,
classes, bridge and CNI networks, host networks, reservations, drivers, CPU and
memory, kernel and Nomad versions, some nodes down or draining) and 1,000 jobs
(with drivers, resources and constraints), then times the catalog rules over
every job:

* the same 40 shapes at 1k, 10k and 100k nodes (cross-check time should stay flat;
  only indexing the catalog, once per catalog, grows with nodes);
* 10k nodes with 10, 40, 160 and 640 shapes (cross-check time grows with shapes);
* the naive way — judging every node for every group — on a sample of jobs,
  extrapolated to 1,000 jobs, for contrast.

Run from the repository root:  python bench/catalog_bench.py [--repeat 5]
Not a test: it prints medians of several runs and the ratios between them.
Times are CPU seconds of this process (``time.process_time``), so other work on
a shared machine disturbs them less than wall-clock time would.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jobspec.check import Context, check_job

from jobspec.diagnostics import Span
from jobspec.load.hcl import parse
from jobspec.model.catalog import Address, Catalog, CatalogNode, CniNetwork, NodeResources
from jobspec.normalize.job import normalize
from jobspec.placement import ask_for, index_for
from jobspec.placement.engine import judge

SOURCE = Span.point("bench.json")
PLUGINS = {p: "1.6.2" for p in ("bridge", "firewall", "host-local", "loopback", "portmap")}
DATACENTERS = ("dc1", "dc2", "eu-west-1", "us-east-1")
POOLS = ("default", "default", "default", "gpu", "edge")
CNI_NAMES = ("mynet", "macvlan-lan", "cilium")


def shape_templates(count: int, seed: int = 7) -> list[dict]:
    """``count`` distinct node shapes; each differs in a fact placement reads."""
    rng = random.Random(seed)
    templates = []
    for i in range(count):
        aliases = ["default", *rng.sample(["public", "private", "storage"], rng.randint(0, 2))]
        cni = rng.sample(CNI_NAMES, rng.randint(0, 2))
        templates.append(
            {
                "datacenter": DATACENTERS[i % len(DATACENTERS)],
                "node_pool": POOLS[i % len(POOLS)],
                "node_class": f"class-{i}",  # makes every template a shape of its own
                "aliases": aliases,
                "alias_reserved": {a: frozenset({22} if a == "public" else ()) for a in aliases},
                "modes": frozenset({"host", *(["bridge"] if rng.random() < 0.8 else []), *(f"cni/{c}" for c in cni)}),
                "cni": {c: rng.random() < 0.7 for c in cni},
                "reserved": frozenset(rng.sample([22, 80, 443, 8080, 9100], rng.randint(0, 2))),
                "status": "down" if rng.random() < 0.05 else "ready",
                "eligible": rng.random() > 0.05,
                "draining": rng.random() < 0.03,
            }
        )
    for i, t in enumerate(templates):
        # Derived from the index, not the generator: the shapes above stay as they were.
        t["attributes"] = {
            "kernel.name": "linux",
            "cpu.arch": ("amd64", "amd64", "arm64")[i % 3],
            "nomad.version": f"1.{7 + i % 3}.{i % 4}",
        }
        t["rack"] = f"r{i % 8}"
        t["drivers"] = {"docker": True, "exec": True, "podman": i % 5 == 0}
        t["resources"] = NodeResources(cpu=4000 * (1 + i % 4), memory=8000 * (1 + i % 3), disk=100_000, cores=4)
    return templates


def make_catalog(nodes: int, templates: list[dict]) -> Catalog:
    built = []
    for n in range(nodes):
        t = templates[n % len(templates)]
        ip = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        built.append(
            CatalogNode(
                name=f"node-{n}",
                source=SOURCE,
                id=f"{n:08x}-0000-0000-0000-000000000000",
                datacenter=t["datacenter"],
                node_pool=t["node_pool"],
                node_class=t["node_class"],
                status=t["status"],
                eligible=t["eligible"],
                draining=t["draining"],
                meta={"public_network": "public", "rack": t["rack"]},
                attributes=t["attributes"] | {"unique.hostname": f"node-{n}"},
                drivers=t["drivers"],
                resources=t["resources"],
                network_modes=t["modes"],
                host_networks={
                    a: (Address(a, ip if a == "default" else f"{ip}/{a}", t["alias_reserved"][a]),)
                    for a in t["aliases"]
                },
                cni_networks={
                    c: CniNetwork(c, f"cni/{c}.conflist", Span.point(f"cni/{c}.conflist"), (), pm)
                    for c, pm in t["cni"].items()
                },
                cni_plugins=dict(PLUGINS),
                reserved_ports=t["reserved"],
            )
        )
    return Catalog(nodes=tuple(built), sources=("generated",))


def job_text(i: int, rng: random.Random) -> str:
    dcs = rng.choice(['["dc1"]', '["dc1", "dc2"]', '["eu-*"]', '["*"]', '["us-east-1"]'])
    pool = rng.choice(["", 'node_pool = "gpu"', 'node_pool = "all"', ""])
    mode = rng.choice(["host", "bridge", "bridge", "cni/mynet", "cni/cilium", "host"])
    network = rng.choice(["public", "default", "${meta.public_network}", "private"])
    static = rng.choice([80, 443, 8080, 8443, 9000, 0, 0])
    count = rng.choice([1, 2, 3, 5, 10])
    port = f"static = {static}" if static else "to = 8080"
    return f"""
job "job-{i}" {{
  datacenters = {dcs}
  {pool}
  group "g" {{
    count = {count}
    network {{
      mode = "{mode}"
      port "http" {{
        {port}
        host_network = "{network}"
      }}
      port "metrics" {{}}
    }}
    {_feasibility(i)}
  }}
}}
"""


def _feasibility(i: int) -> str:
    """A task with a driver and resources, sometimes constraints: from a generator of
    its own, so the network part of each job stays as it was."""
    rng = random.Random(i)
    driver = rng.choice(["docker", "docker", "exec", "podman"])
    memory = rng.choice([256, 512, 2048, 8192, 30000])
    constraint = rng.choice(
        [
            "",
            'constraint {\n      attribute = "${attr.cpu.arch}"\n      value = "amd64"\n    }',
            'constraint {\n      attribute = "${attr.nomad.version}"\n      version = ">= 1.8"\n    }',
            "constraint {\n      distinct_hosts = true\n    }",
            'constraint {\n      attribute = "${meta.rack}"\n      set_contains = "r1"\n    }',
        ]
    )
    return f"""{constraint}
    task "t" {{
      driver = "{driver}"
      resources {{
        cpu    = {rng.choice([100, 500, 2000])}
        memory = {memory}
      }}
    }}"""


def make_jobs(count: int, seed: int = 11) -> list:
    rng = random.Random(seed)
    jobs = []
    for i in range(count):
        parsed = parse(job_text(i, rng), f"job-{i}.nomad")
        assert parsed.document is not None
        job, _ = normalize(parsed.document)
        jobs.append((job[0], parsed.document))
    return jobs


def cross_check(catalog: Catalog, jobs: list) -> tuple[float, float, int]:
    """(seconds to index the catalog, seconds for the catalog rules over all jobs, diagnostics)."""
    start = time.process_time()
    index_for(catalog)
    indexed = time.process_time()
    found = 0
    for job, document in jobs:
        found += len(check_job(job, Context(document, catalog), ("catalog",)).diagnostics)
    return indexed - start, time.process_time() - indexed, found


def median_run(nodes: int, shapes: int, jobs: list, repeat: int) -> dict:
    catalog = make_catalog(nodes, shape_templates(shapes))
    index_times, check_times = [], []
    for _ in range(repeat):
        fresh = Catalog(nodes=catalog.nodes, sources=catalog.sources)  # a new object: no cached index
        index_s, check_s, found = cross_check(fresh, jobs)
        index_times.append(index_s)
        check_times.append(check_s)
    return {
        "nodes": nodes,
        "shapes": len(index_for(catalog).shapes),
        "index": statistics.median(index_times),
        "check": statistics.median(check_times),
        "diagnostics": found,
    }


def naive_per_job(nodes: int, shapes: int, jobs: list, sample: int) -> float:
    """Seconds per job when every node is judged for every group (no shapes, no cache)."""
    catalog = make_catalog(nodes, shape_templates(shapes))
    start = time.process_time()
    for job, _ in jobs[:sample]:
        for group in job.groups:
            ask = ask_for(job, group)
            for node in catalog.nodes:
                judge(ask, node)
    return (time.process_time() - start) / sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per configuration (median reported)")
    parser.add_argument("--jobs", type=int, default=1000)
    args = parser.parse_args()

    jobs = make_jobs(args.jobs)
    asks = {ask_for(job, group) for job, _ in jobs for group in job.groups}
    print(f"{len(jobs)} jobs ({len(asks)} distinct group asks); median of {args.repeat} runs\n")
    header = f"{'nodes':>8} {'shapes':>6} {'index s':>9} {'check s':>9} {'ms/job':>8} {'diagnostics':>11}"

    print("Same shapes, more nodes:")
    print(header)
    same = [median_run(n, 40, jobs, args.repeat) for n in (1_000, 10_000, 100_000)]
    for r in same:
        _row(r, len(jobs))
    base = same[0]
    for r in same[1:]:
        print(
            f"  {r['nodes'] // base['nodes']}x nodes -> check x{r['check'] / base['check']:.2f}, "
            f"index x{r['index'] / base['index']:.1f}"
        )

    print("\nSame nodes (10,000), more shapes:")
    print(header)
    more = [median_run(10_000, s, jobs, args.repeat) for s in (10, 40, 160, 640)]
    for r in more:
        _row(r, len(jobs))
    base = more[0]
    for r in more[1:]:
        print(f"  {r['shapes'] / base['shapes']:.0f}x shapes -> check x{r['check'] / base['check']:.2f}")

    sample = 5
    naive = naive_per_job(10_000, 40, jobs, sample)
    shaped = next(r for r in same if r["nodes"] == 10_000)
    total = shaped["index"] + shaped["check"]
    print(
        f"\nNaive (judge every node for every group), 10,000 nodes: {naive * 1000:.1f} ms/job "
        f"(sample of {sample}) -> {naive * len(jobs):.1f} s for {len(jobs)} jobs, "
        f"vs {total:.2f} s with shapes (x{naive * len(jobs) / total:.0f})"
    )


def _row(r: dict, jobs: int) -> None:
    print(
        f"{r['nodes']:>8} {r['shapes']:>6} {r['index']:>9.3f} {r['check']:>9.3f} "
        f"{r['check'] / jobs * 1000:>8.3f} {r['diagnostics']:>11}"
    )


if __name__ == "__main__":
    main()
