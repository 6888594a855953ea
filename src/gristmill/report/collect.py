"""What the report needs from the documents, gathered in bounded memory.

The last pass of a run feeds every document it writes to a `Collector`, which
keeps only small things: per-signal histograms (values rounded to two
significant digits, counted by fate), the language mix, how many documents
repairs edited, the most removed boilerplate lines, a few documents of each
repair step as diff examples (those with the smallest hash of their id: a
sample that does not depend on the order documents arrive in), and the
documents of the example duplicate clusters chosen before that pass. Each task saves its collector next to its
done marker (`.gristmill/report/part-NNNNN.json`); the parts add up to the
run's, whatever the number of shards or workers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xxhash

from gristmill.document import Document
from gristmill.exec.layout import read_json, write_json_atomic

# steps whose removed lines are boilerplate (counted line by line for "most removed lines")
BOILERPLATE_STEPS = ("remove_boilerplate", "line_dedup")
# not shown as diff examples: the report is the kind of file people share
PRIVATE_STEPS = ("pii",)
EXAMPLES_PER_STEP = 2
EXAMPLE_MAX_CHARS = 5000  # documents longer than this are not picked as diff examples
CLUSTER_TEXT_CHARS = 3000
LINE_CHARS = 160
TOP_LINES = 400  # lines kept per part; pruning keeps the most removed
_LINES_SOFT_LIMIT = 20_000
FORMAT = 2  # of the saved parts: parts of another format are not merged (the report reads the output instead)

FATES = ("kept", "dropped")
# a signal's documents: those its step let through, and those it dropped (later drops are "passed")
SIGNAL_FATES = ("passed", "dropped")


def bucket(value: float) -> float:
    """A signal value rounded to two significant digits: a histogram bin that
    needs no range up front, with at most 90 bins per decade.

    >>> bucket(0.30549), bucket(1234), bucket(7), bucket(0)
    (0.31, 1200.0, 7.0, 0.0)
    """
    if value == 0 or not math.isfinite(value):
        return 0.0
    if value == int(value) and abs(value) < 100:
        return float(value)
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    return round(round(value / step) * step, 12)


# bucket() of the values seen (signals repeat the same counts and fractions);
# 1 and 1.0 share an entry, and have the same bucket
_BUCKETS: dict[float, float] = {}
_BUCKETS_SIZE = 100_000


class Collector:
    """One task's share of the report data; `merge` adds parts together."""

    def __init__(self, wanted: Iterable[str] = ()) -> None:
        self.wanted = set(wanted)
        self.docs = {f: 0 for f in FATES}
        self.edited_docs = {f: 0 for f in FATES}
        self.edited_docs_by_step: dict[str, int] = {}
        self.rescued_docs = 0
        self.signals: dict[str, dict[str, dict[float, int]]] = {}  # name -> SIGNAL_FATES -> bin -> count
        self.languages: dict[str, dict[str, int]] = {}
        self.removed_lines: dict[str, int] = {}  # "step\tcode\tline" -> times removed
        self.examples: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # step -> (id hash, record) it edited
        self.cluster_docs: dict[str, dict[str, Any]] = {}

    def add(self, doc: Document) -> None:
        fate = "kept" if doc.decision is None else "dropped"
        self.docs[fate] += 1
        self._add_signals(doc.signals, fate, doc.decision.step if doc.decision else None)
        if doc.signals.get("rescued_by_repair") and fate == "kept":
            self.rescued_docs += 1
        if doc.edits:
            self._add_edits(doc, fate)
        if doc.id in self.wanted:
            self.cluster_docs[doc.id] = _cluster_doc(doc)

    def _add_signals(self, signals: Mapping[str, Any], fate: str, dropped_by: str | None) -> None:
        dropped_prefix = dropped_by + "." if dropped_by is not None else None
        mine = self.signals
        for name, value in signals.items():
            kind = type(value)
            if kind is not float and kind is not int:  # exact types first: most signals, tested fast
                if name == "language":
                    counts = self.languages.setdefault(str(value), {f: 0 for f in FATES})
                    counts[fate] += 1
                    continue
                if kind is bool or not isinstance(value, (int, float)):
                    continue
            by_fate = mine.get(name)
            if by_fate is None:
                by_fate = mine[name] = {f: {} for f in SIGNAL_FATES}
            bins = by_fate["dropped" if dropped_prefix and name.startswith(dropped_prefix) else "passed"]
            b = _BUCKETS.get(value)
            if b is None:
                if len(_BUCKETS) > _BUCKETS_SIZE:
                    _BUCKETS.clear()
                b = _BUCKETS[value] = bucket(value)
            bins[b] = bins.get(b, 0) + 1

    def _add_edits(self, doc: Document, fate: str) -> None:
        self.edited_docs[fate] += 1
        steps = dict.fromkeys(e.step for e in doc.edits)
        small = len(doc.text) + sum(len(e.removed) for e in doc.edits) <= EXAMPLE_MAX_CHARS
        rank = xxhash.xxh64_intdigest(doc.id.encode()) if small else 0
        for step in steps:
            self.edited_docs_by_step[step] = self.edited_docs_by_step.get(step, 0) + 1
            if small and step not in PRIVATE_STEPS:
                chosen = self.examples.setdefault(step, [])
                if len(chosen) < EXAMPLES_PER_STEP or rank < chosen[-1][0]:
                    chosen.append((rank, doc.to_record()))
                    chosen.sort(key=_by_rank)
                    del chosen[EXAMPLES_PER_STEP:]
        for e in doc.edits:
            if e.step in BOILERPLATE_STEPS:
                for line in e.removed.split("\n"):
                    line = line.strip()
                    if line:
                        key = f"{e.step}\t{e.code}\t{line[:LINE_CHARS]}"
                        self.removed_lines[key] = self.removed_lines.get(key, 0) + 1
        if len(self.removed_lines) > _LINES_SOFT_LIMIT:
            self.removed_lines = _top(self.removed_lines, _LINES_SOFT_LIMIT // 4)

    def merge(self, other: Collector) -> Collector:
        """Add another part: the result does not depend on how documents were split into parts
        (except which rare lines survive pruning in runs with very many distinct removed lines)."""
        for f in FATES:
            self.docs[f] += other.docs[f]
            self.edited_docs[f] += other.edited_docs[f]
        _add_counts(self.edited_docs_by_step, other.edited_docs_by_step)
        self.rescued_docs += other.rescued_docs
        for name, by_fate in other.signals.items():
            mine = self.signals.setdefault(name, {f: {} for f in SIGNAL_FATES})
            for f in SIGNAL_FATES:
                _add_counts(mine[f], by_fate[f])
        for lang, counts in other.languages.items():
            _add_counts(self.languages.setdefault(lang, {f: 0 for f in FATES}), counts)
        _add_counts(self.removed_lines, other.removed_lines)
        self.removed_lines = _top(self.removed_lines, TOP_LINES)
        for step, docs in other.examples.items():
            chosen = sorted([*self.examples.get(step, []), *docs], key=_by_rank)
            self.examples[step] = chosen[:EXAMPLES_PER_STEP]
        self.cluster_docs.update(other.cluster_docs)
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "docs": self.docs,
            "edited_docs": self.edited_docs,
            "edited_docs_by_step": self.edited_docs_by_step,
            "rescued_docs": self.rescued_docs,
            "signals": {
                name: {f: sorted(bins.items()) for f, bins in by_fate.items()} for name, by_fate in self.signals.items()
            },
            "languages": self.languages,
            "removed_lines": _top(self.removed_lines, TOP_LINES),
            "examples": self.examples,
            "cluster_docs": self.cluster_docs,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Collector:
        c = cls()
        c.docs = dict(data["docs"])
        c.edited_docs = dict(data["edited_docs"])
        c.edited_docs_by_step = dict(data["edited_docs_by_step"])
        c.rescued_docs = data["rescued_docs"]
        c.signals = {
            name: {f: {float(v): n for v, n in pairs} for f, pairs in by_fate.items()}
            for name, by_fate in data["signals"].items()
        }
        c.languages = {k: dict(v) for k, v in data["languages"].items()}
        c.removed_lines = dict(data["removed_lines"])
        c.examples = {k: [(rank, rec) for rank, rec in v] for k, v in data["examples"].items()}
        c.cluster_docs = dict(data["cluster_docs"])
        return c

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(path, self.to_json())

    @classmethod
    def load(cls, path: Path) -> Collector:
        return cls.from_json(read_json(path))


def _by_rank(item: tuple[int, dict[str, Any]]) -> tuple[int, str]:
    return item[0], item[1]["id"]


def _cluster_doc(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "text": doc.text[:CLUSTER_TEXT_CHARS],
        "truncated": len(doc.text) > CLUSTER_TEXT_CHARS,
        "reason": None if doc.decision is None else f"{doc.decision.step}.{doc.decision.reason}",
    }


def _add_counts(into: dict[Any, int], other: Mapping[Any, int]) -> None:
    for k, n in other.items():
        into[k] = into.get(k, 0) + n


def _top(counts: dict[str, int], n: int) -> dict[str, int]:
    """The n largest counts (ties by key, so parts merge deterministically)."""
    if len(counts) <= n:
        return counts
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])
