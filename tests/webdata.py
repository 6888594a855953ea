"""Small WARC and WET files built with warcio from the pages in tests/data/web/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WEB = Path(__file__).parent / "data" / "web"
SITE = "https://tamsey-notes.example.org"


def page(name: str) -> bytes:
    return (WEB / name).read_bytes()


def _write(w: WARCWriter, record: Any) -> None:
    w.write_record(record)
    record.raw_stream.close()  # warcio buffers the payload in a temporary file and leaves it open


def _response(w: WARCWriter, url: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    _write(w, w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def _request(w: WARCWriter, url: str) -> None:
    host = url.split("/")[2]
    body = f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\n\r\n".encode()
    _write(w, w.create_warc_record(url, "request", payload=io.BytesIO(body)))


def write_crawl(path: Path, gzip: bool = True) -> Path:
    """A WARC file like a crawler writes: warcinfo, request/response pairs (three HTML
    pages, a 404, an image, a redirect), a revisit, a metadata and a conversion record.

    Documents, in order: mill-history (line 3), mill-visit (5), muehle (6), the 404 (8),
    the image (9), the redirect (10), the conversion (13).
    """
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip)
        _write(w, w.create_warcinfo_record(path.name, {"software": "gristmill tests"}))  # 1
        _request(w, f"{SITE}/2023/mill-history")  # 2
        _response(
            w,
            f"{SITE}/2023/mill-history",
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8")],
            page("mill-history.html"),
        )  # 3
        _request(w, f"{SITE}/2023/mill-visit")  # 4
        _response(
            w,
            f"{SITE}/2023/mill-visit",
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Language", "en")],
            page("mill-visit.html"),
        )  # 5
        _response(
            w,
            "http://heimatverein-tamsetal.example.de/muehle",
            "200 OK",
            [("Content-Type", "text/html")],
            page("muehle.html"),
        )  # 6: charset only in the page's <meta>
        _request(w, f"{SITE}/missing")  # 7
        _response(
            w,
            f"{SITE}/missing",
            "404 Not Found",
            [("Content-Type", "text/html")],
            b"<html><body><h1>Not found</h1><p>The page you asked for is not here.</p></body></html>",
        )  # 8
        _response(
            w, f"{SITE}/logo.png", "200 OK", [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        )  # 9
        _response(w, f"{SITE}/old", "301 Moved Permanently", [("Location", f"{SITE}/2023/mill-history")], b"")  # 10
        _write(
            w,
            w.create_revisit_record(
                f"{SITE}/2023/mill-history",
                digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri=f"{SITE}/2023/mill-history",
                refers_to_date="2023-03-12T10:00:00Z",
            ),
        )  # 11
        _write(
            w,
            w.create_warc_record(
                f"{SITE}/2023/mill-history",
                "metadata",
                payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                warc_content_type="application/warc-fields",
            ),
        )  # 12
        _write(
            w,
            w.create_warc_record(
                f"{SITE}/2023/mill-visit",
                "conversion",
                payload=io.BytesIO(b"Visiting the mill museum\nThe old building now houses a museum."),
                warc_content_type="text/plain",
            ),
        )  # 13
    return path


def write_wet(path: Path, texts: dict[str, str]) -> Path:
    """A WET file as Common Crawl writes them: a warcinfo record, then one conversion record per page."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        _write(w, w.create_warcinfo_record(path.name, {"software": "gristmill tests"}))
        for url, text in texts.items():
            headers = [("WARC-Identified-Content-Language", "eng")]
            _write(
                w,
                w.create_warc_record(
                    url,
                    "conversion",
                    payload=io.BytesIO(text.encode()),
                    warc_content_type="text/plain",
                    warc_headers_dict=dict(headers),
                ),
            )
    return path
