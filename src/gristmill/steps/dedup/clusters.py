"""Duplicate clusters: each dedup step records its (dropped id -> kept id) links,
and the run merges them into `OUTDIR/dedup/clusters.parquet`.

A document dropped as an exact copy of K, where K was later dropped as a near
duplicate of L, ends in L's cluster, with L as the kept copy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from gristmill.io.writers import temporary

LINKS_SCHEMA = pa.schema([("id", pa.string()), ("kept_id", pa.string()), ("step", pa.string())])


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
            self.tmp = temporary(self.path)
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


def merge_clusters(artifacts: Path, temp_dir: Path | None = None, memory_limit: str = "2GB") -> Path | None:
    """Union every step's links into clusters; returns the clusters file (None: no dedup ran).
    The joins run in DuckDB and the components in numpy, so millions of links fit."""
    files = sorted(artifacts.glob("links-*.parquet")) if artifacts.is_dir() else []
    if not files:
        return None
    import duckdb

    db = duckdb.connect()
    db.execute("SET memory_limit = ?", [memory_limit])
    db.execute("SET enable_progress_bar = false")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        db.execute(f"SET temp_directory = '{temp_dir}'")
    listing = ", ".join(f"'{f}'" for f in files)
    db.execute(f"CREATE TABLE links AS SELECT id, kept_id, step FROM read_parquet([{listing}])")
    # numbered in id order, so a component's smallest number is its smallest id
    db.execute(
        "CREATE TABLE nodes AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n "
        "FROM (SELECT id FROM links UNION SELECT kept_id FROM links)"
    )
    edges = db.execute(
        "SELECT a.n AS a, b.n AS b FROM links l JOIN nodes a ON a.id = l.id JOIN nodes b ON b.id = l.kept_id"
    ).fetchnumpy()
    numbers, roots = connected_components(np.asarray(edges["a"]), np.asarray(edges["b"]))
    db.register("components", pa.table({"n": numbers, "root": roots}))
    path = artifacts / "clusters.parquet"
    tmp = path.with_name(".clusters.parquet.tmp")
    db.execute(
        f"""
        COPY (
            WITH member AS (
                SELECT nodes.id, c.root, d.step
                FROM components c JOIN nodes ON nodes.n = c.n
                LEFT JOIN (SELECT id, min(step) AS step FROM links GROUP BY id) d ON d.id = nodes.id
            ), ranked AS (
                SELECT id, step,
                       first_value(id) OVER (PARTITION BY root ORDER BY id) AS cluster,
                       first_value(id) OVER (PARTITION BY root ORDER BY step IS NOT NULL, id) AS kept_id
                FROM member
            )
            SELECT id, cluster, kept_id, id = kept_id AS kept, step AS reason_step FROM ranked ORDER BY cluster, id
        ) TO '{tmp}' (FORMAT parquet)
        """
    )
    db.close()
    tmp.replace(path)
    return path


def connected_components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes that appear in the edges (a[i], b[i]) and, for each, the smallest node
    of its component: vectorised label propagation with pointer jumping.

    >>> connected_components(np.array([5, 7, 9]), np.array([7, 8, 10]))
    (array([ 5,  7,  8,  9, 10]), array([5, 5, 5, 9, 9]))
    """
    nodes, index = np.unique(np.concatenate([a, b]), return_inverse=True)
    ea, eb = index[: len(a)], index[len(a) :]
    label = np.arange(len(nodes))
    while True:
        low = np.minimum(label[ea], label[eb])
        new = label.copy()
        np.minimum.at(new, ea, low)
        np.minimum.at(new, eb, low)
        while True:  # point every node at its label's label until nothing moves
            jumped = new[new]
            if (jumped == new).all():
                break
            new = jumped
        if (new == label).all():
            return nodes, nodes[label]
        label = new
