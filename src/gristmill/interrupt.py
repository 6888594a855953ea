"""Ctrl-C that cannot be lost.

Python raises KeyboardInterrupt wherever the main thread happens to be. When that is a
garbage-collection callback or a finaliser, the exception is printed, swallowed, and the
run goes on to the end. So the CLI's handler also records the request, and the driver
checks it at its next step (each finished shard, the end of the command). While the
driver only waits on its workers (`deferred`), Ctrl-C is just recorded, and `check`
raises it there, at a safe point.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_requested = threading.Event()


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _requested.set()
    raise KeyboardInterrupt


def _record(signum: int, frame: FrameType | None) -> None:
    _requested.set()


def install() -> None:
    """Handle Ctrl-C in this (main) thread from now on."""
    _requested.clear()
    signal.signal(signal.SIGINT, _on_sigint)


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even when the first one was swallowed."""
    if _requested.is_set():
        raise KeyboardInterrupt


@contextmanager
def deferred() -> Iterator[None]:
    """Within: Ctrl-C is only recorded, for `check` to raise (when the CLI handles it)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not _on_sigint:
        yield  # a library caller keeps its own Ctrl-C handling
        return
    signal.signal(signal.SIGINT, _record)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, _on_sigint)
