"""What the readers of web pages need to know about HTML before it is parsed:
its character encoding, its language hint, its canonical URL, and whether a
content type is HTML at all. Cheap scans of the page's first bytes; the page
itself is parsed once, by the extract_html step.
"""

from __future__ import annotations

import codecs
import re

# Content types extract_html tries; a missing one is tried too (saved pages, JSON Lines).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml+html", "text/xhtml"})

_HEAD_BYTES = 8192  # where meta charset, <html lang> and <link rel=canonical> are looked for

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I)
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_REL_CANONICAL = re.compile(r"""\brel\s*=\s*["']?canonical\b""", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.I)

# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do we.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"})


def is_html_type(content_type: str | None) -> bool:
    """True for HTML content types, and for an unknown one (None or empty).

    >>> is_html_type("text/html"), is_html_type("image/png"), is_html_type(None)
    (True, False, True)
    """
    return not content_type or content_type.split(";")[0].strip().lower() in HTML_TYPES


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Bytes to text as a browser would: byte-order mark, then the declared (HTTP)
    charset, then a `<meta charset>` in the page's head, then UTF-8 if the bytes are
    valid UTF-8, else windows-1252. Undecodable bytes become U+FFFD, never an error.

    >>> decode_html(b'<meta charset="iso-8859-1"><p>caf\\xe9')
    '<meta charset="iso-8859-1"><p>café'
    >>> decode_html("<p>café".encode())
    '<p>café'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for label in (declared, _meta_charset(data)):
        codec = _codec(label)
        if codec is not None:
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data, 0, _HEAD_BYTES)
    return m.group(1).decode("ascii") if m else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    if label in ("utf-16", "utf-16le", "utf-16be"):
        return "utf-8"  # a meta tag cannot truly say UTF-16: the bytes it was read from were ASCII-compatible
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def language_hint(html: str) -> str | None:
    """The `lang` attribute of the `<html>` element, as written.

    >>> language_hint('<!doctype html><html class="x" lang="pt-BR"><head>')
    'pt-BR'
    """
    m = _HTML_LANG.search(html, 0, _HEAD_BYTES)
    return m.group(1) if m else None


def canonical_url(html: str) -> str | None:
    """The page's `<link rel="canonical" href=...>`, if it is an absolute http(s) URL.

    >>> canonical_url('<head><link href="https://example.org/a" rel="canonical"></head>')
    'https://example.org/a'
    """
    for m in _LINK.finditer(html, 0, _HEAD_BYTES * 4):
        tag = m.group(0)
        if _REL_CANONICAL.search(tag):
            href = _HREF.search(tag)
            if href and href.group(1).lower().startswith(("http://", "https://")):
                return href.group(1)
    return None
