"""Executors run shard tasks; they know nothing about steps.

`SerialExecutor` runs tasks in this process (one worker, tests, debugging);
`LocalExecutor` runs them on a pool of worker processes, one per core by
default. Both report progress as (bytes, documents) deltas to a callback.
"""

from __future__ import annotations

import queue as queue_mod
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from gristmill.exec import forkserver
from gristmill.exec.tasks import Task, run_task

OnProgress = Callable[[int, int], None]
Result = tuple[Task, dict[str, float]]


class Executor(Protocol):
    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]: ...


class SerialExecutor:
    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]:
        for task in tasks:
            yield task, run_task(task, on_progress)


# --- process pool ----------------------------------------------------------------

_progress_queue: Any = None


def _init_worker(q: Any) -> None:
    global _progress_queue
    _progress_queue = q
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C and stops the pool


class _Reporter:
    """Batches a worker's progress so the queue sees a few messages a second."""

    def __init__(self, q: Any) -> None:
        self.q = q
        self.bytes = 0
        self.docs = 0
        self.last = time.monotonic()

    def __call__(self, nbytes: int, ndocs: int) -> None:
        self.bytes += nbytes
        self.docs += ndocs
        now = time.monotonic()
        if now - self.last > 0.2:
            self.flush()
            self.last = now

    def flush(self) -> None:
        if self.bytes or self.docs:
            self.q.put((self.bytes, self.docs))
            self.bytes = self.docs = 0


def _run_in_worker(task: Task) -> dict[str, float]:
    reporter = _Reporter(_progress_queue)
    try:
        return run_task(task, reporter)
    finally:
        reporter.flush()


class LocalExecutor:
    def __init__(self, workers: int) -> None:
        self.workers = workers

    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]:
        if not tasks:
            return
        ctx = forkserver.context()  # workers fork with the imports done
        q = ctx.Queue()
        stop = threading.Event()

        def drain() -> None:
            while not stop.is_set():
                try:
                    nbytes, ndocs = q.get(timeout=0.1)
                except queue_mod.Empty:
                    continue
                on_progress(nbytes, ndocs)

        drainer = threading.Thread(target=drain, daemon=True)
        drainer.start()
        pool = ProcessPoolExecutor(
            max_workers=min(self.workers, len(tasks)), mp_context=ctx, initializer=_init_worker, initargs=(q,)
        )
        try:
            pending: dict[Future[dict[str, float]], Task] = {pool.submit(_run_in_worker, t): t for t in tasks}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = pending.pop(fut)
                    yield task, fut.result()
        except BaseException:
            # Ctrl-C or a fatal task error: stop now; finished shards are already committed.
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            stop.set()
            drainer.join()
