"""A pipeline of named steps, runnable in memory.

`gristmill.run` executes a pipeline over files with sharding, resumption and
accounting; `Pipeline.apply` runs the same steps on documents in memory, which
is what tests and notebooks want.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from gristmill.document import Document
from gristmill.errors import StepError
from gristmill.registry import default_step_names, step_class
from gristmill.stats import Stats
from gristmill.steps.base import CorpusEdit, CorpusStep, Repairer, Step

# A chain of repair steps runs again while a round changes the text (one step's
# removal can expose what an earlier step removes), at most this many rounds.
MAX_REPAIR_ROUNDS = 3
# Documents that go through the steps together (`process_batch`): at most this many,
# and no more once they hold this many characters (a batch of books stays small).
BATCH = 128
BATCH_CHARS = 2_000_000


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
            if segment:
                for batch in batches(docs):
                    process_batch(batch, segment, stats)
            segment = []
            if step is not None:
                apply_corpus_step(step, docs, stats)
        return docs


def batches(docs: Iterable[Document]) -> Iterator[list[Document]]:
    """`docs` in consecutive batches of at most `BATCH` documents and about `BATCH_CHARS` characters."""
    batch: list[Document] = []
    chars = 0
    for doc in docs:
        batch.append(doc)
        chars += len(doc.text)
        if len(batch) >= BATCH or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def process_batch(
    docs: Sequence[Document], steps: Sequence[Step], stats: Stats, strict: bool = True
) -> list[tuple[Document, StepError]]:
    """Run per-document steps over a batch of documents, one step at a time,
    each document until a step drops it.

    Step by step rather than document by document: a step's tables (the
    language model, the compiled patterns) stay in the CPU cache for the whole
    batch. Each document sees exactly the steps, in the order, that it would
    see alone. Consecutive repair steps form a chain run to a fixed point
    (`repair_batch_to_fixed_point`); consecutive steps that share a document's
    words (`Step.BY_DOCUMENT`: the signal filters) run document by document
    (`run_by_document`).

    A step's exception becomes a `StepError` naming the step and the document:
    raised when `strict`, otherwise the document leaves the batch and is
    returned with its error, for the caller to quarantine.
    """
    failures: list[tuple[Document, StepError]] = []
    live = [doc for doc in docs if doc.decision is None]
    i = 0
    while i < len(steps) and live:
        if isinstance(steps[i], Repairer):
            j = _run_end(steps, i, lambda step: isinstance(step, Repairer))
            live = repair_batch_to_fixed_point(live, steps[i:j], stats, strict, failures)
        elif steps[i].BY_DOCUMENT:
            j = _run_end(steps, i, lambda step: step.BY_DOCUMENT)
            live = run_by_document(live, steps[i:j], stats, strict, failures)
        else:
            j = i + 1
            live = run_step(live, steps[i], stats, strict, failures)
        i = j
    return failures


def _run_end(steps: Sequence[Step], i: int, belongs: Callable[[Step], bool]) -> int:
    """The end of the run of steps from `i` on that `belongs` accepts."""
    j = i
    while j < len(steps) and belongs(steps[j]):
        j += 1
    return j


def repair_batch_to_fixed_point(
    docs: list[Document],
    chain: Sequence[Step],
    stats: Stats,
    strict: bool,
    failures: list[tuple[Document, StepError]],
) -> list[Document]:
    """Run a chain of repair steps in a cycle until every step has run on each
    document's final text without editing it; returns the documents that did not fail.

    This makes the chain idempotent (repairing its output changes nothing),
    at the cost of running each step once more after the last edit; most
    pages need one extra round. `MAX_REPAIR_ROUNDS` bounds the work on
    hostile text. The documents of a batch move through the cycle together:
    each leaves it once its last `len(chain)` runs made no edit.
    """
    n = len(chain)
    quiet_runs = dict.fromkeys(map(id, docs), 0)  # runs in a row without an edit, per document
    pending = docs
    for runs in range(MAX_REPAIR_ROUNDS * n):
        pending = [doc for doc in pending if quiet_runs[id(doc)] < n]
        if not pending:
            break
        edits_before = [len(doc.edits) for doc in pending]
        done = run_step(pending, chain[runs % n], stats, strict, failures, again=runs >= n)
        for doc, before in zip(pending, edits_before, strict=True):
            quiet_runs[id(doc)] = 0 if len(doc.edits) > before else quiet_runs[id(doc)] + 1
        pending = done
    failed = {id(doc) for doc, _ in failures}
    return [doc for doc in docs if id(doc) not in failed]


def run_step(
    docs: list[Document],
    step: Step,
    stats: Stats,
    strict: bool = True,
    failures: list[tuple[Document, StepError]] | None = None,
    again: bool = False,
) -> list[Document]:
    """One step over a batch, timed and counted (`again`: a later round of a repair
    chain); returns the documents it neither dropped nor failed on."""
    prefix = f"steps.{step.name}"
    if not again:
        stats.add(prefix + ".seen", len(docs))
    live = []
    t0 = time.perf_counter()
    try:
        for doc in docs:
            if _process_one(step, doc, stats, strict, failures) and doc.decision is None:
                live.append(doc)
    finally:
        stats.add(prefix + ".seconds", time.perf_counter() - t0)
    return live


def run_by_document(
    docs: list[Document],
    steps: Sequence[Step],
    stats: Stats,
    strict: bool = True,
    failures: list[tuple[Document, StepError]] | None = None,
) -> list[Document]:
    """Steps over a batch one document at a time, each document until a step
    drops it, timed and counted per step as `run_step` does; returns the
    documents that none dropped or failed on."""
    seen = [0] * len(steps)
    seconds = [0.0] * len(steps)
    clock = time.perf_counter
    live = []
    try:
        for doc in docs:
            for k, step in enumerate(steps):
                seen[k] += 1
                t0 = clock()
                ok = _process_one(step, doc, stats, strict, failures)
                seconds[k] += clock() - t0
                if not ok or doc.decision is not None:
                    break
            else:
                live.append(doc)
    finally:
        for step, n, spent in zip(steps, seen, seconds, strict=True):
            if n:
                stats.add(f"steps.{step.name}.seen", n)
                stats.add(f"steps.{step.name}.seconds", spent)
    return live


def _process_one(
    step: Step, doc: Document, stats: Stats, strict: bool, failures: list[tuple[Document, StepError]] | None
) -> bool:
    """Run one step on one document; False if it failed (the failure recorded, or
    raised as a `StepError` naming the step and document when `strict`)."""
    try:
        step.process(doc, stats)
    except Exception as exc:
        error = StepError(step.name, doc.id, f"{type(exc).__name__}: {exc}")
        if strict or failures is None:
            raise error from exc
        failures.append((doc, error))
        return False
    return True


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
