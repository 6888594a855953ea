"""Near-duplicate removal with MinHash-LSH, verified candidates and clusters."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.io.writers import temporary
from gristmill.steps.base import CorpusStep
from gristmill.steps.dedup.clusters import LinkWriter, connected_components
from gristmill.steps.dedup.exact import check_keep, signal_scores
from gristmill.steps.dedup.keys import KeySnapshot, parquet_list
from gristmill.steps.dedup.minhash import (
    MinHasher,
    band_hashes,
    estimated_jaccard,
    optimal_bands,
    sorted_batch_jaccard,
)

log = logging.getLogger("gristmill.near_dedup")
VERIFY_RECALL = 0.99  # with verification, bands are chosen to catch 99 % of pairs at the threshold
# With verify = "exact", a candidate whose signature estimate is this far above the threshold is
# accepted, this far below it rejected, and only the uncertain ones in between are compared
# shingle by shingle (with 96+ permutations the estimate's standard error is under 0.05).
SURE_ABOVE = 0.1
BUCKET_ROWS_PER_QUERY = 20_000_000  # (document, band) rows grouped in one aggregation
SURE_BELOW = 0.15
EXACT_CHECK_ROUND = 50_000  # uncertain pairs checked between two updates of the clusters
DOC = "(CAST(shard AS BIGINT) << 32) | idx"  # one integer per document: shard, then index


@dataclasses.dataclass(frozen=True)
class NearDedupParams:
    threshold: float = 0.8  # Jaccard similarity of word n-gram sets
    ngram: int = 5
    num_perm: int = 128
    bands: int = 0  # 0: derived from the threshold (with rows)
    rows: int = 0
    seed: int = 1
    # Candidate pairs are checked: "exact" compares shingle sets where the signature estimate is
    # uncertain; "estimate" accepts an estimate of at least threshold - verify_margin; "off" keeps all.
    verify: Literal["exact", "estimate", "off"] = "exact"
    verify_margin: float = 0.05
    keep: Literal["first", "longest", "best"] = "first"
    best_signal: str = "language_score"  # with keep = "best" (see exact_dedup)

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise ConfigError(f"near_dedup.threshold must be between 0 and 1, not {self.threshold}")
        if self.ngram < 1 or self.num_perm < 1:
            raise ConfigError("near_dedup.ngram and near_dedup.num_perm must be positive")
        if (self.bands == 0) != (self.rows == 0):
            raise ConfigError("near_dedup.bands and near_dedup.rows go together: set both or neither")
        if self.bands < 0 or self.rows < 0:
            raise ConfigError("near_dedup.bands and near_dedup.rows must be positive")
        check_keep("near_dedup", self.keep)
        if self.verify not in ("exact", "estimate", "off"):
            raise ConfigError(f"near_dedup.verify must be 'exact', 'estimate' or 'off', not {self.verify!r}")

    @property
    def banding(self) -> tuple[int, int]:
        if self.bands:
            return self.bands, self.rows
        return optimal_bands(self.threshold, self.num_perm, min_recall=None if self.verify == "off" else VERIFY_RECALL)


class NearDedup(CorpusStep):
    name = "near_dedup"
    description = "Cluster near-duplicates with MinHash-LSH (verified candidates), keep one per cluster."
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
            pa.field("score", pa.float64()),
            pa.field("sig", pa.binary()),
            pa.field("bands", pa.list_(pa.uint64())),
            pa.field("shingles", pa.list_(pa.uint32())),
        ]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        import pyarrow as pa

        n = len(docs)
        keep_shingles = self.params.verify == "exact"
        sigs, sets = self.hasher.sketch([d.text for d in docs], keep_shingles=keep_shingles)
        sigs = sigs.astype("<u4")
        bands = band_hashes(sigs, self.bands, self.rows)
        shingle_offsets = np.concatenate([[0], np.cumsum([len(x) for x in sets])]).astype(np.int32)
        width = sigs.shape[1] * 4
        offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * width).tobytes())
        return {
            "length": [len(d.text) for d in docs],
            "score": signal_scores(docs, self.params.best_signal),
            "sig": pa.Array.from_buffers(pa.binary(), n, [None, offsets, pa.py_buffer(sigs.tobytes())]),
            "bands": pa.ListArray.from_arrays(
                pa.array(np.arange(n + 1, dtype=np.int32) * self.bands), pa.array(bands.ravel())
            ),
            "shingles": pa.ListArray.from_arrays(
                pa.array(shingle_offsets), pa.array(np.concatenate(sets) if n else np.zeros(0, np.uint32))
            ),
        }

    def resolve(self, store: Any, artifacts: Path | None) -> Iterator[tuple[int, int, Decision]]:
        self._started = time.perf_counter()
        db = store.db
        db.execute(f"CREATE OR REPLACE TABLE nd_docs AS SELECT {DOC} AS doc, id, length, score FROM keys")
        (n_docs,) = db.execute("SELECT count(*) FROM nd_docs").fetchone()
        self._candidate_pairs(store, n_docs)
        self._stage("candidate pairs")
        edges_a, edges_b = self._verified_edges(store)
        self._stage(f"verified edges: {len(edges_a):,}")
        nodes, roots = connected_components(edges_a, edges_b)
        self._stage(f"clusters: {len(nodes):,} documents")
        links = LinkWriter(artifacts, self.name)
        try:
            if len(nodes):
                yield from self._decide(db, nodes, roots, links)
        finally:
            links.close()

    def _stage(self, what: str) -> None:
        """Log a resolve stage with the seconds since the resolve began (INFO, logger gristmill.near_dedup)."""
        log.info("%8.1f s  %s", time.perf_counter() - self._started, what)

    def _verified_edges(self, store: Any) -> tuple[np.ndarray, np.ndarray]:
        """The candidate pairs that pass verification. Signatures are held once in
        a matrix (4 bytes per permutation and document) and gathered per batch of pairs:
        joining them onto every pair in SQL made DuckDB spill tens of GB when
        every document has hundreds of near-copies."""
        db = store.db
        edges = "SELECT a, b FROM nd_edges"
        if self.params.verify == "off":
            parts = [(t.column(0).to_numpy(), t.column(1).to_numpy()) for t in db.sql(edges).to_arrow_reader(1 << 20)]
            return _concat([a for a, _ in parts]), _concat([b for _, b in parts])
        docs, sigs = self._signatures(db)  # before the pairs' cursor opens: one query at a time
        reader = db.sql(edges).to_arrow_reader(1 << 20)
        sure_a, sure_b, unsure_a, unsure_b, unsure_estimate = [], [], [], [], []
        for batch in reader:
            a = batch.column(0).to_numpy()
            b = batch.column(1).to_numpy()
            estimate = estimated_jaccard(sigs[np.searchsorted(docs, a)], sigs[np.searchsorted(docs, b)])
            sure, unsure = self._triage(estimate)
            sure_a.append(a[sure])
            sure_b.append(b[sure])
            unsure_a.append(a[unsure])
            unsure_b.append(b[unsure])
            unsure_estimate.append(estimate[unsure].astype(np.float32))
        del docs, sigs  # the exact check below needs the memory for shingle sets instead
        edges_a, edges_b = _concat(sure_a), _concat(sure_b)
        self._stage(f"triage: {len(edges_a):,} sure pairs, {sum(map(len, unsure_a)):,} uncertain")
        if unsure_a:
            ok_a, ok_b = self._exact_check(
                store, edges_a, edges_b, _concat(unsure_a), _concat(unsure_b), _concat(unsure_estimate, np.float32)
            )
            edges_a, edges_b = np.concatenate([edges_a, ok_a]), np.concatenate([edges_b, ok_b])
        return edges_a, edges_b

    def _signatures(self, db: Any) -> tuple[np.ndarray, np.ndarray]:
        """Every document's key (sorted) and its signature row, read in batches
        straight from Arrow buffers (no Python object per signature)."""
        ((n,),) = db.execute("SELECT count(*) FROM keys").fetchall()
        docs = np.empty(n, dtype=np.int64)
        sigs = np.empty((n, self.hasher.num_perm), dtype=np.uint32)
        row = 0
        for batch in db.sql(f"SELECT {DOC} AS doc, sig FROM keys ORDER BY doc").to_arrow_reader(100_000):
            k = len(batch)
            docs[row : row + k] = batch.column(0).to_numpy()
            sigs[row : row + k] = fixed_width_rows(batch.column(1), self.hasher.num_perm)
            row += k
        return docs, sigs

    def _candidate_pairs(self, store: Any, n_docs: int) -> None:
        """The table `nd_edges` of candidate pairs (a < b), over every band.

        Band groups are independent jobs: with the keys in files they run on the
        store's fan-out (in this process, or as tasks on a cluster), each writing
        its pairs to a Parquet file; in memory they run on this connection. Either
        way the pairs are the union over bands, so the grouping never changes them.
        """
        db = store.db
        groups = band_groups(self.bands, n_docs, store.fan_out.width)
        # one group with nobody to share it: this connection runs it, without the snapshot
        # and the connection a job needs (they cost more than the query on a small corpus)
        snapshot = None if len(groups) == 1 and store.fan_out.width == 1 else store.snapshot()
        if snapshot is None:
            db.execute("CREATE OR REPLACE TABLE nd_pairs (a BIGINT, b BIGINT)")
            for first, last in groups:
                db.execute(f"INSERT INTO nd_pairs {bucket_pairs_sql(first, last)}")
            source = "nd_pairs"
        else:
            folder = Path(snapshot.temp_dir) / f"{self.name}-pairs"
            folder.mkdir(parents=True, exist_ok=True)
            jobs = [BandJob(snapshot, a, b, str(folder / f"bands-{a:03d}-{b:03d}.parquet")) for a, b in groups]
            source = f"read_parquet({parquet_list(store.fan_out.map(band_pairs, jobs))})"
        db.execute(f"CREATE OR REPLACE TABLE nd_edges AS SELECT DISTINCT a, b FROM {source}")
        db.execute("DROP TABLE IF EXISTS nd_pairs")

    def _triage(self, estimate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the candidate pairs accepted outright, and of those to compare exactly."""
        t = self.params.threshold
        if self.params.verify == "estimate":
            return estimate >= t - self.params.verify_margin, np.zeros(len(estimate), dtype=bool)
        sure = estimate >= t + SURE_ABOVE
        return sure, (estimate >= t - SURE_BELOW) & ~sure

    def _exact_check(
        self, store: Any, sure_a: np.ndarray, sure_b: np.ndarray, a: np.ndarray, b: np.ndarray, estimate: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The uncertain pairs (a, b) whose shingle sets are at least `threshold` alike, checked
        only where they could still join two clusters (see `check_in_rounds`). The shingle sets
        of the documents involved are read once into memory, sorted and without repeats."""
        nodes, roots = connected_components(sure_a, sure_b)
        root_a, root_b = root_of(nodes, roots, a), root_of(nodes, roots, b)
        del nodes, roots
        apart = root_a != root_b  # only pairs the sure edges leave apart can change a cluster
        a, b, estimate, root_a, root_b = a[apart], b[apart], estimate[apart], root_a[apart], root_b[apart]
        self._stage(f"{len(a):,} uncertain pairs not connected by sure ones")
        sets = ShingleSets.read(store, np.unique(np.concatenate([a, b])))
        self._stage(f"shingle sets of {len(sets.docs):,} documents, {len(sets.values):,} hashes")
        threshold = self.params.threshold
        ok_a, ok_b, checked = check_in_rounds(
            root_a, root_b, a, b, estimate, lambda x, y: sets.jaccard(x, y) >= threshold, EXACT_CHECK_ROUND
        )
        self._stage(f"exact checks: {checked:,} pairs checked, {len(ok_a):,} accepted")
        return ok_a, ok_b

    def _decide(
        self, db: Any, nodes: np.ndarray, roots: np.ndarray, links: LinkWriter
    ) -> Iterator[tuple[int, int, Decision]]:
        """Keep one document per cluster (the first, or the longest), drop the rest."""
        import pyarrow as pa

        db.register("nd_members", pa.table({"doc": nodes, "root": roots}))
        order = {"first": "m.doc", "longest": "x.length DESC, m.doc", "best": "x.score DESC NULLS LAST, m.doc"}[
            self.params.keep
        ]
        cursor = db.execute(
            f"""
            SELECT m.doc, x.id, first_value(x.id) OVER w AS keeper, row_number() OVER w = 1 AS kept
            FROM nd_members m JOIN nd_docs x ON x.doc = m.doc
            WINDOW w AS (PARTITION BY m.root ORDER BY {order})
            ORDER BY m.doc
            """
        )
        while rows := cursor.fetchmany(10_000):
            for doc, doc_id, keeper, kept in rows:
                if not kept:
                    links.add(doc_id, keeper)
                    yield doc >> 32, doc & 0xFFFFFFFF, Decision(self.name, "near_duplicate", keeper)


@dataclasses.dataclass(frozen=True)
class BandJob:
    """Candidate pairs of bands first..last (1-based, inclusive), written to `out`."""

    keys: KeySnapshot
    first: int
    last: int
    out: str


def band_groups(bands: int, n_docs: int, width: int) -> list[tuple[int, int]]:
    """Consecutive bands grouped so that each group's aggregation stays within
    memory and there are at least `width` groups to run side by side.

    >>> band_groups(9, 1000, 1), band_groups(9, 1000, 2), band_groups(9, 10_000_000, 1)
    ([(1, 9)], [(1, 5), (6, 9)], [(1, 2), (3, 4), (5, 6), (7, 8), (9, 9)])
    """
    size = max(1, min(BUCKET_ROWS_PER_QUERY // max(n_docs, 1), -(-bands // max(width, 1))))
    return [(first, min(first + size - 1, bands)) for first in range(1, bands + 1, size)]


def bucket_pairs_sql(first: int, last: int) -> str:
    """Candidate pairs of bands first..last over the view `keys`: in each LSH bucket, every
    member with the bucket's first member and with its predecessor (enough to connect
    a bucket without listing all its pairs)."""
    return f"""
        WITH buckets AS (
            SELECT list(doc ORDER BY doc) AS docs FROM (
                SELECT {DOC} AS doc, unnest(bands[{first}:{last}]) AS h,
                       generate_subscripts(bands[{first}:{last}], 1) AS band FROM keys
            ) GROUP BY band, h HAVING count(*) > 1
        )
        SELECT docs[1] AS a, unnest(docs[2:]) AS b FROM buckets
        UNION
        SELECT unnest(docs[:len(docs) - 1]), unnest(docs[2:]) FROM buckets
    """


def band_pairs(job: BandJob) -> str:
    """One band group's candidate pairs, from the key files into a Parquet file (written
    under a temporary name, then renamed): the job near_dedup fans out. Returns the path."""
    db = job.keys.connect(spill=f"bands-{job.first:03d}")
    try:
        tmp = temporary(Path(job.out))
        db.execute(f"COPY ({bucket_pairs_sql(job.first, job.last)}) TO '{tmp}' (FORMAT parquet)")
        tmp.replace(job.out)
    finally:
        db.close()
    return job.out


def root_of(nodes: np.ndarray, roots: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Each x's component root (`connected_components`' output); a node outside every edge is its own root."""
    if not len(nodes):
        return x
    at = np.minimum(np.searchsorted(nodes, x), len(nodes) - 1)
    return np.where(nodes[at] == x, roots[at], x)


def check_in_rounds(
    root_a: np.ndarray,
    root_b: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    estimate: np.ndarray,
    check: Callable[[np.ndarray, np.ndarray], np.ndarray],
    round_size: int,
) -> tuple[np.ndarray, np.ndarray, int]:
    """The pairs (a, b) that pass `check`, and how many were checked; root_a and root_b are
    their ends' clusters under the sure edges (`root_of`). Pairs go in rounds, the most alike
    first; before each round, a pair whose ends the sure edges and the pairs accepted so far
    already connect is skipped, since it cannot change a cluster. The clusters are those of
    checking every pair; in a corpus where each document has hundreds of near-copies, most
    uncertain pairs are skipped.

    >>> same_tens = lambda x, y: x // 10 == y // 10
    >>> check_in_rounds(np.array([1, 1, 1, 11]), np.array([1, 1, 11, 12]), np.array([2, 1, 3, 11]),
    ...                 np.array([3, 3, 11, 12]), np.array([0.9, 0.8, 0.7, 0.7]), same_tens, 1)
    (array([11]), array([12]), 2)
    """
    order = np.argsort(-estimate, kind="stable")
    a, b = a[order], b[order]
    # clusters of the sure edges, numbered 0..k-1; `parent` points each at its merged cluster
    clusters, index = np.unique(np.concatenate([root_a[order], root_b[order]]), return_inverse=True)
    at_a, at_b = index[: len(a)], index[len(a) :]
    parent = np.arange(len(clusters))
    ok_a, ok_b, checked = [], [], 0
    for start in range(0, len(a), round_size):
        part = slice(start, start + round_size)
        pa, pb = parent[at_a[part]], parent[at_b[part]]
        todo = np.flatnonzero(pa != pb)
        if not len(todo):
            continue
        x, y = a[part][todo], b[part][todo]
        ok = check(x, y)
        checked += len(todo)
        ok_a.append(x[ok])
        ok_b.append(y[ok])
        if ok.any():
            merged, into = connected_components(pa[todo][ok], pb[todo][ok])
            parent[merged] = into
            parent = parent[parent]  # a cluster merged away now points at its new root
    return _concat(ok_a), _concat(ok_b), checked


@dataclasses.dataclass
class ShingleSets:
    """Some documents' shingle hashes, each document's sorted and without repeats, in one
    array (`values`, document i's from offsets[i] to offsets[i + 1]); `docs` is sorted."""

    docs: np.ndarray
    offsets: np.ndarray
    values: np.ndarray

    @classmethod
    def read(cls, store: Any, docs: np.ndarray) -> ShingleSets:
        """The shingle sets of `docs` (sorted, unique) from the store's key files, in one scan."""
        parts, found, lengths = [], [], []
        for batch in store.scan(["shard", "idx", "shingles"]):
            doc = (batch.column(0).to_numpy().astype(np.int64) << 32) | batch.column(1).to_numpy()
            at = np.minimum(np.searchsorted(docs, doc), max(len(docs) - 1, 0))
            wanted = np.flatnonzero(docs[at] == doc) if len(docs) else np.zeros(0, dtype=np.int64)
            if not len(wanted):
                continue
            column = batch.column(2)  # offsets and values read directly: pyarrow.compute's import costs 0.1 s
            offsets = column.offsets.to_numpy()
            starts, sizes = offsets[wanted], offsets[wanted + 1] - offsets[wanted]
            flat = _ragged_take(column.values.to_numpy(), starts, sizes).astype(np.uint64)
            owner = np.repeat(np.arange(len(wanted), dtype=np.uint64), sizes)
            unique = _sorted_unique((owner << np.uint64(32)) | flat)  # by document, then hash
            parts.append(unique.astype(np.uint32))  # the low 32 bits: the hash
            lengths.append(np.bincount((unique >> np.uint64(32)).astype(np.int64), minlength=len(wanted)))
            found.append(doc[wanted])
        values, length, doc = _concat(parts, np.uint32), _concat(lengths), _concat(found)
        # lay the sets out in `docs` order, so that the offsets are one cumulative sum
        order = np.argsort(doc)
        starts = np.concatenate([[0], np.cumsum(length)[:-1]]).astype(np.int64)
        values = _ragged_take(values, starts[order], length[order])
        return cls(doc[order], np.concatenate([[0], np.cumsum(length[order])]), values)

    def jaccard(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Exact Jaccard similarity of the sets of documents x[k] and y[k], for every k."""
        return sorted_batch_jaccard(*self._gather(x), *self._gather(y))

    def _gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        at = np.searchsorted(self.docs, docs)
        starts, lengths = self.offsets[at], self.offsets[at + 1] - self.offsets[at]
        return _ragged_take(self.values, starts, lengths), np.concatenate([[0], np.cumsum(lengths)])


def _sorted_unique(x: np.ndarray) -> np.ndarray:
    """np.unique by sorting in place (numpy's hash-based unique was 4x slower on hashes)."""
    x.sort()
    return x[np.concatenate([[True], x[1:] != x[:-1]])] if len(x) else x


def _ragged_take(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """values[starts[0]:starts[0] + lengths[0]], then the next segment, ... as one array."""
    ends = np.cumsum(lengths)
    shift = np.repeat(starts - (ends - lengths), lengths)
    return values[np.arange(int(ends[-1]) if len(ends) else 0) + shift]


def fixed_width_rows(column: Any, width: int) -> np.ndarray:
    """A binary Arrow column of equal-length uint32 vectors as a (rows x width) matrix."""
    import pyarrow as pa

    column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    kind = np.int64 if pa.types.is_large_binary(column.type) else np.int32
    offsets = np.frombuffer(column.buffers()[1], dtype=kind)[column.offset : column.offset + len(column) + 1]
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return data.view("<u4").reshape(len(column), width)


def _concat(parts: list[np.ndarray], dtype: Any = np.int64) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
