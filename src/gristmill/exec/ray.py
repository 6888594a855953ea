"""The Ray executor (extra: ray): the same tasks as the local executors, on a Ray cluster.

Each shard of each pass is one Ray task running `run_task`, exactly as a local
worker would; its output is committed atomically and marked done on the shared
output folder, so a task Ray retries after losing its worker rewrites the same
files, and a rerun of the command resumes. Between passes `resolve_pass` runs
as one Ray task (not on the driver), and fans near_dedup's band groups out as
further tasks. Only task descriptions and stats travel through Ray's object
store; documents, keys and pairs travel through the output folder, which every
node must be able to read and write.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

from gristmill.config import RunConfig
from gristmill.errors import ConfigError, GristmillError
from gristmill.exec.layout import Layout, read_json
from gristmill.exec.local import OnProgress, Result
from gristmill.exec.tasks import Task, resolve_pass, run_task
from gristmill.io.sources import Shard

INSTALL_HINT = "the ray executor needs Ray, which is not installed: pip install 'gristmill[ray]'"
MAX_RETRIES = 3  # times Ray reruns a task whose worker or node died (task errors are not retried)

J = TypeVar("J")
R = TypeVar("R")


def import_ray() -> ModuleType:
    try:
        import ray
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    return ray


@dataclass(frozen=True)
class RayFanOut:
    """Runs a resolve's independent jobs as Ray tasks (from inside the resolve task)."""

    width: int

    def map(self, fn: Callable[[J], R], jobs: list[J]) -> list[R]:
        import ray

        remote = ray.remote(max_retries=MAX_RETRIES)(fn)
        return _get(ray, [remote.remote(job) for job in jobs])


def _resolve_on_cluster(
    pass_no: int, shards: list[Shard], config: RunConfig, layout: Layout, width: int
) -> dict[str, float]:
    return resolve_pass(pass_no, shards, config, layout, RayFanOut(width))


def _get(ray: Any, refs: Any) -> Any:
    """ray.get, raising a task's own gristmill error as it is (one line for the CLI)."""
    try:
        return ray.get(refs)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, GristmillError):
            raise exc.cause from None
        raise


class RayExecutor:
    """Connects to the cluster at `address` (None: the one in RAY_ADDRESS, else a new
    local Ray with `num_cpus` CPUs) on first use; a Ray already initialised in this
    process is used as it is."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        self.ray = import_ray()  # fail on the driver, before any work
        self.address = address
        self.num_cpus = num_cpus
        self._owns_ray = False

    def _start(self) -> Any:
        ray = self.ray
        if not ray.is_initialized():
            options: dict[str, Any] = {"address": self.address, "logging_level": "WARNING"}
            if self.address is None and not os.environ.get("RAY_ADDRESS"):
                # a new private cluster, even if `ray start` runs here (join that one with address "auto")
                options.update(address="local", num_cpus=self.num_cpus, include_dashboard=False)
            ray.init(**options)
            self._owns_ray = True
        return ray

    def run(self, tasks: list[Task], on_progress: OnProgress) -> Iterator[Result]:
        if not tasks:
            return
        ray = self._start()
        remote = ray.remote(max_retries=MAX_RETRIES)(run_task)
        pending = {remote.remote(task): task for task in tasks}
        try:
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    task = pending.pop(ref)
                    stats = _get(ray, ref)
                    on_progress(*_progress_of(task, stats))
                    yield task, stats
        except BaseException:
            for ref in pending:  # Ctrl-C or a fatal task error: finished shards are already committed
                ray.cancel(ref, force=True)
            raise

    def resolve(self, pass_no: int, shards: list[Shard], config: RunConfig, layout: Layout) -> dict[str, float]:
        ray = self._start()
        width = max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(max_retries=MAX_RETRIES)(_resolve_on_cluster)
        return _get(ray, remote.remote(pass_no, shards, config, layout, width))  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._owns_ray:
            self.ray.shutdown()
            self._owns_ray = False


def _progress_of(task: Task, stats: dict[str, float]) -> tuple[int, int]:
    """A finished task's (bytes, documents) for the progress bar: Ray reports per task."""
    if task.pass_no == 0:
        return int(stats.get("bytes_read", 0)), int(stats.get("read", 0))
    first = read_json(task.layout.task_marker(0, task.shard.index))
    return 0, int(first.get("read", 0) - first.get("quarantined", 0))
