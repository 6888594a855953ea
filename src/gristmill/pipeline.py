"""A pipeline of named steps, runnable in memory.

`gristmill.run` executes a pipeline over files with sharding, resumption and
accounting; `Pipeline.apply` runs the same steps on documents in memory, which
is what tests and notebooks want.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gristmill.document import Document
from gristmill.errors import StepError
from gristmill.registry import default_step_names, step_class
from gristmill.stats import Stats
from gristmill.steps.base import CorpusEdit, CorpusStep, Repairer, Step

# A chain of repair steps runs again while a round changes the text (one step's
# removal can expose what an earlier step removes), at most this many rounds.
MAX_REPAIR_ROUNDS = 3


class Pipeline:
    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)

    @classmethod
    def from_names(cls, names: Iterable[str], params: Mapping[str, Mapping[str, Any]] | None = None) -> Pipeline:
        params = params or {}
        return cls([step_class(n).from_config(params.get(n, {})) for n in names])

    @classmethod
    def default(cls) -> Pipeline:
        return cls.from_names(default_step_names())

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def apply(self, docs: Iterable[Document], stats: Stats | None = None) -> list[Document]:
        """Run every step over `docs` in memory; returns all documents, kept and dropped."""
        stats = stats if stats is not None else Stats()
        docs = list(docs)
        segment: list[Step] = []
        for step in [*self.steps, None]:
            if step is not None and not isinstance(step, CorpusStep):
                segment.append(step)
                continue
            for doc in docs:
                if segment and doc.decision is None:
                    process_document(doc, segment, stats)
            segment = []
            if step is not None:
                apply_corpus_step(step, docs, stats)
        return docs


def process_document(doc: Document, steps: Sequence[Step], stats: Stats) -> None:
    """Run per-document steps on one document until one of them drops it.

    Consecutive repair steps form a chain that is run to a fixed point
    (`repair_to_fixed_point`). A step's exception is raised as a `StepError`
    naming the step and the document; the executor decides whether that is
    fatal (`--strict`) or quarantines the document.
    """
    i = 0
    while i < len(steps) and doc.decision is None:
        j = i
        while j < len(steps) and isinstance(steps[j], Repairer):
            j += 1
        if j > i:
            repair_to_fixed_point(doc, steps[i:j], stats)
            i = j
        else:
            run_step(doc, steps[i], stats)
            i += 1


def repair_to_fixed_point(doc: Document, chain: Sequence[Step], stats: Stats) -> None:
    """Run a chain of repair steps in a cycle until every step has run on the
    final text without editing it.

    This makes the chain idempotent (repairing its output changes nothing),
    at the cost of running each step once more after the last edit; most
    pages need one extra round. `MAX_REPAIR_ROUNDS` bounds the work on
    hostile text.
    """
    n = len(chain)
    seen_final = runs = 0
    while seen_final < n and runs < MAX_REPAIR_ROUNDS * n:
        before = len(doc.edits)
        run_step(doc, chain[runs % n], stats, again=runs >= n)
        runs += 1
        seen_final = 0 if len(doc.edits) > before else seen_final + 1


def run_step(doc: Document, step: Step, stats: Stats, again: bool = False) -> None:
    """One step on one document, timed and counted (`again`: a later round of a repair chain)."""
    prefix = f"steps.{step.name}"
    t0 = time.perf_counter()
    if not again:
        stats.add(prefix + ".seen")
    try:
        step.process(doc, stats)
    except Exception as exc:
        raise StepError(step.name, doc.id, f"{type(exc).__name__}: {exc}") from exc
    finally:
        stats.add(prefix + ".seconds", time.perf_counter() - t0)


def apply_corpus_step(step: CorpusStep, docs: list[Document], stats: Stats) -> None:
    """A corpus step over documents in memory: keys into an Arrow table, resolved by DuckDB."""
    import pyarrow as pa

    from gristmill.steps.dedup.keys import KeyStore, key_schema

    live = [(i, doc) for i, doc in enumerate(docs) if doc.decision is None]
    columns: dict[str, Any] = {"shard": [0] * len(live), "idx": [i for i, _ in live], "id": [d.id for _, d in live]}
    columns.update(step.keys([d for _, d in live]) if live else {f.name: [] for f in step.key_fields()})
    store = KeyStore()
    store.use(pa.table(columns, schema=key_schema(step.key_fields())))
    stats.add(f"steps.{step.name}.seen", len(live))
    try:
        for _, i, action in list(step.resolve(store, None)):
            if isinstance(action, CorpusEdit):
                step.apply_edit(docs[i], action.payload, stats)
            else:
                docs[i].decision = action
                stats.add(f"steps.{step.name}.dropped.{action.reason}")
    finally:
        store.close()
