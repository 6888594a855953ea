"""WARC and WET files (`.warc`, `.warc.gz`, `.wet`, `.wet.gz`), read with FastWARC.

What is a document:
- a `response` record (an HTTP fetch) and a `resource` record: one document each,
  whatever their status or content type. Its HTML (2xx HTML responses only) goes
  to `Document.html` for the extract_html step, which also drops redirects, HTTP
  errors and non-HTML responses with a reason, so they are counted as read and
  dropped and can be found in `dropped/`;
- a `conversion` record (the text of a WET file): one document, its text as it is;
- `request`, `metadata`, `warcinfo`, `revisit` and `continuation` records describe
  or point to content held elsewhere: they are not documents. They are never
  counted as read; summary.json counts them under `skipped_records`.

`line` is the record's number in the file (1-based, every record counted); the
document's id is its WARC-Record-ID, and `metadata.warc_offset` the byte offset of
the record (of its gzip member) in the file, as Common Crawl's index gives it.
gzip is decompressed here (python-isal), not by FastWARC, because a truncated
member must be noticed: FastWARC ends the file quietly there. A truncated or
corrupt file ends with one quarantined record naming the record number, the
damaged member's byte offset in the file and the reason; the records before it
are read as usual. Payloads are read in chunks and only 2xx HTML
ones are kept, up to `max_line_bytes`, so memory does not grow with the file.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from gristmill.io.compression import GZIP_ERRORS, gzip_members
from gristmill.io.html import decode_html, is_html_type, language_hint
from gristmill.stats import Stats

if TYPE_CHECKING:
    from gristmill.io.readers import Progress, ReadOptions, Record
    from gristmill.io.sources import InputFile

_CHUNK = 1 << 20
_NOT_DOCUMENTS = ("request", "metadata", "warcinfo", "revisit", "continuation")


def read_warc(f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None) -> Iterator[Record]:
    from fastwarc.warc import ArchiveIterator

    from gristmill.io.readers import Quarantined

    errors: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, ValueError, *GZIP_ERRORS)
    n = 0  # records seen, documents or not
    with open(f.path, "rb", buffering=_CHUNK) as raw:
        gz = gzip_members(raw) if f.path.lower().endswith(".gz") else None
        try:
            for record in ArchiveIterator(gz or raw, parse_http=True, auto_decode="all", stream_detect=False):
                n += 1
                kind = str(record.record_type)
                if kind in _NOT_DOCUMENTS or kind not in ("response", "resource", "conversion"):
                    stats.add(f"skipped_records.warc_{kind}")
                    record.reader.consume()
                    continue
                offset = gz.member_offset(record.stream_pos) if gz is not None else record.stream_pos
                yield _record(f, n, offset, record, options, stats)
                if progress is not None and n % 64 == 0:
                    progress(raw.tell())
        except errors as exc:
            where = f"the gzip member at byte {gz.member_start}" if gz is not None else f"record {n + 1}"
            error = f"unreadable stream after record {n}, in {where}: {type(exc).__name__}: {exc}"
            yield Quarantined(f.name, n + 1, error, "unreadable_stream")
        if progress is not None:
            progress(raw.tell())


def _record(f: InputFile, n: int, offset: int | None, record: Any, options: ReadOptions, stats: Stats) -> Record:
    """One response, resource or conversion record as a document (or as Quarantined when it is cut short)."""
    from gristmill.document import Document
    from gristmill.io.readers import RAW_PREVIEW_CHARS, Quarantined, derived_id

    headers = record.headers
    record_id = (headers.get("WARC-Record-ID") or "").strip("<> ")
    meta: dict[str, Any] = {
        "url": headers.get("WARC-Target-URI"),
        "fetch_date": headers.get("WARC-Date"),
        "warc_offset": offset,  # of the record (its gzip member) in the file, as a WARC index gives it
    }
    kind = str(record.record_type)
    if record.is_http:
        http = record.http_headers
        meta["http_status"] = http.status_code
        content_type = record.http_content_type or headers.get("WARC-Identified-Payload-Type")
        charset = record.http_charset
        lang = http.get("Content-Language")
    else:
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip() or None
        charset = None
        lang = headers.get("WARC-Identified-Content-Language")  # Common Crawl's WET files carry one
    meta["content_type"] = content_type.lower() if content_type else None
    status = meta.get("http_status")
    wanted = kind == "conversion" or (is_html_type(content_type) and (status is None or 200 <= status < 300))
    payload, size = _payload(record, wanted, options.max_line_bytes)
    declared = record.content_length
    stats.add("bytes_read", size)
    raw_headers = "\n".join(f"{k}: {v}" for k, v in headers.items())
    if size < declared:
        return Quarantined(
            f.name,
            n,
            f"truncated record {record_id} at byte {offset}: {size} of {declared} payload bytes",
            "truncated_record",
            raw_headers,
        )
    if payload is None and wanted:
        return Quarantined(
            f.name,
            n,
            f"oversize: record payload is {size} bytes, over max_line_bytes={options.max_line_bytes}",
            "oversize",
            raw_headers[:RAW_PREVIEW_CHARS],
        )
    doc_id = record_id or derived_id(f, n)
    doc = Document(id=doc_id, text="", metadata=meta, source=f.name, line=n)
    if kind == "conversion":
        doc.text = (payload or b"").decode("utf-8", errors="replace")
    elif payload is not None:
        doc.html = decode_html(payload, charset)
        lang = lang or language_hint(doc.html)
    else:
        doc.html = ""  # extract_html drops it by its status or content type
    meta["language_hint"] = lang.strip() if lang else None
    return doc


def _payload(record: Any, keep: bool, limit: int) -> tuple[bytes | None, int]:
    """(payload or None, its size): read in chunks, kept only if wanted and within the limit."""
    parts: list[bytes] = []
    size = 0
    reader = record.reader
    while chunk := reader.read(_CHUNK):
        size += len(chunk)
        if keep and size <= limit:
            parts.append(chunk)
    if not keep or size > limit:
        return None, size
    return b"".join(parts), size
