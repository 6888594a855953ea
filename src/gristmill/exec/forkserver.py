"""Worker processes fork from one server process that has already imported
gristmill. Starting that server is the slowest part of a pool's start-up, so
the command line starts it first, and it imports while the driver does."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing import forkserver
from typing import Any

PRELOAD = ["gristmill.exec.tasks"]


def context() -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def warm_up() -> None:
    """Start the fork server now (it returns at once; the server imports in the background)."""
    context()
    forkserver.ensure_running()
