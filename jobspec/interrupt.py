"""How a run ends on Ctrl-C or SIGTERM.

Like other Unix tools, an interrupted run ends at once, quietly, with 128 plus
the signal's number (130 for SIGINT, 143 for SIGTERM), and takes its worker
processes with it: forked workers hold the output pipe open, so a worker left
behind keeps a CI step or a ``| less`` waiting. The handlers are installed
before anything heavy is imported, so even a Ctrl-C during start-up prints no
traceback. Nothing a run writes needs tidying: the result cache writes each
entry to a temporary file and renames it, and stale temporary files are swept
by its daily tidy (jobspec.cache).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType

# The signals that end a run; SIGHUP too where there is one (the terminal went away).
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


_owner: int | None = None
"""The process that installed the handlers; a forked worker inherits them."""


def stop(signum: int, frame: FrameType | None) -> None:
    """End the run now: kill the workers, reap them, exit 128 + ``signum``."""
    if os.getpid() != _owner:
        os._exit(128 + signum)  # a worker not yet past in_worker()
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        children = multiprocessing.active_children()
        for child in children:
            child.kill()
        for child in children:
            # Reaped here, so no zombie outlives the run even where PID 1 does not reap.
            child.join(1.0)
    if sys.stderr is not None and sys.stderr.isatty():
        # A progress bar hides the cursor until it stops; show it again.
        os.write(sys.stderr.fileno(), b"\x1b[?25h\n")
    # Not sys.exit: unwinding would run the executor's shutdown, which waits for
    # the workers' queues, and print whatever was interrupted.
    os._exit(128 + signum)


def install() -> None:
    global _owner
    _owner = os.getpid()
    for signum in _SIGNALS:
        # A signal ignored when jobspec started (nohup, a shell's background job) stays ignored.
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, stop)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold the stopping signals while worker processes are started: a signal
    that came between a fork and the parent noting its new child would leave
    that child unknown to :func:`stop`. Held signals arrive right after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def in_worker() -> None:
    """A worker leaves Ctrl-C to the parent (the terminal sends it to the whole
    process group), dies at once on SIGTERM, and on Linux also when the parent
    dies, however it dies. It starts with the signals :func:`held`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    if sys.platform.startswith("linux"):
        parent = os.getppid()
        try:
            pr_set_pdeathsig = 1  # linux/prctl.h
            # ctypes costs ~2 ms to import: only a worker process pays it.
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(128 + signal.SIGKILL)
