"""Corpus keys: what each document contributes to a corpus-wide decision.

Workers write one Parquet file of keys per shard and corpus step (columns
`shard`, `idx`, `id` plus the step's own); on the driver a `KeyStore` exposes
them to DuckDB as the view `keys`, so group-bys and joins over millions of
documents spill to disk instead of filling memory.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

BASE_FIELDS = [pa.field("shard", pa.int32()), pa.field("idx", pa.int64()), pa.field("id", pa.string())]


def key_schema(fields: Sequence[pa.Field]) -> pa.Schema:
    return pa.schema([*BASE_FIELDS, *fields])


class KeyWriter:
    """Batches of key rows for one shard, written atomically to one Parquet file."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.tmp = path.with_name("." + path.name + ".tmp")
        self.schema = schema
        self._writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")

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


class KeyStore:
    """A DuckDB connection with the view `keys` over every shard's key file (or
    an in-memory Arrow table), and `dropped`: documents an earlier corpus step of
    the same pass already removed, which later steps must ignore."""

    def __init__(self, source: list[Path] | pa.Table, temp_dir: Path | None = None, memory_limit: str = "4GB") -> None:
        import duckdb

        self.db = duckdb.connect()
        self.db.execute(f"SET memory_limit = '{memory_limit}'")
        self.db.execute("SET preserve_insertion_order = false")
        if temp_dir is not None:
            temp_dir.mkdir(parents=True, exist_ok=True)
            self.db.execute(f"SET temp_directory = '{temp_dir}'")
        if isinstance(source, pa.Table):
            self.db.register("keys_source", source)
            self.db.execute("CREATE VIEW keys_all AS SELECT * FROM keys_source")
        else:
            files = ", ".join(f"'{p}'" for p in source)
            self.db.execute(f"CREATE VIEW keys_all AS SELECT * FROM read_parquet([{files}])")
        self.db.execute("CREATE TABLE dropped (shard INTEGER, idx BIGINT)")
        self.db.execute(
            "CREATE VIEW keys AS SELECT k.* FROM keys_all k ANTI JOIN dropped d ON k.shard = d.shard AND k.idx = d.idx"
        )

    def mark_dropped(self, rows: list[tuple[int, int]]) -> None:
        if rows:
            shards, idxs = zip(*rows, strict=True)
            batch = pa.table({"shard": pa.array(shards, pa.int32()), "idx": pa.array(idxs, pa.int64())})
            self.db.register("dropped_batch", batch)
            self.db.execute("INSERT INTO dropped SELECT shard, idx FROM dropped_batch")
            self.db.unregister("dropped_batch")

    def close(self) -> None:
        self.db.close()
