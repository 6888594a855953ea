"""Duplicate clusters: each dedup step records its (dropped id -> kept id) links,
and the run merges them into `OUTDIR/dedup/clusters.parquet`.

A document dropped as an exact copy of K, where K was later dropped as a near
duplicate of L, ends in L's cluster, with L as the kept copy.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

LINKS_SCHEMA = pa.schema([("id", pa.string()), ("kept_id", pa.string()), ("step", pa.string())])
CLUSTERS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("cluster", pa.string()),
        ("kept_id", pa.string()),
        ("kept", pa.bool_()),
        ("reason_step", pa.string()),
    ]
)


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("." + path.name + ".tmp")
    pq.write_table(table, tmp)
    tmp.replace(path)


class LinkWriter:
    """One step's drops, (dropped id, id of the copy it kept), streamed to
    `links-<step>.parquet` (nothing is written in memory-only runs)."""

    def __init__(self, artifacts: Path | None, step: str) -> None:
        self.step = step
        self.rows: list[tuple[str, str]] = []
        self._writer = None
        if artifacts is not None:
            artifacts.mkdir(parents=True, exist_ok=True)
            self.path = artifacts / f"links-{step}.parquet"
            self.tmp = self.path.with_name("." + self.path.name + ".tmp")
            self._writer = pq.ParquetWriter(self.tmp, LINKS_SCHEMA)

    def add(self, dropped_id: str, kept_id: str) -> None:
        if self._writer is not None:
            self.rows.append((dropped_id, kept_id))
            if len(self.rows) >= 100_000:
                self._flush()

    def _flush(self) -> None:
        if self._writer is not None and self.rows:
            ids, kept = zip(*self.rows, strict=True)
            self._writer.write_table(
                pa.table({"id": ids, "kept_id": kept, "step": [self.step] * len(ids)}, schema=LINKS_SCHEMA)
            )
            self.rows.clear()

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self.tmp.replace(self.path)


def merge_clusters(artifacts: Path) -> Path | None:
    """Union every step's links into clusters; returns the clusters file (None: no dedup ran)."""
    files = sorted(artifacts.glob("links-*.parquet")) if artifacts.is_dir() else []
    if not files:
        return None
    links = pa.concat_tables([pq.read_table(f) for f in files]).to_pylist()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = parent.setdefault(x, x)
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    dropped_by = {row["id"]: row["step"] for row in links}
    for row in links:
        ra, rb = find(row["id"]), find(row["kept_id"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for doc in parent:
        members.setdefault(find(doc), []).append(doc)
    rows = []
    for group in members.values():
        survivors = [d for d in group if d not in dropped_by]
        keeper = min(survivors) if survivors else min(group)
        cluster = min(group)
        for doc in sorted(group):
            rows.append((doc, cluster, keeper, doc == keeper, dropped_by.get(doc)))
    rows.sort(key=lambda r: (r[1], r[0]))
    table = pa.table(list(zip(*rows, strict=True)) if rows else [[]] * 5, schema=CLUSTERS_SCHEMA)
    path = artifacts / "clusters.parquet"
    _write_atomic(table, path)
    return path
