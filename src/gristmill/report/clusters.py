"""Example duplicate clusters for the report, and the size of every cluster.

Examples are chosen from the dedup steps' links (dropped id -> kept id) once the
last corpus step has resolved, before the last pass writes the documents: that
pass then keeps the texts of exactly these documents (`Collector.wanted`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gristmill.exec.layout import read_json, write_json_atomic

LARGEST_PER_STEP = 1
SAMPLED_PER_STEP = 2  # besides the largest: clusters picked by a hash of the kept id (stable, unbiased by size)
MEMBERS_SHOWN = 2


def _db() -> Any:
    import duckdb

    db = duckdb.connect()
    db.execute("SET enable_progress_bar = false")
    return db


def _files(dedup_dir: Path, pattern: str) -> list[str]:
    return [str(p) for p in sorted(dedup_dir.glob(pattern))] if dedup_dir.is_dir() else []


def choose_examples(dedup_dir: Path) -> list[dict[str, Any]]:
    """A few clusters per dedup step: its largest, and some picked by hash."""
    files = _files(dedup_dir, "links-*.parquet")
    if not files:
        return []
    db = _db()
    try:
        rows = db.execute(
            """
            WITH c AS (
                SELECT step, kept_id, count(*) AS dropped, list(id ORDER BY id)[1:?] AS members
                FROM read_parquet(?) GROUP BY step, kept_id
            ), ranked AS (
                SELECT *, row_number() OVER (PARTITION BY step ORDER BY dropped DESC, kept_id) AS by_size,
                          row_number() OVER (PARTITION BY step ORDER BY md5(kept_id)) AS by_hash
                FROM c
            )
            SELECT step, kept_id, dropped, members FROM ranked
            WHERE by_size <= ? OR (by_hash <= ? AND by_size > ?)
            ORDER BY step, by_size
            """,
            [MEMBERS_SHOWN, files, LARGEST_PER_STEP, SAMPLED_PER_STEP, LARGEST_PER_STEP],
        ).fetchall()
    finally:
        db.close()
    return [{"step": s, "kept_id": k, "dropped": int(n), "members": list(m)} for s, k, n, m in rows]


def wanted_ids(examples: list[dict[str, Any]]) -> set[str]:
    return {i for ex in examples for i in (ex["kept_id"], *ex["members"])}


def prepare_examples(dedup_dir: Path, path: Path) -> list[dict[str, Any]]:
    """Choose the examples once (a resumed run reuses them) and save them at `path`."""
    if path.exists():
        return list(read_json(path))
    examples = choose_examples(dedup_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, examples)
    return examples


def load_examples(path: Path) -> list[dict[str, Any]]:
    return list(read_json(path)) if path.exists() else []


def cluster_sizes(dedup_dir: Path) -> dict[str, Any]:
    """How many clusters, how many documents in them, and the clusters counted by size."""
    files = _files(dedup_dir, "clusters.parquet")
    if not files:
        return {"clusters": 0, "documents": 0, "by_size": []}
    db = _db()
    try:
        by_size = db.execute(
            "SELECT size, count(*) FROM (SELECT count(*) AS size FROM read_parquet(?) GROUP BY cluster) "
            "GROUP BY size ORDER BY size",
            [files],
        ).fetchall()
    finally:
        db.close()
    return {
        "clusters": sum(n for _, n in by_size),
        "documents": sum(s * n for s, n in by_size),
        "by_size": [(int(s), int(n)) for s, n in by_size],
    }
