"""Invariants of word splitting, signals and filters on arbitrary text (Hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.document import Document
from gristmill.steps.filters import C4Quality, FineWebQuality, GopherQuality, GopherRepetition
from gristmill.steps.signals.compute import c4, fineweb, gopher_quality, gopher_repetition
from gristmill.steps.signals.words import split_words

# web-like text: letters of several scripts, digits, punctuation, spaces and line breaks
ALPHABET = st.sampled_from(list("aZé中のテไกि.,;:!?'\"()-/…#•{} \n\n\t") + ["Mr.", "U.S.", "don't", "8m", "..."])
TEXT = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tokens_cover_every_visible_character_in_order(text: str) -> None:
    tokens = split_words(text)
    assert all(t and not any(c.isspace() for c in t) for t in tokens)
    assert "".join(tokens) == "".join(text.split())


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_signals_are_finite_and_fractions_bounded(text: str) -> None:
    signals = {**gopher_quality(text), **gopher_repetition(text), **c4(text), **fineweb(text)}
    for name, value in signals.items():
        assert math.isfinite(value), name
        # top n-grams count the spaces between their words, as datatrove does, so
        # "a.b" (tokens a . b) has a top bigram of 3 characters in 3: only those may pass 1
        if name.endswith("_frac") and "top_" not in name:
            assert 0.0 <= value <= 1.0, (name, value)


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_filters_never_edit_and_only_use_declared_reasons(text: str) -> None:
    for cls in (GopherRepetition, GopherQuality, C4Quality, FineWebQuality):
        doc = Document("d", text)
        reason = cls().check(doc)
        assert doc.text == text and not doc.edits
        assert reason is None or reason in cls.REASONS
