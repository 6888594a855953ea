"""near_dedup's band groups are independent jobs: however many run side by side
(Ray sets the width to the cluster's CPUs), the decisions and clusters are the same."""

from __future__ import annotations

import pyarrow.parquet as pq

from gristmill.config import RunConfig
from gristmill.exec.local import SerialExecutor
from gristmill.exec.tasks import resolve_pass
from gristmill.runner import run
from gristmill.steps.dedup.keys import SerialFanOut

from ..conftest import write_jsonl
from ..unit.test_dedup import make_corpus
from .test_resume import output_bytes


class WideFanOut(SerialFanOut):
    """Serial, but asks for as many band groups as there are bands."""

    width = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    def map(self, fn, jobs):
        self.calls.append(len(jobs))
        return super().map(fn, jobs)


class WideExecutor(SerialExecutor):
    def __init__(self) -> None:
        self.fan_out = WideFanOut()

    def resolve(self, pass_no, shards, config, layout):
        return resolve_pass(pass_no, shards, config, layout, self.fan_out)


def test_band_groups_run_as_separate_jobs_give_the_same_decisions(tmp_path):
    docs, _ = make_corpus()
    records = [{"id": d.id, "text": d.text, **d.metadata} for d in docs]
    inputs = [
        str(write_jsonl(tmp_path / "a.jsonl", records[::2])),
        str(write_jsonl(tmp_path / "b.jsonl", records[1::2])),
    ]
    config = RunConfig(steps=("exact_dedup", "near_dedup"), shard_bytes=20_000)
    one = run(inputs, tmp_path / "one", config, executor=SerialExecutor())
    wide = WideExecutor()
    many = run(inputs, tmp_path / "many", config, executor=wide)
    bands = many["config"]["steps"][1]["params"]["bands"]
    assert wide.fan_out.calls == [bands] and bands > 1  # one job per band
    assert one["dropped_by_reason"]["near_dedup.near_duplicate"] >= 15
    assert output_bytes(tmp_path / "many") == output_bytes(tmp_path / "one")
    read = lambda out: pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()  # noqa: E731
    assert read(tmp_path / "many") == read(tmp_path / "one")
