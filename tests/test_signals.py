"""Ctrl-C and SIGTERM end a parallel run at once (issue 11, point 9): no
traceback, no worker left behind, exit 130 or 143.

Each try starts `jobspec validate` over the corpus with two workers, waits until
jobspec handles signals (its SIGTERM handler shows in /proc/PID/status; before
that the interpreter itself is starting and answers Ctrl-C with its own
traceback, which no program can change) and, every other try, until its two
workers run, then a random time more, and sends
SIGINT to the process group (as a terminal's Ctrl-C does) or to jobspec alone,
or SIGTERM likewise. Ten tries run at a time to keep the wall time short.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import CORPUS, needs_shared

pytestmark = [
    needs_shared,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc to see the handlers"),
]

ROOT = Path(__file__).resolve().parent.parent
TRIES, AT_ONCE = 50, 10


def _handles_sigterm(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))


def _children(pid: int) -> int:
    try:
        return len(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return 0


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _try(seed: int, cache: Path) -> tuple[list[str], int]:
    """What went wrong, and how many workers were running when the signal went."""
    rng = random.Random(seed)
    signum = rng.choice([signal.SIGINT, signal.SIGTERM])
    to_group = rng.random() < 0.5
    process = subprocess.Popen(
        [sys.executable, "-m", "jobspec", "validate", "--no-cache", "--jobs", "2", str(CORPUS / "jobs")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "JOBSPEC_CACHE_DIR": str(cache)},
    )
    problems = []
    try:
        deadline = time.monotonic() + 20
        while not _handles_sigterm(process.pid) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        if seed % 2:
            # Half the tries wait for the workers, so the parallel part is hit surely.
            while _children(process.pid) < 2 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.3))
        else:
            time.sleep(rng.uniform(0, 0.6))
        workers = _children(process.pid)
        sent = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            (os.killpg if to_group else os.kill)(process.pid, signum)
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            problems.append("still running 10 s after the signal")
            os.killpg(process.pid, signal.SIGKILL)
            _, err = process.communicate()
        took = time.monotonic() - sent
        label = f"try {seed}: {signal.Signals(signum).name} to {'group' if to_group else 'jobspec'}"
        stderr = err.decode(errors="replace")
        if process.returncode not in (128 + signum, 0, 1):
            problems.append(f"{label}: exit {process.returncode}, stderr {stderr[-300:]!r}")
        if process.returncode in (0, 1) and took > 0.05:
            problems.append(f"{label}: the run went on to exit {process.returncode}")
        if "Traceback" in stderr or "Error" in stderr or "Interrupt" in stderr:
            problems.append(f"{label}: stderr {stderr[-300:]!r}")
        if took > 1.0:
            problems.append(f"{label}: ended {took:.2f} s after the signal")
        end = time.monotonic() + 1.0
        while _group_alive(process.pid) and time.monotonic() < end:
            time.sleep(0.01)
        if _group_alive(process.pid):
            ps = ["ps", "-o", "pid,ppid,stat,cmd", "-g", str(process.pid)]
            left = subprocess.run(ps, capture_output=True, text=True, check=False).stdout
            problems.append(f"{label}: processes left behind:\n{left}")
            os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return problems, workers


def test_random_interrupts_end_the_run_cleanly(tmp_path):
    with ThreadPoolExecutor(AT_ONCE) as pool:
        outcomes = list(pool.map(_try, range(TRIES), [tmp_path] * TRIES))
    assert [p for problems, _ in outcomes for p in problems] == []
    # The random times cover the parallel part of the run, not only start-up.
    assert sum(1 for _, workers in outcomes if workers >= 2) >= TRIES // 2, [w for _, w in outcomes]
