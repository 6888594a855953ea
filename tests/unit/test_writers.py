from __future__ import annotations

import gzip

import pytest

from gristmill.document import Decision, Document, Edit
from gristmill.io.writers import JsonlWriter, ParquetWriter, open_writer, read_records


def sample_docs() -> list[Document]:
    return [
        Document(
            "a",
            "First text.",
            {"url": "https://example.org/a", "n": 1},
            {"words": 2},
            [Edit("normalize_whitespace", "trailing_space", 11, 13, "  ")],
            None,
            "in.jsonl",
            1,
        ),
        Document("b", "Second text.", {}, {}, [], Decision("exact_dedup", "exact_duplicate", "a"), "in.jsonl", 2),
    ]


@pytest.mark.parametrize(
    "fmt,compression,suffix",
    [
        ("jsonl", "gzip", ".jsonl.gz"),
        ("jsonl", "zstd", ".jsonl.zst"),
        ("jsonl", "none", ".jsonl"),
        ("parquet", "zstd", ".parquet"),
        ("parquet", "none", ".parquet"),
    ],
)
def test_round_trip(tmp_path, fmt, compression, suffix):
    w = open_writer(tmp_path / "part-00000", fmt, compression)
    for d in sample_docs():
        w.write(d.to_record())
    assert not (tmp_path / f"part-00000{suffix}").exists()  # not under its final name until committed
    path = w.commit()
    assert path.name == f"part-00000{suffix}"
    back = [Document.from_record(r) for r in read_records(path)]
    assert back == sample_docs()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left


def test_abort_leaves_nothing(tmp_path):
    w = JsonlWriter(tmp_path / "part-00001", "gzip")
    w.write({"id": "x", "text": "y"})
    w.abort()
    assert list(tmp_path.iterdir()) == []


def test_gzip_output_is_deterministic_and_standard(tmp_path):
    outputs = []
    for name in ("one", "two"):
        w = JsonlWriter(tmp_path / name, "gzip")
        for d in sample_docs():
            w.write(d.to_record())
        outputs.append(w.commit().read_bytes())
    assert outputs[0] == outputs[1]
    assert gzip.decompress(outputs[0]).count(b"\n") == 2  # any gzip reader can open it


def test_parquet_writer_spans_row_groups(tmp_path):
    w = ParquetWriter(tmp_path / "big", "zstd")
    w.ROWS_PER_GROUP = 10
    for i in range(35):
        w.write(Document(f"d{i}", f"text {i}", {"i": i}, source="s", line=i + 1).to_record())
    rows = read_records(w.commit())
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(35)]
    assert rows[34]["metadata"] == {"i": 34}
