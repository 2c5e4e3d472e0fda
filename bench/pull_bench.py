"""Benchmark: `jobspec catalog pull` of 1,000 nodes across 10 pages on loopback.

Serves a fake Nomad API (tests/nomad_server.py: node JSON shaped as Nomad's,
pagination by ``next_token``, gzip as Nomad's HTTP server does) on 127.0.0.1
from this process, in threads, and runs the real command as a user does,
``jobspec catalog pull --address http://127.0.0.1:PORT --per-page 100 -o FILE``,
in a subprocess. Wall-clock seconds from start to exit, start-up included: the
target is under 5 s. The server shares the machine's CPUs with the command, as
a local agent would.

Run from the repository root, with the test extra installed
(``pip install -e '.[test]'``: pytest-httpserver serves the API):

    python bench/pull_bench.py [--nodes 1000] [--per-page 100] [--runs 5]

Not a test: it prints the median, the fastest and the slowest run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nomad_server import FakeNomad, node_detail, start_server, stop_server  # noqa: E402


def fleet(count: int) -> list[dict]:
    """A mix like a real cluster's: 4 datacenters, 3 pools, classes with and without CNI."""
    nodes = []
    for i in range(count):
        nodes.append(
            node_detail(
                i,
                datacenter=("dc1", "dc2", "eu-west-1", "us-east-1")[i % 4],
                pool=("default", "default", "batch", "gpu")[i % 4],
                node_class=("web", "batch", "edge")[i % 3],
                cni=(("mynet",), (), ("mynet", "lan"))[i % 3],
                public=i % 2 == 0,
                status="down" if i % 50 == 0 else "ready",
                meta={"rack": f"r{i % 20}"},
            )
        )
    return nodes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    command = shutil.which("jobspec") or sys.exit("jobspec is not installed (pip install -e '.[test]')")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOMAD_")}
    server = start_server()
    try:
        fake = FakeNomad(server, fleet(args.nodes)).install()
        seconds: list[float] = []
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "cat.json"
            for _ in range(args.runs):
                fake.requests.clear()
                started = time.perf_counter()
                done = subprocess.run(
                    [
                        command,
                        "catalog",
                        "pull",
                        "--address",
                        fake.address,
                        "--per-page",
                        str(args.per_page),
                        "-o",
                        out,
                    ],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                seconds.append(time.perf_counter() - started)
                if done.returncode != 0:
                    sys.exit(f"the pull failed: {done.stderr.strip()}")
                pulled = len(json.loads(out.read_text())["nodes"])
                pages = sum(1 for path, _, _ in fake.requests if path == "/v1/nodes")
                if pulled != args.nodes:
                    sys.exit(f"pulled {pulled} nodes, expected {args.nodes}")
            summary = done.stdout.strip()
    finally:
        stop_server(server)
    print(f"{args.nodes} nodes, {pages} pages of {args.per_page}, {len(fake.requests)} requests per pull")
    print(f"last summary: {summary}")
    print(
        f"wall seconds over {args.runs} runs: median {statistics.median(seconds):.2f}, "
        f"fastest {min(seconds):.2f}, slowest {max(seconds):.2f} (target < 5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
