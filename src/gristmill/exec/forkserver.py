"""Worker processes fork from one server process that has already imported
gristmill. Starting that server is the slowest part of a pool's start-up, so
the command line starts it first, and it imports while the driver does."""

from __future__ import annotations

import multiprocessing as mp
from multiprocessing import forkserver
from typing import Any

# the dedup steps too (the registry loads steps on first use): most runs have them
PRELOAD = ["gristmill.exec.tasks", "gristmill.steps.dedup.exact", "gristmill.steps.dedup.near"]
REPAIRS = "gristmill.exec.preload_repairs"  # also compiles the boilerplate patterns


def context(repairs: bool = False) -> Any:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([*PRELOAD, REPAIRS] if repairs else PRELOAD)
    return ctx


def warm_up(repairs: bool = False) -> None:
    """Start the fork server now (it returns at once; the server imports in the
    background). `repairs`: the run has repair steps, whose patterns the server
    compiles once for all workers."""
    context(repairs)
    forkserver.ensure_running()
