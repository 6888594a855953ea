"""Repair invariants (Hypothesis): never invents text, idempotent, clean text passes
unchanged, and replaying the edit log reproduces the output."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gristmill.document import Document, replay, unreplay
from gristmill.pipeline import Pipeline

REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]
PURE = ["normalize_whitespace", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]

WORDS = "the mill river grain wheel stone flour water village farmer sack ledger miller spring dawn".split()
BOILER = [
    "No comments:",
    "Post a Comment",
    "Share this:",
    "Facebook Twitter Email",
    "|",
    "Read more »",
    "Posted by Ann at 10:22 AM",
    "Tuesday, May 4, 2010",
    "Skip to content",
    "Recent Posts",
    "Copyright © 2020 Mill News",
    "We use cookies to improve your experience.",
    "2 comments:",
    "Ann said...",
    "Home | About | Contact",
    "-----",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=1, max_size=14).map(lambda ws: " ".join(ws).capitalize()) | st.lists(
    word, min_size=5, max_size=14
).map(lambda ws: " ".join(ws).capitalize() + ".")
noise_line = st.sampled_from(BOILER) | st.text(alphabet=st.sampled_from(list("ab .,|-:\t")), max_size=20)
line = st.one_of(sentence, sentence, noise_line, st.just(""), sentence.map(lambda s: s + " |"))
page = (
    st.lists(line, max_size=25)
    .flatmap(lambda ls: st.lists(st.sampled_from(ls) if ls else st.just(""), max_size=4).map(lambda rep: ls + rep))
    .map("\n".join)
)
hostile = st.text(alphabet=st.sampled_from(list("aB .\n|:-’Ã©\u00a0\t>#1")), max_size=80)


def apply(text: str, steps: list[str]) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(steps).apply([doc])
    return doc


def from_input(out: str, text: str) -> bool:
    """The non-space characters of `out` are a subsequence of those of `text`."""
    it = iter("".join(text.split()))
    return all(ch in it for ch in "".join(out.split()))


settings.register_profile("repair", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("repair")


@given(st.one_of(page, hostile))
def test_never_invents_text(text):
    doc = apply(text, PURE)
    assert from_input(doc.text, text)
    for e in doc.edits:
        if e.step != "normalize_whitespace":
            assert e.replacement in ("", " "), e
            if e.replacement == " ":
                assert e.code in ("hard_wrap", "broken_sentence") and "\n" in e.removed


@pytest.mark.parametrize("step", REPAIR[1:])
@given(text=st.one_of(page, hostile))
def test_each_step_idempotent(step, text):
    once = apply(apply(text, ["normalize_whitespace"]).text, [step])
    twice = apply(once.text, [step])
    assert twice.edits == [], (once.text, twice.edits)


# found by exploring: a removal exposes what an earlier step (or the same one) removes
@example("The\na|:|:\nThe\nThe\na|:|:")
@example(":a\nThe the the the the the\n:a\nThe the the the the the\nThe the the the the the\n:a")
@given(page)
def test_pipeline_idempotent_on_pages(text):
    once = apply(text, REPAIR)
    twice = apply(once.text, REPAIR)
    assert twice.edits == [], (once.text, twice.edits)


@given(st.one_of(page, hostile))
def test_replay_reproduces_output(text):
    doc = apply(text, REPAIR)
    assert replay(text, doc.edits) == doc.text
    assert unreplay(doc.text, doc.edits) == text


clean_paragraph = st.lists(word, min_size=6, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")


@given(st.lists(clean_paragraph, min_size=1, max_size=12, unique_by=lambda p: p.lower()))
def test_clean_page_passes_unchanged(paragraphs):
    text = "\n\n".join(paragraphs)
    assert apply(text, REPAIR).edits == []
