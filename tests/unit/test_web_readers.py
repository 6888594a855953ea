"""Readers of the crawled web: WARC, WET, HTML files and HTML in a JSON Lines field."""

from __future__ import annotations

import gzip
import json

from fastwarc.warc import ArchiveIterator

from gristmill.document import Document
from gristmill.io.readers import Quarantined, ReadOptions, read_file
from gristmill.io.sources import InputFile, discover, kind_of, make_shards
from gristmill.stats import Stats

from ..webdata import SITE, page, write_crawl, write_wet


def read(path, options=None, stats=None):
    f = InputFile(str(path), path.name, kind_of(path.name))
    return list(read_file(f, options or ReadOptions(), stats if stats is not None else Stats()))


def test_suffixes_name_the_kinds():
    assert kind_of("CC-MAIN-1.warc.gz") == kind_of("a.warc") == "warc"
    assert kind_of("CC-MAIN-1.warc.wet.gz") == kind_of("a.wet") == "wet"
    assert kind_of("page.html") == kind_of("page.HTM") == kind_of("page.html.gz") == "html"


def test_warc_responses_are_documents_and_other_records_are_counted_as_skipped(tmp_path):
    stats = Stats()
    records = read(write_crawl(tmp_path / "crawl.warc.gz"), stats=stats)
    assert all(isinstance(r, Document) for r in records)
    assert [r.line for r in records] == [3, 5, 6, 8, 9, 10, 13]
    history, visit, muehle, missing, image, redirect, conversion = records
    assert history.id.startswith("urn:uuid:")
    assert history.metadata["url"] == f"{SITE}/2023/mill-history"
    assert history.metadata["http_status"] == 200
    assert history.metadata["content_type"] == "text/html"
    assert history.metadata["fetch_date"].endswith("Z")
    assert history.metadata["language_hint"] == "en-GB"  # from <html lang>, no HTTP header
    assert visit.metadata["language_hint"] == "en"  # the HTTP Content-Language header wins
    assert "The river mill at the edge of the village" in history.html and history.text == ""
    assert "Die Wassermühle am Rand des Dorfes" in muehle.html  # ISO-8859-1, named only by <meta>
    assert (missing.metadata["http_status"], missing.html) == (404, "")
    assert (image.metadata["content_type"], image.html) == ("image/png", "")
    assert redirect.metadata["http_status"] == 301
    assert conversion.html is None and conversion.text.startswith("Visiting the mill museum")
    assert stats.with_prefix("skipped_records") == {
        "warc_warcinfo": 1,
        "warc_request": 3,
        "warc_revisit": 1,
        "warc_metadata": 1,
    }


def test_uncompressed_warc_reads_the_same(tmp_path):
    gz = read(write_crawl(tmp_path / "a.warc.gz"))
    plain = read(write_crawl(tmp_path / "a.warc", gzip=False))
    assert [(d.line, d.metadata["url"], d.html, d.text) for d in gz] == [
        (d.line, d.metadata["url"], d.html, d.text) for d in plain
    ]


def _member_starts(path):
    with open(path, "rb") as fh:
        return {r.stream_pos for r in ArchiveIterator(fh, parse_http=False)}


def test_truncated_gzip_keeps_the_records_before_the_cut_and_quarantines_the_rest(tmp_path):
    path = write_crawl(tmp_path / "full.warc.gz")
    full = read(path)
    data = path.read_bytes()
    boundaries = _member_starts(path) | {len(data)}
    cut_path = tmp_path / "cut.warc.gz"
    for n in range(1, len(data), 23):
        cut_path.write_bytes(data[:n])
        records = read(cut_path)
        docs = [r for r in records if isinstance(r, Document)]
        bad = [r for r in records if isinstance(r, Quarantined)]
        assert [(d.id, d.html, d.text) for d in docs] == [(d.id, d.html, d.text) for d in full[: len(docs)]]
        if n in boundaries:
            assert not bad
        else:
            assert len(bad) == 1 and records[-1] is bad[0], f"cut at byte {n} went unnoticed"
            assert bad[0].kind in ("unreadable_stream", "truncated_record")
            assert bad[0].source == "cut.warc.gz" and bad[0].line >= (docs[-1].line + 1 if docs else 1)


def test_truncated_plain_warc_record_is_quarantined(tmp_path):
    path = write_crawl(tmp_path / "full.warc", gzip=False)
    data = path.read_bytes()
    cut = data.index(b"The railway") if b"The railway" in data else data.index(b"When the railway")
    cut_path = tmp_path / "cut.warc"
    cut_path.write_bytes(data[:cut])  # inside the body of the first response
    records = read(cut_path)
    assert len(records) == 1 and isinstance(records[0], Quarantined)
    assert records[0].kind == "truncated_record" and records[0].line == 3
    assert "WARC-Target-URI" in records[0].raw


def test_wet_conversion_records_are_text_documents(tmp_path):
    texts = {f"{SITE}/a": "First page text.\nSecond line.", f"{SITE}/b": "Другая страница."}
    stats = Stats()
    docs = read(write_wet(tmp_path / "x.warc.wet.gz", texts), stats=stats)
    assert [(d.metadata["url"], d.text) for d in docs] == list(texts.items())
    assert all(d.html is None and d.metadata["language_hint"] == "eng" for d in docs)
    assert stats.with_prefix("skipped_records") == {"warc_warcinfo": 1}


def test_html_file_is_one_document_named_after_the_file(tmp_path):
    (tmp_path / "muehle.html").write_bytes(page("muehle.html"))
    (tmp_path / "history.html.gz").write_bytes(gzip.compress(page("mill-history.html")))
    [muehle] = read(tmp_path / "muehle.html")
    [history] = read(tmp_path / "history.html.gz")
    assert muehle.id == "muehle" and history.id == "history"
    assert "Die Wassermühle" in muehle.html and muehle.metadata["language_hint"] == "de"
    assert muehle.metadata["url"] is None
    assert history.metadata["url"] == f"{SITE}/2023/mill-history"  # its <link rel="canonical">


def test_html_files_are_grouped_into_shards(tmp_path):
    for i in range(130):
        (tmp_path / f"p{i:03d}.html").write_bytes(b"<p>x</p>")
    shards = make_shards(discover([str(tmp_path)]))
    assert [len(s.files) for s in shards] == [64, 64, 2]


def test_html_field_of_json_lines(tmp_path):
    path = tmp_path / "pages.jsonl"
    lines = [
        {"id": "h", "html": page("mill-history.html").decode(), "url": f"{SITE}/2023/mill-history"},
        {"id": "no-html", "url": "https://example.org/"},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    doc, bad = read(path, ReadOptions(html_field="html"))
    assert doc.id == "h" and doc.text == "" and "The river mill" in doc.html
    assert doc.metadata == {"url": f"{SITE}/2023/mill-history", "language_hint": "en-GB"}
    assert isinstance(bad, Quarantined) and bad.kind == "missing_html" and bad.line == 2


def test_warc_offset_reaches_the_record_as_an_index_would(tmp_path):
    for path in (write_crawl(tmp_path / "a.warc.gz"), write_crawl(tmp_path / "a.warc", gzip=False)):
        docs = read(path)
        assert all(isinstance(d.metadata["warc_offset"], int) for d in docs)
        with open(path, "rb") as fh:
            for doc in docs:
                fh.seek(doc.metadata["warc_offset"])  # a range request on Common Crawl's index offset
                record = next(iter(ArchiveIterator(fh, parse_http=False)))
                assert record.headers["WARC-Record-ID"].strip("<>") == doc.id


def test_truncation_names_the_damaged_member(tmp_path):
    path = write_crawl(tmp_path / "full.warc.gz")
    data = path.read_bytes()
    starts = sorted(_member_starts(path))
    cut = (starts[7] + starts[8]) // 2  # inside the member of record 8, the 404 response
    (tmp_path / "cut.warc.gz").write_bytes(data[:cut])
    *docs, bad = read(tmp_path / "cut.warc.gz")
    assert [d.line for d in docs] == [3, 5, 6]
    assert bad.line == 8 and f"the gzip member at byte {starts[7]}" in bad.error
