"""Running the steps over a batch of documents, step by step (`process_batch`),
gives each document exactly what running it alone gives: the same text, edits,
signals and decision, whatever the batch's size and order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.document import Document
from gristmill.pipeline import BATCH, BATCH_CHARS, Pipeline, batches, process_batch
from gristmill.registry import default_step_names, step_class
from gristmill.stats import Stats
from gristmill.steps.base import CorpusStep

from ..conftest import shipped_texts

TEXTS = shipped_texts()
PIPELINE = Pipeline.from_names(n for n in default_step_names() if not issubclass(step_class(n), CorpusStep))


def outcome(doc: Document) -> tuple[object, ...]:
    return doc.text, doc.edits, doc.signals, doc.decision


def alone(i: int) -> tuple[object, ...]:
    doc = Document(id=f"d{i}", text=TEXTS[i])
    process_batch([doc], PIPELINE.steps, Stats())
    return outcome(doc)


ALONE = {i: alone(i) for i in range(len(TEXTS))}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, len(TEXTS) - 1), min_size=1, max_size=40))
def test_a_batch_gives_each_document_what_it_gets_alone(picks: list[int]) -> None:
    docs = [Document(id=f"d{i}", text=TEXTS[i]) for i in picks]
    process_batch(docs, PIPELINE.steps, Stats())
    assert [outcome(d) for d in docs] == [ALONE[i] for i in picks]


def test_all_the_pages_in_one_batch_forwards_and_backwards() -> None:
    for order in (range(len(TEXTS)), reversed(range(len(TEXTS)))):
        picks = list(order)
        docs = [Document(id=f"d{i}", text=TEXTS[i]) for i in picks]
        process_batch(docs, PIPELINE.steps, Stats())
        assert [outcome(d) for d in docs] == [ALONE[i] for i in picks]


def test_the_shipped_pages_take_every_path() -> None:
    """The batch test means something only if the pages get edited, dropped and rescued."""
    outcomes = ALONE.values()
    assert sum(1 for _, edits, _, _ in outcomes if edits) >= 10
    assert sum(1 for *_, decision in outcomes if decision is not None) >= 5
    assert any("rescued_by_repair" in signals for _, _, signals, _ in outcomes)


def test_stats_count_each_document_once_per_step() -> None:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(TEXTS)]
    stats = Stats()
    process_batch(docs, PIPELINE.steps, stats)
    first = PIPELINE.steps[0].name
    assert stats[f"steps.{first}.seen"] == len(TEXTS)
    last = PIPELINE.steps[-1].name
    reached_last = sum(1 for d in docs if d.decision is None or d.decision.step == last)
    assert stats[f"steps.{last}.seen"] == reached_last < len(TEXTS)


def test_batches_hold_a_bounded_number_of_documents_and_characters() -> None:
    small = [Document(id=f"s{i}", text="word " * 20) for i in range(BATCH * 2 + 5)]
    assert [len(b) for b in batches(small)] == [BATCH, BATCH, 5]
    big = [Document(id=f"b{i}", text="x" * (BATCH_CHARS // 3 + 1)) for i in range(7)]
    sizes = [len(b) for b in batches(big)]
    assert sizes == [3, 3, 1] and sum(sizes) == 7
    assert [d.id for b in batches(small + big) for d in b] == [d.id for d in small + big]
