"""Lines repeated across documents (cc_net-style): a site's navigation, footers
and widgets, learnt from the corpus instead of listed by hand.

Every document contributes the distinct hashes of its normalised lines and its
site (the host of its URL). A line that occurs in more than `site_max_docs`
documents of one site is that site's boilerplate; with `corpus_max_docs` set,
a line in more than that many documents anywhere is removed too. Removals are
edits, recorded per line with the reason code, applied in the next pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import xxhash

from gristmill.document import Document
from gristmill.errors import ConfigError
from gristmill.stats import Stats
from gristmill.steps.base import Change, CorpusEdit, CorpusStep, apply_changes


def line_hash(line: str) -> int:
    """Signed 64-bit hash of a line with case and spacing differences removed (0: a blank line)."""
    norm = " ".join(line.split()).casefold()
    return xxhash.xxh3_64_intdigest(norm.encode("utf-8", "surrogatepass")) - (1 << 63) if norm else 0


def site_of(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


@dataclasses.dataclass(frozen=True)
class LineDedupParams:
    site_max_docs: int = 3  # a line in more documents than this, on one site, is removed (0: off)
    corpus_max_docs: int = 0  # a line in more documents than this, anywhere, is removed (0: off)
    min_chars: int = 1  # shorter lines are never counted
    url_field: str = "url"

    def __post_init__(self) -> None:
        if self.site_max_docs < 0 or self.corpus_max_docs < 0 or self.min_chars < 0:
            raise ConfigError("line_dedup.site_max_docs, corpus_max_docs and min_chars must be 0 or more")


class LineDedup(CorpusStep):
    name = "line_dedup"
    description = "Remove lines that recur across many documents of a site (or the corpus): learnt boilerplate."
    EDITS = {
        "site_boilerplate": "a line found in more than site_max_docs documents of the same site",
        "corpus_boilerplate": "a line found in more than corpus_max_docs documents of the corpus",
    }
    Params = LineDedupParams

    def key_fields(self) -> list[Any]:
        import pyarrow as pa

        return [pa.field("site", pa.string()), pa.field("lines", pa.list_(pa.int64()))]

    def _hashes(self, text: str) -> list[int]:
        return [line_hash(line) if len(line.strip()) >= self.params.min_chars else 0 for line in text.split("\n")]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        return {
            "site": [site_of(d.metadata.get(self.params.url_field)) for d in docs],
            "lines": [sorted(set(self._hashes(d.text)) - {0}) for d in docs],
        }

    def resolve(self, store: Any, artifacts: Any) -> Iterator[tuple[int, int, CorpusEdit]]:
        """Per document, the hashes to remove and why: {"site": [...], "corpus": [...]}."""
        p = self.params
        db = store.db
        where = "" if p.corpus_max_docs else "WHERE site IS NOT NULL"  # site scope only: skip URL-less documents
        db.execute(f"CREATE TEMP TABLE ld_lines AS SELECT shard, idx, site, unnest(lines) AS h FROM keys {where}")
        parts = []
        if p.site_max_docs:
            parts.append(
                f"""SELECT l.shard, l.idx, l.h, 'site' AS scope FROM ld_lines l JOIN (
                    SELECT site, h FROM ld_lines WHERE site IS NOT NULL GROUP BY site, h
                    HAVING count(*) > {int(p.site_max_docs)}) f ON l.site = f.site AND l.h = f.h"""
            )
        if p.corpus_max_docs:
            parts.append(
                f"""SELECT l.shard, l.idx, l.h, 'corpus' AS scope FROM ld_lines l JOIN (
                    SELECT h FROM ld_lines GROUP BY h HAVING count(*) > {int(p.corpus_max_docs)}) f ON l.h = f.h"""
            )
        if not parts:
            return
        cursor = db.execute(
            f"""SELECT shard, idx, scope, list(h ORDER BY h) FROM ({" UNION ALL ".join(parts)})
                GROUP BY shard, idx, scope ORDER BY shard, idx, scope"""
        )
        current: tuple[int, int] | None = None
        payload: dict[str, list[int]] = {}
        while rows := cursor.fetchmany(10_000):
            for shard, idx, scope, hashes in rows:
                if current is not None and (shard, idx) != current:
                    yield current[0], current[1], CorpusEdit(self.name, payload)
                    payload = {}
                current = (shard, idx)
                payload[scope] = hashes
        if current is not None:
            yield current[0], current[1], CorpusEdit(self.name, payload)

    def apply_edit(self, doc: Document, payload: Any, stats: Stats) -> None:
        """Remove each line whose hash the corpus marked, with its line break."""
        site = set(payload.get("site", ()))
        corpus = set(payload.get("corpus", ()))
        changes = []
        pos = 0
        lines = doc.text.split("\n")
        for n, (line, h) in enumerate(zip(lines, self._hashes(doc.text), strict=True)):
            end = pos + len(line)
            if h and (h in site or h in corpus):
                code = "site_boilerplate" if h in site else "corpus_boilerplate"
                # take the line break after it (or, for the last line, the one before it)
                start, stop = (pos, end + 1) if n < len(lines) - 1 else (max(pos - 1, 0), end)
                changes.append(Change(start, stop, "", code))
            pos = end + 1
        apply_changes(self, doc, _merge_adjacent(changes), stats)


def _merge_adjacent(changes: list[Change]) -> list[Change]:
    """Adjacent removals can overlap at one shared line break (last line); keep them disjoint."""
    out: list[Change] = []
    for c in changes:
        if out and c.start < out[-1].end:
            c = Change(out[-1].end, c.end, "", c.code)
            if c.start >= c.end:
                continue
        out.append(c)
    return out
