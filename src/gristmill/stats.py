"""Run statistics as a mergeable value.

A `Stats` is a flat mapping of dotted counter names to numbers; `+` adds them
key by key, so shard stats sum to the run's no matter how the shards were
executed or in which order. Names follow the step registry:

    read, kept, dropped, quarantined, blank_lines, bytes_read
    dropped_by_reason.<step>.<code>     quarantined_by_error.<kind>
    steps.<name>.seen / .seconds / .dropped.<code> / .edited.<code>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Stats:
    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, float] | None = None) -> None:
        self.values: dict[str, float] = dict(values or {})

    def add(self, key: str, amount: float = 1) -> None:
        self.values[key] = self.values.get(key, 0) + amount

    def __getitem__(self, key: str) -> float:
        return self.values.get(key, 0)

    def __add__(self, other: Stats) -> Stats:
        merged = Stats(self.values)
        for k, v in other.values.items():
            merged.add(k, v)
        return merged

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stats) and self.values == other.values

    def __repr__(self) -> str:
        return f"Stats({self.values!r})"

    def to_json(self) -> dict[str, float]:
        return dict(sorted(self.values.items()))

    @classmethod
    def from_json(cls, data: Mapping[str, float]) -> Stats:
        return cls(data)

    def with_prefix(self, prefix: str) -> dict[str, float]:
        """Counters under `prefix.`, with the prefix stripped."""
        n = len(prefix) + 1
        return {k[n:]: v for k, v in sorted(self.values.items()) if k.startswith(prefix + ".")}

    def steps_table(self) -> dict[str, dict[str, Any]]:
        """Per-step counters nested as {step: {seen, seconds, dropped: {...}, edited: {...}}}."""
        table: dict[str, dict[str, Any]] = {}
        for key, value in self.with_prefix("steps").items():
            step, _, rest = key.partition(".")
            entry = table.setdefault(step, {"seen": 0, "seconds": 0.0, "dropped": {}, "edited": {}})
            kind, _, code = rest.partition(".")
            if code:
                entry[kind][code] = int(value)
            elif kind == "seconds":
                entry[kind] = round(value, 4)
            else:
                entry[kind] = int(value)
        return table
