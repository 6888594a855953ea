"""Streaming readers: one input file in, `Document`s and `Quarantined` records out.

Readers never raise on bad content: a record that cannot become a document is
yielded as `Quarantined` with its file, line and the reason, and reading goes
on (a truncated compressed stream ends the file with one final record). Memory
stays bounded: lines are read one at a time, capped at `max_line_bytes`.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from gristmill.document import Document
from gristmill.io.compression import GZIP_ERRORS, decompressing
from gristmill.io.html import canonical_url, decode_html, language_hint
from gristmill.io.sources import InputFile
from gristmill.stats import Stats

RAW_PREVIEW_CHARS = 65536  # how much of an oversize or undecodable record the quarantine keeps


@dataclass(slots=True)
class Quarantined:
    source: str
    line: int
    error: str
    kind: str  # a short stable category, counted in the summary
    raw: str = ""

    def to_record(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "kind": self.kind, "error": self.error, "raw": self.raw}


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"
    max_line_bytes: int = 64 * 1024 * 1024
    html_field: str = ""  # JSON Lines and Parquet: a field holding a page's HTML, extracted by extract_html


Record = Document | Quarantined
Progress = Callable[[int], None]  # called with the raw (on-disk) bytes consumed so far


def read_file(f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None) -> Iterator[Record]:
    from gristmill.io.warc import read_warc

    readers = {
        "jsonl": read_jsonl,
        "parquet": read_parquet,
        "text": read_text,
        "html": read_html,
        "warc": read_warc,
        "wet": read_warc,
    }
    yield from readers[f.kind](f, options, stats, progress)


# --- compressed streams -------------------------------------------------------

_STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


def _stream_errors() -> tuple[type[BaseException], ...]:
    import zstandard

    return (*_STREAM_ERRORS, *GZIP_ERRORS, zstandard.ZstdError)


def _lines(
    f: InputFile, options: ReadOptions, progress: Progress | None
) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, line bytes, None) for each line, or (n, None, error) for an
    unreadable one. An oversize line is skipped in bounded memory and reported;
    a broken stream ends with one error entry."""
    errors = _stream_errors()
    limit = options.max_line_bytes
    with open(f.path, "rb", buffering=1 << 20) as raw:
        stream = decompressing(f.path, raw)
        if f.start:
            raw.seek(f.start)  # only plain files are split into ranges
        n = f.first_line - 1
        try:
            while True:
                if f.end is not None and raw.tell() >= f.end:
                    break
                line = stream.readline(limit + 1)
                if not line:
                    break
                n += 1
                if progress is not None and n % 1024 == 0:
                    progress(raw.tell())
                if len(line) > limit and not line.endswith(b"\n"):
                    size = len(line)
                    preview = line[:RAW_PREVIEW_CHARS]
                    while line and not line.endswith(b"\n"):
                        line = stream.readline(1 << 20)
                        size += len(line)
                    yield n, preview, f"oversize: line is at least {size} bytes, over max_line_bytes={limit}"
                    continue
                yield n, line, None
        except errors as exc:
            yield n + 1, None, f"unreadable stream: {type(exc).__name__}: {exc}"
        if progress is not None:
            progress(raw.tell())


def _decode(line: bytes) -> str:
    return line.decode("utf-8", errors="replace")


# --- JSON Lines ----------------------------------------------------------------


def read_jsonl(f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None) -> Iterator[Record]:
    saw_line = False
    for n, line, error in _lines(f, options, progress):
        if error is not None:
            kind = "oversize" if error.startswith("oversize") else "unreadable_stream"
            yield Quarantined(f.name, n, error, kind, _decode(line or b"")[:RAW_PREVIEW_CHARS])
            saw_line = True
            continue
        assert line is not None
        stats.add("bytes_read", len(line))
        if n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a UTF-8 byte-order mark
        if not line.strip():
            stats.add("blank_lines")
            continue
        saw_line = True
        yield _parse_json_line(f, n, line, options)
    if not saw_line and f.whole:
        yield Quarantined(f.name, 0, "empty file: no records", "empty_file")


def _parse_json_line(f: InputFile, n: int, line: bytes, options: ReadOptions) -> Record:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return Quarantined(f.name, n, f"invalid UTF-8 at byte {uexc.start}", "invalid_utf8", _decode(line))
        return Quarantined(f.name, n, f"malformed JSON: {exc}", "malformed_json", _decode(line))
    if not isinstance(obj, dict):
        return Quarantined(f.name, n, f"expected a JSON object, got {_json_type(obj)}", "not_an_object", _decode(line))
    return _to_document(f, n, obj, options, lambda: _decode(line))


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _to_document(f: InputFile, n: int, obj: dict[str, Any], options: ReadOptions, raw: Callable[[], str]) -> Record:
    field = options.html_field or options.text_field
    what = "html" if options.html_field else "text"
    text = obj.get(field)
    if text is None:
        if field not in obj:
            return Quarantined(f.name, n, f"missing {what} field {field!r}", f"missing_{what}", raw())
        return Quarantined(f.name, n, f"{what} field {field!r} is null", f"non_string_{what}", raw())
    if not isinstance(text, str):
        return Quarantined(
            f.name,
            n,
            f"{what} field {field!r} is {_json_type(text)}, not a string",
            f"non_string_{what}",
            raw(),
        )
    doc_id = obj.get(options.id_field)
    if isinstance(doc_id, (str, int)) and not isinstance(doc_id, bool) and str(doc_id) != "":
        doc_id = str(doc_id)
    else:
        doc_id = derived_id(f, n)
    metadata = {k: v for k, v in obj.items() if k != field and k != options.id_field}
    if options.html_field:
        metadata.setdefault("language_hint", language_hint(text))
        return Document(id=doc_id, text="", metadata=metadata, source=f.name, line=n, html=text)
    return Document(id=doc_id, text=text, metadata=metadata, source=f.name, line=n)


def derived_id(f: InputFile, n: int) -> str:
    """A stable id for a record without one: its file's name and line (or row)."""
    return f"{f.name}:{n}"


# --- Parquet -------------------------------------------------------------------


def read_parquet(
    f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None
) -> Iterator[Record]:
    """Rows in batches; `line` is the 1-based row number."""
    import pyarrow.parquet as pq

    row = 0
    try:
        pf = pq.ParquetFile(f.path)
        if pf.metadata.num_rows == 0:
            yield Quarantined(f.name, 0, "empty file: no rows", "empty_file")
            return
        field = options.html_field or options.text_field
        if field not in pf.schema_arrow.names:
            what = "html" if options.html_field else "text"
            yield Quarantined(f.name, 0, f"missing {what} field {field!r} in the Parquet schema", f"missing_{what}")
            stats.add("parquet_rows_skipped", pf.metadata.num_rows)
            return
        for batch in pf.iter_batches(batch_size=1024):
            for obj in batch.to_pylist():
                row += 1
                stats.add("bytes_read", len(obj.get(field) or ""))
                yield _to_document(f, row, obj, options, lambda obj=obj: _preview(obj))
    except Exception as exc:  # pyarrow raises several types for corrupt files
        yield Quarantined(f.name, row + 1, f"unreadable Parquet: {type(exc).__name__}: {exc}", "unreadable_stream")
    if progress is not None:
        progress(os.path.getsize(f.path))


def _preview(obj: dict[str, Any]) -> str:
    return orjson.dumps(obj, default=str).decode()[:RAW_PREVIEW_CHARS]


# --- folders of text files -----------------------------------------------------


def read_text(f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None) -> Iterator[Record]:
    """One document per file; its id is the file's name without `.txt`."""
    data = _whole_file(f, options, stats, progress, "text")
    if isinstance(data, Quarantined):
        yield data
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Quarantined(f.name, 1, f"invalid UTF-8 at byte {exc.start}", "invalid_utf8", _decode(data))
        return
    doc_id = f.name[: -len(".txt")] if f.name.lower().endswith(".txt") else f.name
    yield Document(id=doc_id, text=text, metadata={}, source=f.name, line=1)


def _whole_file(
    f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None, what: str
) -> bytes | Quarantined:
    """A one-document file's bytes (decompressed by suffix), or why it cannot be one."""
    try:
        with open(f.path, "rb") as raw:
            data = decompressing(f.path, raw).read(options.max_line_bytes + 1)
    except _stream_errors() as exc:
        return Quarantined(f.name, 1, f"unreadable stream: {type(exc).__name__}: {exc}", "unreadable_stream")
    if progress is not None:
        progress(os.path.getsize(f.path))
    stats.add("bytes_read", len(data))
    if len(data) > options.max_line_bytes:
        error = f"oversize: file over max_line_bytes={options.max_line_bytes}"
        return Quarantined(f.name, 1, error, "oversize", _decode(data[:RAW_PREVIEW_CHARS]))
    if not data.strip():
        return Quarantined(f.name, 0, f"empty file: no {what}", "empty_file")
    return data


# --- HTML files ----------------------------------------------------------------


def read_html(f: InputFile, options: ReadOptions, stats: Stats, progress: Progress | None = None) -> Iterator[Record]:
    """One page per `.html` / `.htm` file (gzip-compressed or not); its id is the file's
    name without those suffixes, and its URL the page's canonical link, if it has one."""
    data = _whole_file(f, options, stats, progress, "HTML")
    if isinstance(data, Quarantined):
        yield data
        return
    html = decode_html(data)
    doc_id = f.name
    for suffix in (".gz", ".html", ".htm"):
        if doc_id.lower().endswith(suffix):
            doc_id = doc_id[: -len(suffix)]
    metadata = {"url": canonical_url(html), "content_type": "text/html", "language_hint": language_hint(html)}
    yield Document(id=doc_id, text="", metadata=metadata, source=f.name, line=1, html=html)
