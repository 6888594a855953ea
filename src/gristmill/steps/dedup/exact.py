"""Exact deduplication on a hash of normalised text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import xxhash

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.steps.base import CorpusStep


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
        if self.keep not in ("first", "longest"):
            raise ConfigError(f"exact_dedup.keep must be 'first' or 'longest', not {self.keep!r}")


class ExactDedup(CorpusStep):
    name = "exact_dedup"
    description = "Drop documents whose normalised text (case, whitespace) equals an earlier kept one."
    REASONS = {"exact_duplicate": "same normalised text as the document in duplicate_of"}
    Params = ExactDedupParams

    def key(self, doc: Document) -> list[Any]:
        return [normalized_hash(doc.text), len(doc.text)]

    def resolve(self, keys: Iterable[tuple[Any, str, list[Any]]]) -> Iterator[tuple[Any, Decision]]:
        """Keep one copy per hash: the first in input order, or the longest
        (ties go to the first). Deterministic for a given input order."""
        groups: dict[str, list[tuple[Any, str, int]]] = {}
        for order, doc_id, (digest, length) in keys:  # noqa: B007 - doc_id is kept below
            groups.setdefault(digest, []).append((order, doc_id, length))
        for members in groups.values():
            if len(members) < 2:
                continue
            if self.params.keep == "longest":
                keeper = max(members, key=lambda m: m[2])  # max keeps the first of equals
            else:
                keeper = members[0]
            for order, _doc_id, _ in members:
                if order != keeper[0]:
                    yield order, Decision(self.name, "exact_duplicate", keeper[1])
