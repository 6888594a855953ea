"""URL deduplication: one document per normalised URL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from gristmill.document import Decision, Document
from gristmill.steps.base import CorpusStep
from gristmill.steps.dedup.exact import KEEP_ORDER, check_keep, drop_duplicates, signal_scores

# Query parameters that track a visit rather than name a page.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src", "igshid", "_ga")


def normalize_url(url: str) -> str | None:
    """The URL with the differences that do not change the page removed: scheme,
    case of the host, `www.`, default ports, fragments, tracking parameters, the
    order of query parameters and a trailing slash. None for what is not a URL.

    >>> normalize_url("HTTPS://www.Example.org:443/a/b/?utm_source=x&b=2&a=1#top")
    'example.org/a/b?a=1&b=2'
    >>> normalize_url("not a url") is None
    True
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith(_TRACKING))
    path = parts.path.rstrip("/")
    return urlunsplit(("", f"{host}:{port}" if port else host, path, urlencode(query), "")).removeprefix("//")


@dataclasses.dataclass(frozen=True)
class UrlDedupParams:
    url_field: str = "url"  # the metadata field holding the page's URL
    keep: Literal["first", "longest", "best"] = "first"
    best_signal: str = "language_score"  # with keep = "best" (see exact_dedup)

    def __post_init__(self) -> None:
        check_keep("url_dedup", self.keep)


class UrlDedup(CorpusStep):
    name = "url_dedup"
    description = "Keep one document per normalised URL (when the input has URLs)."
    REASONS = {"url_duplicate": "same normalised URL as the document in duplicate_of"}
    Params = UrlDedupParams

    def key_fields(self) -> list[Any]:
        import pyarrow as pa

        return [pa.field("url", pa.string()), pa.field("length", pa.int64()), pa.field("score", pa.float64())]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        urls = [d.metadata.get(self.params.url_field) for d in docs]
        return {
            "url": [normalize_url(u) if isinstance(u, str) else None for u in urls],
            "length": [len(d.text) for d in docs],
            "score": signal_scores(docs, self.params.best_signal),
        }

    def resolve(self, store: Any, artifacts: Any) -> Iterator[tuple[int, int, Decision]]:
        yield from drop_duplicates(self, store, artifacts, "url", KEEP_ORDER[self.params.keep], "url_duplicate")
