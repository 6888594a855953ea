"""Executors run shard tasks; they know nothing about steps.

`SerialExecutor` runs tasks in this process (one worker, tests, debugging);
`LocalExecutor` runs them on a pool of worker processes, one per core by
default. Both report progress as (bytes, documents) deltas to a callback, and
resolve the corpus steps between passes in this process. `RayExecutor`
(exec/ray.py, extra: ray) runs both on a Ray cluster.
"""

from __future__ import annotations

import queue as queue_mod
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol

from gristmill import interrupt
from gristmill.config import RunConfig
from gristmill.exec import forkserver
from gristmill.exec.layout import Layout
from gristmill.exec.tasks import Task, resolve_pass, run_task
from gristmill.io.sources import Shard

DRAIN_WAIT = 0.02  # seconds the progress thread waits for a message before it checks for `close`
OnProgress = Callable[[int, int], None]
Result = tuple[Task, dict[str, float]]


class Executor(Protocol):
    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]: ...

    def resolve(self, pass_no: int, shards: list[Shard], config: RunConfig, layout: Layout) -> dict[str, float]: ...

    def close(self) -> None: ...


class SerialExecutor:
    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]:
        for task in tasks:
            interrupt.check()
            yield task, run_task(task, on_progress)

    def resolve(self, pass_no: int, shards: list[Shard], config: RunConfig, layout: Layout) -> dict[str, float]:
        return resolve_pass(pass_no, shards, config, layout)

    def close(self) -> None:
        pass


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


class LocalExecutor(SerialExecutor):
    """A process pool kept for the whole run: every pass reuses the same workers.
    Corpus steps resolve in this process (DuckDB there uses every core)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._stop = threading.Event()
        self._drainer: threading.Thread | None = None
        self._on_progress: OnProgress = _ignore

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            ctx = forkserver.context()  # workers fork with the imports done
            q = ctx.Queue()

            def drain() -> None:
                while not self._stop.is_set():
                    try:
                        # a short wait, so that `close` does not wait long for this thread; nothing
                        # is put on the queue to wake it: a worker killed while writing to the queue
                        # keeps its lock, and the driver would hang at exit flushing its own message
                        nbytes, ndocs = q.get(timeout=DRAIN_WAIT)
                    except queue_mod.Empty:
                        continue
                    self._on_progress(nbytes, ndocs)

            self._drainer = threading.Thread(target=drain, daemon=True)
            self._drainer.start()
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=ctx, initializer=_init_worker, initargs=(q,)
            )
        return self._pool

    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]:
        if not tasks:
            return
        self._on_progress = on_progress
        pool = self._start()
        try:
            with interrupt.deferred():  # Ctrl-C is raised below, never inside a finaliser where it would be lost
                pending: dict[Future[dict[str, float]], Task] = {pool.submit(_run_in_worker, t): t for t in tasks}
                while pending:
                    done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                    interrupt.check()
                    for fut in done:
                        task = pending.pop(fut)
                        yield task, fut.result()
        except BaseException:
            # Ctrl-C or a fatal task error: stop now; finished shards are already committed.
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.terminate()
            self.close()
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._stop.set()
        if self._drainer is not None:
            self._drainer.join()
            self._drainer = None
        self._stop = threading.Event()


def _ignore(nbytes: int, ndocs: int) -> None:
    pass


def make_executor(config: RunConfig) -> Executor:
    """The executor a config asks for."""
    if config.executor == "ray":
        from gristmill.exec.ray import RayExecutor

        return RayExecutor(config.ray_address, config.workers or None)
    workers = config.resolved_workers
    return SerialExecutor() if workers == 1 else LocalExecutor(workers)
