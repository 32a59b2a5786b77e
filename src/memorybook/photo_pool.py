"""The process pool that renders photos: workers that ignore Ctrl-C, die with their build
and stop mid-photo when it stops; a job left by a crashed worker runs again alone."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

from memorybook import imaging
from memorybook.photo_jobs import Done, Job, execute

CRASHED = "stopped the program reading it (a damaged file, or not enough memory for it)"


def start_pool(workers: int) -> ProcessPoolExecutor:
    context = pool_context()
    # A forked worker's parent is this process; a fork server's (which ends with us) is not.
    parent = os.getpid() if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_worker, initargs=(parent,)
    )


@contextlib.contextmanager
def stopped(pool: ProcessPoolExecutor) -> Iterator[None]:
    """On Ctrl-C (or any other exit but a normal one) stop at once: cancel the photos not
    started and end the workers mid-photo instead of letting them finish the queue. What they
    were writing is safe to lose: a folder's manifest is written last."""
    try:
        yield
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())  # gone after shutdown
        pool.shutdown(wait=False, cancel_futures=True)
        terminate(workers)
        raise


def terminate(workers: list[BaseProcess]) -> None:
    for process in workers:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


def start_worker(parent: int | None) -> None:
    """A worker leaves Ctrl-C to its build (which then ends it), dies with its build even when
    that is killed outright, and keeps freed image memory for the next photo."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    imaging.tune_allocator()


def die_with_parent(parent: int | None) -> None:
    """Ask Linux to end this process when its parent dies (a kill -9 of the build): a worker
    never outlives its build. Elsewhere the pool's own shutdown has to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # it died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def isolated(job: Job) -> Done:
    """A job left over when a worker died (killed for memory, or a decoder crashed on a damaged
    file), run alone in its own worker so that only the photo at fault fails."""
    try:
        with start_pool(1) as pool, stopped(pool):
            return pool.submit(execute, job).result()
    except BrokenProcessPool:
        return Done(error=CRASHED, rendered=True)


def pool_context() -> BaseContext:
    """Fork when it is safe (Linux, no other thread): workers start at once with everything
    imported; beside threads (mkdocs serve) a fork server avoids inheriting a held lock (like
    spawn, it imports the main script, which must then be guarded by `__name__`)."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["memorybook.photos"])
    return context
