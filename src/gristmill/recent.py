"""`Recent`: what was computed for the most recent objects, remembered by identity.

Several steps derive the same thing from the same text object: its lines,
its words, its raw text. Each keeps a `Recent`, so that the second step finds
what the first computed: with room for a batch (`pipeline.batches`) where the
steps run one after another over the batch (the repair chain: lines), for
one document where they run document by document (the signal filters: words,
raw text). Room is counted in entries and in characters: a batch of books
must not keep hundreds of split books alive.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """Values for the last `size` keys (and at most `max_chars` characters of them,
    as weighed by `put`), looked up by the key object's identity.

    An entry holds its key, so the key's `id` cannot be reused while the entry lives.

    >>> r = Recent(2, max_chars=100); a, b, c = "x" * 3, "y" * 3, "z" * 3
    >>> r.put(a, 1, 3); r.put(b, 2, 3); r.put(c, 3, 3)
    >>> r.get(a), r.get(b), r.get(c), r.last()
    (None, 2, 3, 3)
    >>> r.put(a, 4, 99); r.get(b), r.get(c), r.get(a)
    (None, None, 4)
    """

    def __init__(self, size: int, max_chars: int) -> None:
        self.size = size
        self.max_chars = max_chars
        self._entries: dict[int, tuple[K, V, int]] = {}
        self._chars = 0

    def get(self, key: K) -> V | None:
        entry = self._entries.get(id(key))
        return entry[1] if entry is not None and entry[0] is key else None

    def put(self, key: K, value: V, chars: int) -> None:
        """Remember `value` for `key`; `chars` is what it weighs (its text's length)."""
        self._drop(id(key))  # a new entry goes to the end
        while self._entries and (len(self._entries) >= self.size or self._chars + chars > self.max_chars):
            self._drop(next(iter(self._entries)))  # the oldest
        self._entries[id(key)] = (key, value, chars)
        self._chars += chars

    def last(self) -> V | None:
        """The value put last."""
        return next(reversed(self._entries.values()))[1] if self._entries else None

    def _drop(self, ident: int) -> None:
        entry = self._entries.pop(ident, None)
        if entry is not None:
            self._chars -= entry[2]
