"""Signals that end a command: cleaned up after like Ctrl-C, and held off while cleaning up.

By default SIGTERM (`kill`, a service manager) and SIGHUP (a closed terminal) end Python at
once, with no `finally` run; a locked build must remove its plain pages however it ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that end a process unless handled (SIGINT is Python's KeyboardInterrupt)."""


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def ending_as_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise KeyboardInterrupt, as Ctrl-C does, so
    every `finally` on the way out runs."""
    if not _main_thread():  # only the main thread may set handlers
        yield
        return

    def interrupt(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"ended by {signal.Signals(signum).name}")

    saved = {sig: signal.signal(sig, interrupt) for sig in ENDING}
    try:
        yield
    finally:
        _restore(saved)


@contextmanager
def held_off() -> Iterator[None]:
    """While the block runs (a clean-up), Ctrl-C, SIGTERM and SIGHUP wait; the first one that
    came is raised again after it."""
    if not _main_thread():
        yield
        return
    caught: list[int] = []
    saved = {
        sig: signal.signal(sig, lambda signum, _frame: caught.append(signum))
        for sig in (signal.SIGINT, *ENDING)
    }
    try:
        yield
    finally:
        _restore(saved)
        if caught:
            signal.raise_signal(caught[0])


def _restore(saved: Mapping[int, Any]) -> None:
    for sig, handler in saved.items():
        signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
