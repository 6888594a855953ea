"""Exact deduplication on a hash of normalised text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, Literal

import xxhash

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.steps.base import CorpusStep
from gristmill.steps.dedup.clusters import LinkWriter

KEEP_ORDER = {
    # Which copy of a group is kept: SQL ORDER BY over the `keys` view. Ties go to input order.
    "first": "shard, idx",
    "longest": "length DESC, shard, idx",
    "best": "score DESC NULLS LAST, shard, idx",  # the highest value of the `best_signal` signal
}


def normalized_hash(text: str) -> str:
    """128-bit hash of the text with case and whitespace differences removed.

    >>> normalized_hash("Hello  World\\n") == normalized_hash("hello world")
    True
    """
    return xxhash.xxh3_128_hexdigest(" ".join(text.split()).casefold().encode("utf-8"))


@dataclasses.dataclass(frozen=True)
class ExactDedupParams:
    keep: Literal["first", "longest", "best"] = "first"
    # with keep = "best": the signal whose highest value wins (e.g. "language_score"); a
    # leading "-" makes the lowest win (e.g. "-gopher_repetition.dup_line_frac")
    best_signal: str = "language_score"

    def __post_init__(self) -> None:
        check_keep("exact_dedup", self.keep)


def check_keep(step: str, keep: str) -> None:
    if keep not in KEEP_ORDER:
        raise ConfigError(f"{step}.keep must be one of {', '.join(KEEP_ORDER)}, not {keep!r}")


def signal_scores(docs: list[Document], best_signal: str) -> list[float | None]:
    """Each document's value of the signal that decides keep = "best" (higher wins)."""
    sign, name = (-1.0, best_signal[1:]) if best_signal.startswith("-") else (1.0, best_signal)
    scores: list[float | None] = []
    for d in docs:
        value = d.signals.get(name)
        scores.append(sign * float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None)
    return scores


def duplicates_of_first(store: Any, group_by: str, order: str) -> Iterator[tuple[int, int, str, str]]:
    """(shard, idx, id, kept id) for every row of `keys` but the first of its group
    (by `order`). Runs in DuckDB, so it spills to disk at scale."""
    cursor = store.db.execute(
        f"""
        SELECT shard, idx, id, first_value(id) OVER w AS keeper
        FROM keys WHERE {group_by} IS NOT NULL
        WINDOW w AS (PARTITION BY {group_by} ORDER BY {order})
        QUALIFY row_number() OVER w > 1
        ORDER BY shard, idx
        """
    )
    while rows := cursor.fetchmany(10_000):
        yield from rows


def drop_duplicates(
    step: CorpusStep, store: Any, artifacts: Any, group_by: str, order: str, reason: str
) -> Iterator[tuple[int, int, Decision]]:
    """Drop all but one document per group, recording the links for the clusters table."""
    links = LinkWriter(artifacts, step.name)
    for shard, idx, doc_id, keeper in duplicates_of_first(store, group_by, order):
        links.add(doc_id, keeper)
        yield shard, idx, Decision(step.name, reason, keeper)
    links.close()


class ExactDedup(CorpusStep):
    name = "exact_dedup"
    description = "Drop documents whose normalised text (case, whitespace) equals a kept one."
    REASONS = {"exact_duplicate": "same normalised text as the document in duplicate_of"}
    Params = ExactDedupParams

    def key_fields(self) -> list[Any]:
        import pyarrow as pa

        return [pa.field("hash", pa.string()), pa.field("length", pa.int64()), pa.field("score", pa.float64())]

    def keys(self, docs: list[Document]) -> dict[str, Any]:
        return {
            "hash": [normalized_hash(d.text) for d in docs],
            "length": [len(d.text) for d in docs],
            "score": signal_scores(docs, self.params.best_signal),
        }

    def resolve(self, store: Any, artifacts: Any) -> Iterator[tuple[int, int, Decision]]:
        """Keep one copy per hash: the first in input order, the longest, or the best by a signal."""
        yield from drop_duplicates(self, store, artifacts, "hash", KEEP_ORDER[self.params.keep], "exact_duplicate")
