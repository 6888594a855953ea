"""Dedup gives the same clusters whatever the input order and however the input is sharded."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.config import RunConfig
from gristmill.exec.local import SerialExecutor
from gristmill.runner import run

from ..conftest import write_jsonl
from ..unit.test_dedup import make_corpus

DOCS, _ = make_corpus()


def clusters_of(records: list[dict], files: int, keep: str) -> tuple[set[frozenset[str]], set[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for f in range(files):
            write_jsonl(tmp / f"in{f}.jsonl", records[f::files])
        params = {"exact_dedup": {"keep": keep}, "url_dedup": {"keep": keep}, "near_dedup": {"keep": keep}}
        config = RunConfig(steps=("exact_dedup", "url_dedup", "near_dedup"), step_params=params, workers=1)
        run([str(tmp / f"in{f}.jsonl") for f in range(files)], tmp / "out", config, executor=SerialExecutor())
        rows = pq.read_table(tmp / "out" / "dedup" / "clusters.parquet").to_pylist()
    groups: dict[str, set[str]] = {}
    for row in rows:
        groups.setdefault(row["cluster"], set()).add(row["id"])
    return {frozenset(g) for g in groups.values()}, {r["id"] for r in rows if r["kept"]}


BASELINE = clusters_of([{"id": d.id, "text": d.text, **d.metadata} for d in DOCS], 1, "longest")


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(1, 4))
def test_same_clusters_and_keepers_whatever_the_order_and_sharding(rnd: random.Random, files: int):
    records = [{"id": d.id, "text": d.text, **d.metadata} for d in DOCS]
    rnd.shuffle(records)
    assert clusters_of(records, files, "longest") == BASELINE
