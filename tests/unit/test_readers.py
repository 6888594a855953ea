"""Every reader on good input, and on each kind of bad input the foundation issue lists."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from gristmill.document import Document
from gristmill.io.readers import Quarantined, ReadOptions, read_file
from gristmill.io.sources import InputFile, discover, kind_of, make_shards
from gristmill.stats import Stats

from ..conftest import make_text, write_jsonl


def read_all(path: Path, **options: object) -> tuple[list[Document], list[Quarantined], Stats]:
    stats = Stats()
    f = InputFile(str(path), path.name, kind_of(path.name))  # type: ignore[arg-type]
    records = list(read_file(f, ReadOptions(**options), stats))  # type: ignore[arg-type]
    docs = [r for r in records if isinstance(r, Document)]
    bad = [r for r in records if isinstance(r, Quarantined)]
    return docs, bad, stats


@pytest.mark.parametrize("compress,suffix", [(None, ".jsonl"), ("gzip", ".jsonl.gz"), ("zstd", ".jsonl.zst")])
def test_jsonl_reads_every_compression(tmp_path, good_records, compress, suffix):
    path = write_jsonl(tmp_path / f"in{suffix}", good_records, compress)
    docs, bad, _ = read_all(path)
    assert bad == []
    assert [d.id for d in docs] == [r["id"] for r in good_records]
    assert docs[3].text == good_records[3]["text"]
    assert docs[3].metadata == {"url": good_records[3]["url"]}
    assert (docs[3].source, docs[3].line) == (path.name, 4)


def test_missing_id_is_derived_from_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "noid.jsonl", [{"text": "first"}, {"text": "second", "id": ""}])
    docs, _, _ = read_all(path)
    assert [d.id for d in docs] == ["noid.jsonl:1", "noid.jsonl:2"]


def test_custom_text_and_id_fields(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"content": "hello there", "uid": 7, "text": "not this"}])
    docs, _, _ = read_all(path, text_field="content", id_field="uid")
    assert (docs[0].id, docs[0].text) == ("7", "hello there")
    assert docs[0].metadata == {"text": "not this"}


def test_bom_crlf_and_blank_lines_are_handled(tmp_path):
    path = tmp_path / "bom.jsonl"
    lines = [json.dumps({"id": "a", "text": "one"}), "", "   ", json.dumps({"id": "b", "text": "two"})]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    docs, bad, stats = read_all(path)
    assert [d.id for d in docs] == ["a", "b"] and bad == []
    assert [d.line for d in docs] == [1, 4]
    assert stats["blank_lines"] == 2


@pytest.mark.parametrize(
    "line,kind",
    [
        (b'{"id": "x", "text": "unterminated', "malformed_json"),
        (b'{"id": "x", "text": "caf\xe9"}', "invalid_utf8"),
        (b'["an", "array"]', "not_an_object"),
        (b'"just a string"', "not_an_object"),
        (b'{"id": "x"}', "missing_text"),
        (b'{"id": "x", "text": 42}', "non_string_text"),
        (b'{"id": "x", "text": null}', "non_string_text"),
        (b'{"id": "x", "text": "raw \x00 nul byte"}', "malformed_json"),
    ],
)
def test_bad_lines_are_quarantined_with_file_line_and_reason(tmp_path, line, kind):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"id": "ok1", "text": "fine"}, line, {"id": "ok2", "text": "fine too"}])
    docs, bad, _ = read_all(path)
    assert [d.id for d in docs] == ["ok1", "ok2"]
    assert len(bad) == 1
    q = bad[0]
    assert (q.source, q.line, q.kind) == ("bad.jsonl", 2, kind)
    assert q.error and q.raw  # says why, keeps what it could decode


def test_escaped_nul_is_a_valid_document(tmp_path):
    path = write_jsonl(tmp_path / "nul.jsonl", [{"id": "n", "text": "before\u0000after"}])
    docs, bad, _ = read_all(path)
    assert bad == [] and docs[0].text == "before\x00after"


@pytest.mark.parametrize("compress,suffix", [("gzip", ".jsonl.gz"), ("zstd", ".jsonl.zst")])
def test_truncated_stream_keeps_what_was_read_and_reports_the_rest(tmp_path, compress, suffix):
    records = [{"id": f"d{i}", "text": make_text(i, 4)} for i in range(4000)]
    path = write_jsonl(tmp_path / f"t{suffix}", records, compress)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    docs, bad, _ = read_all(path)
    assert 0 < len(docs) < 4000
    assert [d.id for d in docs] == [f"d{i}" for i in range(len(docs))]  # nothing skipped before the break
    assert bad[-1].kind == "unreadable_stream"
    assert bad[-1].line > len(docs)


def test_not_actually_gzip_is_quarantined(tmp_path):
    path = tmp_path / "fake.jsonl.gz"
    path.write_bytes(b'{"id": "a", "text": "plain text pretending"}\n')
    docs, bad, _ = read_all(path)
    assert docs == [] and bad[0].kind == "unreadable_stream" and bad[0].line == 1


def test_empty_file_is_reported(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    docs, bad, _ = read_all(path)
    assert docs == [] and [(q.kind, q.line) for q in bad] == [("empty_file", 0)]


def test_oversize_line_is_quarantined_in_bounded_memory(tmp_path):
    big = {"id": "big", "text": "x" * 5000}
    path = write_jsonl(tmp_path / "o.jsonl", [{"id": "a", "text": "small"}, big, {"id": "b", "text": "small"}])
    docs, bad, _ = read_all(path, max_line_bytes=1000)
    assert [d.id for d in docs] == ["a", "b"]
    assert bad[0].kind == "oversize" and bad[0].line == 2
    assert len(bad[0].raw) <= 1001


def test_parquet_reader(tmp_path, good_records):
    path = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(good_records), path, row_group_size=7)
    docs, bad, _ = read_all(path)
    assert bad == []
    assert [d.id for d in docs] == [r["id"] for r in good_records]
    assert docs[10].line == 11 and docs[10].metadata == {"url": good_records[10]["url"]}


def test_parquet_without_text_column_is_reported(tmp_path):
    path = tmp_path / "notext.parquet"
    pq.write_table(pa.Table.from_pylist([{"id": "a", "body": "x"}]), path)
    docs, bad, _ = read_all(path)
    assert docs == [] and bad[0].kind == "missing_text"


def test_corrupt_parquet_is_quarantined(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not really parquet PAR1")
    docs, bad, _ = read_all(path)
    assert docs == [] and bad[0].kind == "unreadable_stream"


def test_text_folder_one_document_per_file(tmp_path):
    folder = tmp_path / "texts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha text.\n", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Beta text.\n", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"caf\xe9")
    (folder / "d.txt").write_bytes(b"")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    files = discover([str(folder)])
    assert [f.name for f in files] == ["texts/a.txt", "texts/c.txt", "texts/d.txt", "texts/sub/b.txt"]
    shards = make_shards(files)
    assert len(shards) == 1
    results = {}
    for f in files:
        docs, bad, _ = read_all(Path(f.path))
        results[f.name] = (docs[0].text if docs else None, bad[0].kind if bad else None)
    assert results["texts/a.txt"] == ("Alpha text.\n", None)
    assert results["texts/c.txt"] == (None, "invalid_utf8")
    assert results["texts/d.txt"] == (None, "empty_file")


def test_discover_rejects_missing_and_unsupported_paths(tmp_path):
    from gristmill.errors import InputError

    with pytest.raises(InputError, match="not found"):
        discover([str(tmp_path / "nope.jsonl")])
    (tmp_path / "x.csv").write_text("a,b")
    with pytest.raises(InputError, match="unsupported"):
        discover([str(tmp_path / "x.csv")])
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(InputError, match="no readable input"):
        discover([str(tmp_path / "emptydir")])


def test_gzip_json_suffix_is_read_as_jsonl(tmp_path):
    path = tmp_path / "x.json.gz"
    path.write_bytes(gzip.compress(b'{"id": "g", "text": "gz"}\n'))
    docs, _, _ = read_all(path)
    assert docs[0].id == "g"


@pytest.mark.parametrize("shard_bytes", [1, 700, 5000, 10**9])
def test_split_plain_jsonl_reads_every_line_once_with_true_line_numbers(tmp_path, shard_bytes, monkeypatch):
    import gristmill.io.sources as sources

    monkeypatch.setattr(sources, "_SCAN_BLOCK", 1024)  # cuts fall across scan blocks too
    records = [{"id": f"d{i}", "text": make_text(i, 1 + i % 4)} if i % 9 else b"" for i in range(300)]
    path = write_jsonl(tmp_path / "big.jsonl", records)
    whole, whole_bad, _ = read_all(path)
    f = InputFile(str(path), path.name, "jsonl")
    pieces = sources.split_plain_jsonl(f, shard_bytes)
    if shard_bytes < path.stat().st_size:
        assert len(pieces) > 1
    docs = []
    for piece in pieces:
        stats = Stats()
        recs = list(read_file(piece, ReadOptions(), stats))
        assert not [r for r in recs if isinstance(r, Quarantined)]
        docs += recs
    assert [(d.id, d.line) for d in docs] == [(d.id, d.line) for d in whole]
    assert whole_bad == []
