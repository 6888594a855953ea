"""The Ray executor on a real local Ray cluster: the same output as the local
executor, a lost worker's task retried without losing or doubling a document,
and a run resumed across executors."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gristmill.config import RunConfig
from gristmill.errors import ReadError
from gristmill.exec.layout import Layout
from gristmill.exec.local import SerialExecutor
from gristmill.exec.ray import RayFanOut
from gristmill.runner import run
from gristmill.verify import verify

from ..conftest import gristmill_cli, make_text, read_folder, write_jsonl
from ..integration.test_resume import output_bytes
from ..unit.test_dedup import make_corpus
from . import killer

ray = pytest.importorskip("ray")

ROOT = Path(__file__).resolve().parents[2]
DEDUP = ("exact_dedup", "url_dedup", "near_dedup")


@pytest.fixture(scope="module")
def cluster():
    """A 2-CPU Ray started in this process; workers can import the tests (for the kill step)."""
    killer.register()
    ray.init(
        address="local",
        num_cpus=2,
        object_store_memory=200 * 2**20,
        include_dashboard=False,
        logging_level="WARNING",
        runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}, "worker_process_setup_hook": killer.register},
    )
    yield
    ray.shutdown()
    killer.unregister()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two files, split into several shards: web pages with near and exact copies across files,
    and generated records with exact repeats."""
    folder = tmp_path_factory.mktemp("ray-corpus")
    docs, _ = make_corpus()
    pages = [{"id": d.id, "text": d.text, **d.metadata} for d in docs]
    records = [{"id": f"r{i}", "text": make_text(i % 150, 4)} for i in range(400)]
    files = [
        write_jsonl(folder / "a.jsonl", pages[::2] + records[:200]),
        write_jsonl(folder / "b.jsonl", pages[1::2] + records[200:]),
    ]
    return [str(f) for f in files]


def config(**kw):
    return RunConfig(shard_bytes=20_000, dedup_max_share=1.0, **kw)  # the corpus is mostly copies, on purpose


def clusters(out: Path) -> list[dict]:
    return pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()


@pytest.mark.parametrize("steps", [None, DEDUP], ids=["default-pipeline", "dedup"])
def test_ray_gives_the_local_executors_output(cluster, corpus, tmp_path, steps):
    extra = {} if steps is None else {"steps": steps}
    local = run(corpus, tmp_path / "local", config(**extra), executor=SerialExecutor())
    on_ray = run(corpus, tmp_path / "ray", config(executor="ray", **extra))
    assert local["inputs"]["shards"] >= 4
    reasons = {r["reason"] for r in read_folder(tmp_path / "ray" / "dropped")}
    assert {"exact_duplicate", "near_duplicate"} <= reasons
    kept = lambda out: sorted(r["id"] for r in read_folder(out / "kept"))  # noqa: E731
    assert kept(tmp_path / "ray") == kept(tmp_path / "local")
    assert output_bytes(tmp_path / "ray") == output_bytes(tmp_path / "local")  # kept, dropped (reasons), quarantine
    assert clusters(tmp_path / "ray") == clusters(tmp_path / "local")
    assert (tmp_path / "ray" / "report.html").stat().st_size > 0
    for key in ("read", "kept", "dropped", "quarantined", "dropped_by_reason", "steps"):
        if key == "steps":  # the same counts; timings differ
            strip = lambda s: {n: {k: v for k, v in t.items() if k != "seconds"} for n, t in s.items()}  # noqa: E731
            assert strip(on_ray[key]) == strip(local[key])
        else:
            assert on_ray[key] == local[key]


def test_a_killed_worker_is_retried_and_nothing_is_lost_or_doubled(cluster, corpus, tmp_path):
    marker = tmp_path / "killed"
    steps = ("kill_worker_once", *DEDUP)
    params = {"kill_worker_once": {"doc_id": "r300", "marker": str(marker)}}
    summary = run(corpus, tmp_path / "ray", config(executor="ray", steps=steps, step_params=params))
    pid = int(marker.read_text())
    assert pid != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the worker that ran r300 is gone; its task ran again elsewhere
    n = sum(len(Path(f).read_text().splitlines()) for f in corpus)
    assert summary["accounting"]["balanced"] and summary["read"] == n
    report = verify(tmp_path / "ray")
    assert report.ok, report.problems
    ids = [r["id"] for sub in ("kept", "dropped") for r in read_folder(tmp_path / "ray" / sub)]
    assert len(ids) == len(set(ids)) == n
    assert not list((tmp_path / "ray").rglob("*.tmp"))  # the dead attempt's half-written files are gone
    run(corpus, tmp_path / "local", config(steps=steps, step_params=params), executor=SerialExecutor())
    assert output_bytes(tmp_path / "ray") == output_bytes(tmp_path / "local")


class InterruptedAfter(SerialExecutor):
    """Ctrl-C after `tasks` finished tasks."""

    def __init__(self, tasks: int) -> None:
        self.left = tasks

    def run(self, tasks, on_progress):
        for result in super().run(tasks, on_progress):
            yield result
            self.left -= 1
            if not self.left:
                raise KeyboardInterrupt


def test_a_local_run_interrupted_mid_pass_resumes_on_ray(cluster, corpus, tmp_path):
    full = run(corpus, tmp_path / "local", config(), executor=SerialExecutor())
    shards = full["inputs"]["shards"]
    with pytest.raises(KeyboardInterrupt):  # in the second of three passes
        run(corpus, tmp_path / "resumed", config(), executor=InterruptedAfter(shards + 2))
    layout = Layout(tmp_path / "resumed")
    done_before = {p.name: p.stat().st_mtime_ns for p in layout.done.iterdir()}
    assert len(done_before) == shards + 1 + 2  # pass 0, its resolve, two tasks of pass 1
    resumed = run(corpus, tmp_path / "resumed", config(executor="ray"))
    assert output_bytes(tmp_path / "resumed") == output_bytes(tmp_path / "local")
    assert clusters(tmp_path / "resumed") == clusters(tmp_path / "local")
    assert resumed["dropped_by_reason"] == full["dropped_by_reason"]
    assert all(p.stat().st_mtime_ns == done_before[p.name] for p in layout.done.iterdir() if p.name in done_before)
    assert len(list(layout.done.iterdir())) == 3 * shards + 2


def test_a_fatal_error_in_a_ray_task_is_raised_as_itself(cluster, tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "fine"}, "{broken"])
    with pytest.raises(ReadError, match="in.jsonl:2: malformed JSON"):
        run([str(tmp_path / "in.jsonl")], tmp_path / "out", config(executor="ray", strict=True))


def test_cli_joins_a_running_cluster_by_address(cluster, corpus, tmp_path):
    address = ray.get_runtime_context().gcs_address
    out = tmp_path / "out"
    proc = gristmill_cli("dedup", *corpus, "-o", str(out), "--executor", "ray", "--ray-address", address, check=True)
    assert "[ok]" in proc.stdout
    assert verify(out).ok


def worker_pid(job: int) -> tuple[int, int]:
    return job, os.getpid()


def test_resolve_jobs_fan_out_as_ray_tasks(cluster):
    """What the resolve task hands its band jobs to: Ray tasks, results in job order."""
    results = RayFanOut(width=2).map(worker_pid, list(range(3)))
    assert [job for job, _ in results] == list(range(3))
    assert os.getpid() not in {pid for _, pid in results}
