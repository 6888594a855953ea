"""Near-duplicate removal with MinHash-LSH, verified candidates and clusters."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.steps.base import CorpusStep
from gristmill.steps.dedup.clusters import write_links
from gristmill.steps.dedup.minhash import MinHasher, band_hashes, estimated_jaccard, optimal_bands

VERIFY_RECALL = 0.99  # with verification, bands are chosen to catch 99 % of pairs at the threshold


@dataclasses.dataclass(frozen=True)
class NearDedupParams:
    threshold: float = 0.8  # Jaccard similarity of word n-gram sets
    ngram: int = 5
    num_perm: int = 128
    bands: int = 0  # 0: derived from the threshold (with rows)
    rows: int = 0
    seed: int = 1
    verify: bool = True  # keep only candidate pairs whose estimated Jaccard clears threshold - verify_margin
    verify_margin: float = 0.1
    keep: Literal["first", "longest"] = "first"

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise ConfigError(f"near_dedup.threshold must be between 0 and 1, not {self.threshold}")
        if self.ngram < 1 or self.num_perm < 1:
            raise ConfigError("near_dedup.ngram and near_dedup.num_perm must be positive")
        if (self.bands == 0) != (self.rows == 0):
            raise ConfigError("near_dedup.bands and near_dedup.rows go together: set both or neither")
        if self.bands < 0 or self.rows < 0:
            raise ConfigError("near_dedup.bands and near_dedup.rows must be positive")
        if self.keep not in ("first", "longest"):
            raise ConfigError(f"near_dedup.keep must be 'first' or 'longest', not {self.keep!r}")

    @property
    def banding(self) -> tuple[int, int]:
        if self.bands:
            return self.bands, self.rows
        return optimal_bands(self.threshold, self.num_perm, min_recall=VERIFY_RECALL if self.verify else None)


class NearDedup(CorpusStep):
    name = "near_dedup"
    description = (
        "Cluster near-duplicates with MinHash-LSH (verified), keep one per cluster; writes dedup/clusters.parquet."
    )
    REASONS = {"near_duplicate": "word n-gram Jaccard similarity above the threshold with the document in duplicate_of"}
    Params = NearDedupParams

    def __init__(self, params: Any = None) -> None:
        super().__init__(params)
        self.bands, self.rows = self.params.banding
        self.hasher = MinHasher(self.bands * self.rows, self.params.ngram, self.params.seed)

    def params_dict(self) -> dict[str, Any]:
        return {**super().params_dict(), "bands": self.bands, "rows": self.rows}

    def key_fields(self) -> list[Any]:
        import pyarrow as pa

        return [
            pa.field("length", pa.int64()),
            pa.field("sig", pa.binary()),
            pa.field("bands", pa.list_(pa.uint64())),
        ]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        import pyarrow as pa

        n = len(docs)
        sigs = self.hasher.signatures([d.text for d in docs]).astype("<u4")
        bands = band_hashes(sigs, self.bands, self.rows)
        width = sigs.shape[1] * 4
        offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * width).tobytes())
        return {
            "length": [len(d.text) for d in docs],
            "sig": pa.Array.from_buffers(pa.binary(), n, [None, offsets, pa.py_buffer(sigs.tobytes())]),
            "bands": pa.ListArray.from_arrays(
                pa.array(np.arange(n + 1, dtype=np.int32) * self.bands), pa.array(bands.ravel())
            ),
        }

    def resolve(self, store: Any, artifacts: Path | None) -> Iterator[tuple[int, int, Decision]]:
        db = store.db
        db.execute(
            "CREATE TEMP TABLE nd_docs AS SELECT (CAST(shard AS BIGINT) << 32) | idx AS doc, id, length, sig, bands "
            "FROM keys"
        )
        # Candidate pairs: in each LSH bucket, every member with the bucket's first member and with
        # its predecessor (enough to connect a bucket without listing all its pairs).
        db.execute(
            """
            CREATE TEMP TABLE nd_edges AS
            WITH buckets AS (
                SELECT doc, unnest(bands) AS h, generate_subscripts(bands, 1) AS band FROM nd_docs
            ), linked AS (
                SELECT doc, min(doc) OVER w AS other FROM buckets WINDOW w AS (PARTITION BY band, h)
                UNION ALL
                SELECT doc, lag(doc) OVER (PARTITION BY band, h ORDER BY doc) AS other FROM buckets
            )
            SELECT DISTINCT least(doc, other) AS a, greatest(doc, other) AS b
            FROM linked WHERE other IS NOT NULL AND other <> doc
            """
        )
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            root = parent.setdefault(x, x)
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:  # path compression
                parent[x], x = root, parent[x]
            return root

        floor = self.params.threshold - self.params.verify_margin
        cursor = db.execute(
            "SELECT e.a, e.b, x.sig, y.sig FROM nd_edges e JOIN nd_docs x ON x.doc = e.a JOIN nd_docs y ON y.doc = e.b"
        )
        while rows := cursor.fetchmany(50_000):
            a = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            b = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
            if self.params.verify:
                sa = np.frombuffer(b"".join(r[2] for r in rows), dtype="<u4").reshape(len(rows), -1)
                sb = np.frombuffer(b"".join(r[3] for r in rows), dtype="<u4").reshape(len(rows), -1)
                ok = estimated_jaccard(sa, sb) >= floor
                a, b = a[ok], b[ok]
            for x, y in zip(a.tolist(), b.tolist(), strict=True):
                rx, ry = find(x), find(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)  # the earliest document roots the cluster
        members = [(doc, find(doc)) for doc in parent]
        clustered = {root for doc, root in members if doc != root}
        members = [(doc, root) for doc, root in members if root in clustered]
        if not members:
            write_links(artifacts, self.name, [])
            return
        yield from self._decide(db, members, artifacts)

    def _decide(
        self, db: Any, members: list[tuple[int, int]], artifacts: Path | None
    ) -> Iterator[tuple[int, int, Decision]]:
        import pyarrow as pa

        db.register("nd_members", pa.table({"doc": [m[0] for m in members], "root": [m[1] for m in members]}))
        order = "x.length DESC, m.doc" if self.params.keep == "longest" else "m.doc"
        rows = db.execute(
            f"""
            SELECT m.doc, x.id, first_value(x.id) OVER w AS keeper, first_value(m.doc) OVER w = m.doc AS kept,
                   min(x.id) OVER (PARTITION BY m.root) AS cluster
            FROM nd_members m JOIN nd_docs x ON x.doc = m.doc
            WINDOW w AS (PARTITION BY m.root ORDER BY {order})
            ORDER BY m.doc
            """
        ).fetchall()
        write_links(artifacts, self.name, [(r[1], r[2]) for r in rows if not r[3]])
        for doc, _id, keeper, kept, _cluster in rows:
            if not kept:
                yield doc >> 32, doc & 0xFFFFFFFF, Decision(self.name, "near_duplicate", keeper)
