"""Exact deduplication on a hash of normalised text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, Literal

import xxhash

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.steps.base import CorpusStep

KEEP_ORDER = {
    # Which copy of a group is kept: SQL ORDER BY over the `keys` view. Ties go to input order.
    "first": "shard, idx",
    "longest": "length DESC, shard, idx",
}


def normalized_hash(text: str) -> str:
    """128-bit hash of the text with case and whitespace differences removed.

    >>> normalized_hash("Hello  World\\n") == normalized_hash("hello world")
    True
    """
    return xxhash.xxh3_128_hexdigest(" ".join(text.split()).casefold().encode("utf-8"))


@dataclasses.dataclass(frozen=True)
class ExactDedupParams:
    keep: Literal["first", "longest"] = "first"

    def __post_init__(self) -> None:
        if self.keep not in KEEP_ORDER:
            raise ConfigError(f"exact_dedup.keep must be one of {', '.join(KEEP_ORDER)}, not {self.keep!r}")


def drop_all_but_one(store: Any, group_by: str, order: str, step: str, reason: str) -> Iterator[tuple[int, int, Decision]]:
    """Every row of `keys` but the first of its group (by `order`), as drop decisions
    naming the kept row. Runs in DuckDB, so it spills to disk at scale."""
    cursor = store.db.execute(
        f"""
        SELECT shard, idx, first_value(id) OVER w AS keeper
        FROM keys WHERE {group_by} IS NOT NULL
        WINDOW w AS (PARTITION BY {group_by} ORDER BY {order})
        QUALIFY row_number() OVER w > 1
        ORDER BY shard, idx
        """
    )
    while rows := cursor.fetchmany(10_000):
        for shard, idx, keeper in rows:
            yield shard, idx, Decision(step, reason, keeper)


class ExactDedup(CorpusStep):
    name = "exact_dedup"
    description = "Drop documents whose normalised text (case, whitespace) equals a kept one."
    REASONS = {"exact_duplicate": "same normalised text as the document in duplicate_of"}
    Params = ExactDedupParams

    def key_fields(self) -> list[Any]:
        import pyarrow as pa

        return [pa.field("hash", pa.string()), pa.field("length", pa.int64())]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        return {"hash": [normalized_hash(d.text) for d in docs], "length": [len(d.text) for d in docs]}

    def resolve(self, store: Any, artifacts: Any) -> Iterator[tuple[int, int, Decision]]:
        """Keep one copy per hash: the first in input order, or the longest."""
        yield from drop_all_but_one(store, "hash", KEEP_ORDER[self.params.keep], self.name, "exact_duplicate")
