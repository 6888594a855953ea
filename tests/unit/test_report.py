"""The report's data: collected per part, merged, binned; thresholds read from the config."""

from __future__ import annotations

from gristmill.config import RunConfig
from gristmill.document import Document
from gristmill.pipeline import Pipeline
from gristmill.report.collect import Collector
from gristmill.report.diffs import step_sides, word_diff
from gristmill.report.signals import plot_data, thresholds

PAGES = [
    "Home | News | Sport | Contact\nThe council approved the new library budget on Tuesday after a long debate.\n"
    "Councillors said the building would open in the spring and hold twenty thousand books for the town.\n"
    "Share this:\nNo comments:\nPost a Comment",
    "Water levels fell again this week.\nWater levels fell again this week.\n"
    "The reservoir is at forty per cent of capacity, the lowest level recorded in August for ten years.",
    "Posted by admin at 6:30 PM\nshort",
]


def processed() -> list[Document]:
    docs = [Document(f"d{i}", PAGES[i % len(PAGES)] + f"\nItem {i}.") for i in range(30)]
    return Pipeline.default().apply(docs)


def collect(docs: list[Document]) -> Collector:
    c = Collector()
    for d in docs:
        c.add(d)
    return c


def test_parts_merge_to_the_whole_whatever_the_split():
    docs = processed()
    whole = collect(docs).to_json()
    parts = collect(docs[:7]).merge(collect(docs[7:19])).merge(collect(docs[19:]))
    assert parts.to_json() == whole
    reordered = collect(docs[19:]).merge(collect(docs[:19]))
    assert reordered.to_json() == whole
    assert Collector.from_json(whole).to_json() == whole
    assert whole["docs"]["kept"] + whole["docs"]["dropped"] == 30
    assert whole["edited_docs_by_step"]["remove_boilerplate"] > 0
    assert whole["removed_lines"]["remove_boilerplate\tnavigation\tHome | News | Sport | Contact"] == 10


def test_histogram_bins_hold_every_document_and_mark_the_default_thresholds():
    config = RunConfig().to_json()
    assert thresholds("gopher_quality.word_count", config) == [(50.0, "min"), (100000.0, "max")]
    assert thresholds("gopher_repetition.dup_line_frac", config) == [(0.3, "max")]
    assert thresholds("gopher_quality.lines", config) == []  # min_lines says when a rule applies
    annotate_only = {"steps": [{"name": "quality_signals", "params": {}}]}
    assert thresholds("c4_quality.sentences", annotate_only) == [(2.0, "min")]  # the filter's default
    kept = {0.05: 10, 0.1: 5, 0.21: 2}
    dropped = {0.35: 3, 0.9: 1}
    plot = plot_data("gopher_repetition.dup_line_frac", kept, dropped, config)
    drawn = sum(b.passed + b.dropped for b in plot.bins)
    assert drawn + plot.above == plot.total == 21
    assert sum(b.passed for b in plot.bins) == 17
    assert plot.thresholds == [(0.3, "max")]


def test_integer_signals_get_one_bin_per_value():
    plot = plot_data("gopher_quality.stop_words", {2: 4, 5: 1}, {0: 2, 1: 1}, RunConfig().to_json())
    assert [(b.lo + 0.5, b.passed, b.dropped) for b in plot.bins if b.passed or b.dropped] == [
        (0, 0, 2),
        (1, 0, 1),
        (2, 4, 0),
        (5, 1, 0),
    ]


def test_side_by_side_marks_removals_with_their_code_and_folds_long_unchanged_text():
    raw = "Home | News | Sport | Contact\n" + "Filler line.\n" * 80 + "Share this:\nNo comments:"
    doc = Pipeline.from_names(["remove_boilerplate"]).apply([Document("d", raw)])[0]
    before, after = step_sides(raw, doc.edits, {"navigation": "a menu"})
    assert '<del title="navigation: a menu">Home | News' in before and "share_buttons" in before
    assert "Home | News" not in after and "Share this" not in after
    assert "characters unchanged" in before and "characters unchanged" in after


def test_word_diff_highlights_only_the_words_that_differ():
    left, right = word_diff("the level fell to 41 per cent", "the level fell to 40 per cent")
    assert left == "the level fell to <del>41</del> per cent"
    assert right == "the level fell to <ins>40</ins> per cent"


def test_word_diff_compares_only_the_start_of_long_texts():
    words = [f"w{i}" for i in range(2_000)]
    kept = " ".join(words)
    near = " ".join(["CHANGED", *words[1:1_500], "LATE", *words[1_501:]])
    left, right = word_diff(kept, near)
    assert "<del>w0</del>" in left and "<ins>CHANGED</ins>" in right  # inside the compared part
    assert "LATE" not in right  # past it: folded, not compared
    assert "more characters, not compared" in left and "more characters, not compared" in right
