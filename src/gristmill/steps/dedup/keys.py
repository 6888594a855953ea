"""Corpus keys and corpus decisions, kept out of Python memory.

Workers write one Parquet file of keys per shard and corpus step (columns
`shard`, `idx`, `id` plus the step's own). A `KeyStore` holds one
DuckDB connection per resolve pass: `use(step files)` exposes a step's keys as
the view `keys` (without the documents earlier steps of the pass dropped), and
every decision goes into the table `actions`, which is finally split into one
Parquet file per shard. DuckDB spills to disk past its memory limit, so
millions of documents do not need millions of Python objects.

A step whose resolve splits into independent jobs (near_dedup's bands) hands
them to the store's `fan_out`: the executor's way of running jobs side by side
(serially in this process by default, as Ray tasks on a cluster). Jobs read the
keys through a `KeySnapshot`, plain files any process can open.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from gristmill.errors import ConfigError
from gristmill.io.writers import temporary

BASE_FIELDS = [pa.field("shard", pa.int32()), pa.field("idx", pa.int64()), pa.field("id", pa.string())]
ACTIONS_SCHEMA = pa.schema(
    [
        ("shard", pa.int32()),
        ("idx", pa.int64()),
        ("kind", pa.string()),
        ("step", pa.string()),
        ("reason", pa.string()),
        ("duplicate_of", pa.string()),
        ("payload", pa.string()),
    ]
)


def key_schema(fields: Sequence[pa.Field]) -> pa.Schema:
    return pa.schema([*BASE_FIELDS, *fields])


class KeyWriter:
    """Batches of key rows for one shard, written atomically to one Parquet file."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.tmp = temporary(path)
        self.schema = schema
        # no dictionary pages: hashes and signatures never repeat, and building the
        # dictionaries took three quarters of the write time (and made files larger)
        self._writer = pq.ParquetWriter(self.tmp, schema, compression=column_codecs(schema), use_dictionary=False)

    def write(self, columns: dict[str, Any]) -> None:
        self._writer.write_table(pa.table(columns, schema=self.schema))

    def commit(self) -> None:
        self._writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def column_codecs(schema: pa.Schema) -> dict[str, str]:
    """No compression for byte and list columns: they hold signatures and sets of
    hashes, random bytes that zstd cannot shrink (it made writing them 1.7x and
    reading them 2.5x slower for the same file size); zstd for the rest."""
    random = (pa.types.is_binary, pa.types.is_list)
    return {f.name: "none" if any(is_(f.type) for is_ in random) else "zstd" for f in schema}


J = TypeVar("J")
R = TypeVar("R")


class FanOut(Protocol):
    """Runs independent jobs, `width` of them at a time; results in job order."""

    width: int

    def map(self, fn: Callable[[J], R], jobs: list[J]) -> list[R]: ...


class SerialFanOut:
    width = 1

    def map(self, fn: Callable[[J], R], jobs: list[J]) -> list[R]:
        return [fn(job) for job in jobs]


def connect(memory_limit: str, temp_dir: Path | None) -> Any:
    """A DuckDB connection with gristmill's limits, spilling into `temp_dir`."""
    import duckdb

    db = duckdb.connect()
    try:
        db.execute("SET memory_limit = ?", [memory_limit])
    except duckdb.Error as exc:
        raise ConfigError(f"dedup_memory {memory_limit!r} is not a memory size DuckDB understands: {exc}") from None
    db.execute("SET preserve_insertion_order = false")
    db.execute("SET enable_progress_bar = false")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        db.execute(f"SET temp_directory = '{temp_dir}'")
    return db


def parquet_list(paths: Sequence[Path | str]) -> str:
    return "[" + ", ".join(f"'{p}'" for p in paths) + "]"


def _create_keys_view(db: Any, drops: str) -> None:
    """`keys`: the rows of `keys_all` whose document is not in `drops` (a query of shard, idx)."""
    db.execute(
        "CREATE OR REPLACE VIEW keys AS SELECT k.* FROM keys_all k ANTI JOIN "
        f"({drops}) d ON k.shard = d.shard AND k.idx = d.idx"
    )


@dataclass(frozen=True)
class KeySnapshot:
    """A store's current `keys` as files: the step's key files minus the drops so far.
    It pickles, so a job in another process (or on another node) can open it."""

    files: tuple[str, ...]
    drops: str
    memory_limit: str
    temp_dir: str

    def connect(self, spill: str) -> Any:
        """A new DuckDB connection with the view `keys` (spill files under temp_dir/spill)."""
        db = connect(self.memory_limit, Path(self.temp_dir) / spill)
        db.execute(f"CREATE VIEW keys_all AS SELECT * FROM read_parquet({parquet_list(self.files)})")
        _create_keys_view(db, f"SELECT shard, idx FROM read_parquet('{self.drops}')")
        return db


class KeyStore:
    def __init__(self, temp_dir: Path | None = None, memory_limit: str = "2GB", fan_out: FanOut | None = None) -> None:
        self.db = connect(memory_limit, temp_dir)
        self.temp_dir = temp_dir
        self.memory_limit = memory_limit
        self.fan_out: FanOut = fan_out or SerialFanOut()
        self._files: list[Path] | None = None
        self._table: pa.Table | None = None
        self._snapshots = 0
        self.db.execute(
            "CREATE TABLE actions (shard INTEGER, idx BIGINT, kind VARCHAR, step VARCHAR, reason VARCHAR, "
            "duplicate_of VARCHAR, payload VARCHAR)"
        )
        # decisions are stored while a step's query is still streaming on `db`
        self._inserts = self.db.cursor()

    def use(self, source: list[Path] | pa.Table) -> None:
        """Make `keys` one step's keys, minus the documents already dropped in this pass."""
        if isinstance(source, pa.Table):
            self.db.register("keys_source", source)
            self.db.execute("CREATE OR REPLACE VIEW keys_all AS SELECT * FROM keys_source")
            self._files = None
            self._table = source
        else:
            self.db.execute(f"CREATE OR REPLACE VIEW keys_all AS SELECT * FROM read_parquet({parquet_list(source)})")
            self._files = list(source)
        _create_keys_view(self.db, "SELECT shard, idx FROM actions WHERE kind = 'drop'")

    def scan(self, columns: list[str], batch_rows: int = 50_000) -> Iterator[pa.RecordBatch]:
        """Every key row of the current step, dropped documents included, as Arrow batches of
        `columns`, read straight from the files (or the in-memory table) without DuckDB."""
        if self._files is None:
            if self._table is not None:
                yield from self._table.select(columns).to_batches(batch_rows)
            return
        for path in self._files:
            yield from pq.ParquetFile(path).iter_batches(batch_size=batch_rows, columns=columns)

    def snapshot(self) -> KeySnapshot | None:
        """The current `keys` as files other processes can read; None when the keys are in memory."""
        if self._files is None or self.temp_dir is None:
            return None
        self._snapshots += 1
        drops = self.temp_dir / f"drops-{self._snapshots}.parquet"
        self.db.execute(f"COPY (SELECT shard, idx FROM actions WHERE kind = 'drop') TO '{drops}' (FORMAT parquet)")
        return KeySnapshot(tuple(str(f) for f in self._files), str(drops), self.memory_limit, str(self.temp_dir))

    def record(self, rows: list[tuple[Any, ...]]) -> None:
        """Append decisions: (shard, idx, kind, step, reason, duplicate_of, payload) tuples."""
        if rows:
            batch = pa.Table.from_pylist(
                [dict(zip(ACTIONS_SCHEMA.names, r, strict=True)) for r in rows], schema=ACTIONS_SCHEMA
            )
            self._inserts.register("actions_batch", batch)
            self._inserts.execute("INSERT INTO actions SELECT * FROM actions_batch")
            self._inserts.unregister("actions_batch")

    def write_decisions(self, folder: Path) -> None:
        """One Parquet file of actions per shard, `folder/shard=N/*.parquet`, written under a
        temporary name and renamed into place."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (count,) = self.db.execute("SELECT count(*) FROM actions").fetchone()
        if count:
            self.db.execute(
                "COPY (SELECT * FROM actions ORDER BY shard, idx, kind DESC, step) "
                f"TO '{tmp}' (FORMAT parquet, PARTITION_BY (shard))"
            )
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)

    def close(self) -> None:
        self._inserts.close()
        self.db.close()


def read_decisions(folder: Path, shard: int) -> dict[int, list[dict[str, Any]]]:
    """A shard's actions by document index: edits before drops."""
    part = folder / f"shard={shard}"
    out: dict[int, list[dict[str, Any]]] = {}
    if part.is_dir():
        for path in sorted(part.glob("*.parquet")):
            for row in pq.ParquetFile(path).read().to_pylist():  # read_table would import pyarrow.dataset: 60 ms
                out.setdefault(row["idx"], []).append(row)
    return out
