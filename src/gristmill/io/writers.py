"""Output shard writers. Every file is written under a temporary name and
renamed into place on `commit`, so a killed run never leaves a half-written
shard under its final name. Each writer's temporary name is its own, so two
attempts at the same task (a retry on a cluster while a lost node's attempt
still runs) never write into one file; whichever renames last wins, with the
same bytes.

Output is deterministic: the same records give byte-identical files (gzip
headers carry no timestamp), which is what makes a resumed run identical to an
uninterrupted one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from gristmill.io.compression import decompressing, gzip_writer

_FLUSH_BYTES = 1 << 20


def _dumps(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, default=str, option=orjson.OPT_NON_STR_KEYS)


def temporary(path: Path) -> Path:
    """A fresh hidden name beside `path` to write it under (`.NAME.<unique>.tmp`)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


class JsonlWriter:
    """JSON Lines, optionally gzip (fast level, readable everywhere) or zstd."""

    def __init__(self, path: Path, compression: str = "gzip", *, level: int = 3) -> None:
        suffix = {"gzip": ".jsonl.gz", "zstd": ".jsonl.zst", "none": ".jsonl"}[compression]
        self.path = path.with_name(path.name + suffix)
        self.tmp = temporary(self.path)
        self._raw = open(self.tmp, "wb")
        self._out: IO[bytes]
        if compression == "gzip":
            self._out = gzip_writer(self._raw)
        elif compression == "zstd":
            import zstandard

            compressor = zstandard.ZstdCompressor(level=level)
            self._out = compressor.stream_writer(self._raw, closefd=False)  # type: ignore[assignment]
        else:
            self._out = self._raw
        self._buffer: list[bytes] = []
        self._buffered = 0
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        line = _dumps(record) + b"\n"
        self._buffer.append(line)
        self._buffered += len(line)
        self.count += 1
        if self._buffered >= _FLUSH_BYTES:
            self._flush()

    def _flush(self) -> None:
        self._out.write(b"".join(self._buffer))
        self._buffer.clear()
        self._buffered = 0

    def commit(self) -> Path:
        self._flush()
        if self._out is not self._raw:
            self._out.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())  # a committed file survives a power cut, not only a killed process
        self._raw.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        if not self._raw.closed:
            self._raw.close()
        self.tmp.unlink(missing_ok=True)


class ParquetWriter:
    """Parquet with a fixed schema: `metadata` and `signals` as JSON strings
    (their keys vary by input), `edits` as a list of structs."""

    ROWS_PER_GROUP = 4096

    def __init__(self, path: Path, compression: str = "zstd") -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.path = path.with_name(path.name + ".parquet")
        self.tmp = temporary(self.path)
        edit = pa.struct(
            [
                ("step", pa.string()),
                ("code", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("removed", pa.string()),
                ("replacement", pa.string()),
            ]
        )
        self.schema = pa.schema(
            [
                ("id", pa.string()),
                ("text", pa.string()),
                ("metadata", pa.string()),
                ("signals", pa.string()),
                ("edits", pa.list_(edit)),
                ("source", pa.string()),
                ("line", pa.int64()),
                ("reason", pa.string()),
                ("step", pa.string()),
                ("duplicate_of", pa.string()),
            ]
        )
        codec = {"gzip": "gzip", "zstd": "zstd", "none": "none"}[compression]
        self._writer = pq.ParquetWriter(self.tmp, self.schema, compression=codec)
        self._rows: list[dict[str, Any]] = []
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        row = dict(record)
        row["metadata"] = _dumps(record.get("metadata") or {}).decode()
        row["signals"] = _dumps(record.get("signals") or {}).decode()
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self.ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows.clear()

    def commit(self) -> Path:
        self._flush()
        self._writer.close()
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self._writer.close()
        finally:
            self.tmp.unlink(missing_ok=True)


Writer = JsonlWriter | ParquetWriter


def open_writer(path: Path, fmt: str, compression: str) -> Writer:
    """`path` is the file name without suffix (e.g. kept/part-00003)."""
    if fmt == "parquet":
        return ParquetWriter(path, compression)
    return JsonlWriter(path, compression)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Read back any file a writer made (used by verify, explain and tests)."""
    name = path.name
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(path).read().to_pylist()
        for row in rows:
            row["metadata"] = orjson.loads(row["metadata"] or "{}")
            row["signals"] = orjson.loads(row["signals"] or "{}")
            for key in ("reason", "step", "duplicate_of"):
                if row.get(key) is None:
                    row.pop(key, None)
        return rows
    return list(iter_jsonl(path))


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as raw:
        for line in decompressing(str(path), raw):
            if line.strip():
                yield orjson.loads(line)
