"""Benchmark jobspec against bare python-hcl2 parsing (not a test: prints a table).

    python bench/bench.py [--runs 3] [--count 5000] [--corpus ../shared/corpus/nomad/jobs]

Every number is the median wall time of whole processes (start-up included),
run from a scratch folder (no configuration file) and taking turns, so that the
ratios in one table come from the same moments of the machine's load:

* bare python-hcl2: one process that imports hcl2 and calls ``hcl2.parses()`` on
  every file jobspec would check;
* jobspec cold: ``validate --no-cache`` with ``--jobs 1`` and with the default
  (one worker per CPU);
* jobspec warm: ``validate`` with a result cache filled by a previous run;
* one small file from a cold start against ``python -c "import hcl2"``.

Targets: cold --jobs 1 within 1.3x of bare parsing; warm at least 10x faster
than cold; one file under 2.5x the time of ``import hcl2``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = """
import sys, hcl2
ok = 0
for path in open(sys.argv[1]).read().splitlines():
    with open(path, encoding="utf-8") as handle:
        try:
            hcl2.parses(handle.read())
            ok += 1
        except Exception:
            pass
print(ok)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--count", type=int, default=5000, help="jobs in the generated corpus")
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "nomad" / "jobs"))
    parser.add_argument("--startup-only", action="store_true", help="only the one-small-file measurement")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="jobspec-bench-") as scratch:
        work = Path(scratch)
        corpora = []
        if Path(args.corpus).is_dir():
            corpora.append(("nomad corpus", Path(args.corpus)))
        generated = work / "generated"
        generate(generated, args.count)
        corpora.append((f"generated ({args.count} jobs)", generated))
        if not args.startup_only:
            rows = [("corpus", "files", "bare hcl2", "cold -j1", "ratio", "cold -jN", "warm", "cold/warm")]
            for label, folder in corpora:
                rows.append(measure(label, folder, work, args.runs))
            print_table(rows)
            print()
        small = generated / "000" / "job00000.nomad"
        one = jobspec("validate", "--no-cache", "-f", "json", str(small))
        subprocess.run(one, env=env(work / "cache-one"), cwd=work, stdout=subprocess.DEVNULL, check=False)  # grammar
        t_import, t_first, t_one = medians(
            [
                ([sys.executable, "-c", "import hcl2"], None),
                ([sys.executable, "-c", "import hcl2; hcl2.parses('a = 1')"], None),
                (one, env(work / "cache-one")),
            ],
            args.runs * 5,
            cwd=work,
        )
        print_table(
            [
                ("one small file (cold start)", "seconds", "jobspec / this"),
                ('python -c "import hcl2"', f"{t_import:.3f}", f"{t_one / t_import:.2f}x (target < 2.5)"),
                ("python -c \"import hcl2; hcl2.parses('a = 1')\"", f"{t_first:.3f}", f"{t_one / t_first:.2f}x"),
                ("jobspec validate --no-cache FILE", f"{t_one:.3f}", ""),
            ]
        )
        print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")


def measure(label: str, folder: Path, work: Path, runs: int) -> tuple[str, ...]:
    sys.path.insert(0, str(ROOT))
    from jobspec.runner import discover

    files = [path for path, _ in discover([str(folder)])]
    listing = work / f"files-{abs(hash(label))}.txt"
    listing.write_text("\n".join(files))
    cache = work / f"cache-{abs(hash(label))}"
    cold1_cmd = jobspec("validate", "--no-cache", "--jobs", "1", "-f", "json", str(folder))
    coldn_cmd = jobspec("validate", "--no-cache", "-f", "json", str(folder))
    warm_cmd = jobspec("validate", "-f", "json", str(folder))
    # The first run fills the cache: python-hcl2's grammar for every run, results for the warm ones.
    subprocess.run(warm_cmd, env=env(cache), cwd=work, stdout=subprocess.DEVNULL, check=False)
    bare, cold1, coldn, warm = medians(
        [
            ([sys.executable, "-c", BARE, str(listing)], None),
            (cold1_cmd, env(cache)),
            (coldn_cmd, env(cache)),
            (warm_cmd, env(cache)),
        ],
        runs,
        cwd=work,
    )
    return (
        label,
        str(len(files)),
        f"{bare:.2f} s",
        f"{cold1:.2f} s",
        f"{cold1 / bare:.2f}x",
        f"{coldn:.2f} s",
        f"{warm:.2f} s",
        f"{cold1 / warm:.1f}x",
    )


def jobspec(*args: str) -> list[str]:
    return [sys.executable, "-m", "jobspec", *args]


def env(cache: Path) -> dict[str, str]:
    # An installed jobspec has compiled bytecode; from a checkout with
    # PYTHONDONTWRITEBYTECODE set, every run would compile ~60 modules again.
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {
        **base,
        "JOBSPEC_CACHE_DIR": str(cache),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def medians(commands: list[tuple[list[str], dict[str, str] | None]], runs: int, cwd: Path) -> list[float]:
    """Median wall time of each command. The commands take turns, so a change in
    the machine's load during the run touches them all alike and the ratios hold."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for (command, environment), spent in zip(commands, times, strict=True):
            start = time.perf_counter()
            done = subprocess.run(command, env=environment, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            spent.append(time.perf_counter() - start)
            # jobspec exits 1 when it finds something; anything else means it did not do the work.
            if done.returncode not in (0, 1):
                sys.exit(
                    f"{' '.join(command[:4])}... exited {done.returncode}:\n{done.stderr.decode(errors='replace')}"
                )
    return [statistics.median(spent) for spent in times]


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def generate(folder: Path, count: int) -> None:
    """Job files shaped like real ones (groups with networks, ports, services,
    tasks with templates); one in 50 has a duplicate port label."""
    rng = random.Random(0)
    for i in range(count):
        groups = []
        for g in range(rng.randint(1, 3)):
            ports = [f'      port "p{p}" {{ to = {8000 + p} }}' for p in range(rng.randint(1, 3))]
            if i % 50 == 0 and g == 0:
                ports.append('      port "p0" { static = 9999 }')
            groups.append(
                GROUP.format(
                    name=f"g{g}",
                    count=rng.randint(1, 5),
                    mode=rng.choice(["bridge", "host"]),
                    ports="\n".join(ports),
                    image=rng.choice(["nginx:1.27", "redis:7", "traefik:3.1"]),
                    cpu=rng.choice([100, 250, 500]),
                )
            )
        target = folder / f"{i // 1000:03}" / f"job{i:05}.nomad"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(JOB.format(name=f"job{i}", groups="".join(groups)))


JOB = """# generated for the jobspec benchmark
job "{name}" {{
  datacenters = ["dc1"]
  type        = "service"
{groups}}}
"""

GROUP = """
  group "{name}" {{
    count = {count}

    network {{
      mode = "{mode}"
{ports}
    }}

    service {{
      name = "{name}"
      port = "p0"
      check {{
        type     = "http"
        path     = "/health"
        interval = "10s"
        timeout  = "2s"
      }}
    }}

    task "app" {{
      driver = "docker"
      config {{
        image = "{image}"
        ports = ["p0"]
      }}
      env {{
        LOG_LEVEL = "info"
      }}
      template {{
        data        = <<EOH
listen = "{{{{ env "NOMAD_PORT_p0" }}}}"
EOH
        destination = "local/app.conf"
      }}
      resources {{
        cpu    = {cpu}
        memory = 128
      }}
    }}
  }}
"""


if __name__ == "__main__":
    main()
