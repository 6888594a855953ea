"""`Recent`: what was computed for the most recent objects, remembered by identity.

The steps of a pipeline run one after another over a batch of documents
(`pipeline.BATCH`), and several of them derive the same thing from the same
text object: its lines, its words, its raw text. Each keeps a `Recent` sized
for a batch, so that the second step finds what the first computed.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """Values for the last `size` keys, looked up by the key object's identity.

    An entry holds its key, so the key's `id` cannot be reused while the entry lives.

    >>> r = Recent(2); a, b, c = "x" * 3, "y" * 3, "z" * 3
    >>> r.put(a, 1); r.put(b, 2); r.put(c, 3)
    >>> r.get(a), r.get(b), r.get(c), r.last()
    (None, 2, 3, 3)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[int, tuple[K, V]] = {}

    def get(self, key: K) -> V | None:
        entry = self._entries.get(id(key))
        return entry[1] if entry is not None and entry[0] is key else None

    def put(self, key: K, value: V) -> None:
        self._entries.pop(id(key), None)  # a new entry goes to the end
        if len(self._entries) >= self.size:
            del self._entries[next(iter(self._entries))]  # the oldest
        self._entries[id(key)] = (key, value)

    def last(self) -> V | None:
        """The value put last."""
        return next(reversed(self._entries.values()))[1] if self._entries else None
