"""The compiled twins in `gristmill._speedups` give exactly what their Python
specifications give: the word split (`split_chunks`) and Gopher's n-gram
repetition counts (`_ngram_chars`), Gopher quality's word counts
(`_token_stats`), machine_text's search for its phrases' pieces
(`pieces_in`) and C4's line counts (`c4_lines`), on generated text and on real pages."""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.steps.filters.machine_text import load_phrases
from gristmill.steps.repair.pii import _LONG
from gristmill.steps.signals import words as words_module
from gristmill.steps.signals.compute import (
    _LOWER_GATE,
    _SENTENCE_END,
    STOP_VARIANTS,
    Words,
    _c4_py,
    _ngram_chars,
    _ngram_chars_py,
    _token_stats,
    _token_stats_py,
    c4,
    gopher_quality,
    gopher_repetition,
    sentence_ends,
)
from gristmill.steps.signals.words import Tokens, _split_chunks_py, split_chunks, split_words, word_tokens

from ..conftest import shipped_texts

compiled = words_module.compiled
PHRASES = load_phrases()
needs_compiled = pytest.mark.skipif(compiled is None, reason="gristmill._speedups was not built")


def test_the_extension_is_built() -> None:
    """`make install` compiles it; a silent fallback would only show up as a slow run."""
    if os.environ.get("GRISTMILL_ALLOW_PURE_PYTHON"):
        pytest.skip("GRISTMILL_ALLOW_PURE_PYTHON is set")
    assert compiled is not None, "gristmill._speedups is missing: reinstall with a C compiler (pip install -e .)"


# chunk pieces that take every branch: plain words and numbers in both cases,
# the simple trailing marks, titles and initials, contractions, markup, non-ASCII
PIECES = st.sampled_from(
    ["the", "The", "THE", "ab", "Mr", "U", "42", "3", ".", ",", ";", ":", "!", "?", ")", '"', "'", "'s", "n't"]
    + ["(", "-", "<br", "/>", "...", "é", "Straße", "中文", "’", "e.g", "x", "\t", " ", "\n"]
)
TEXT = st.lists(PIECES, max_size=30).map("".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_compiled_split_is_the_python_split(text: str) -> None:
    chunks = text.split()
    assert split_chunks(chunks) == _split_chunks_py(chunks)


# chunks over a small alphabet with every kind of whitespace str.split() knows
SPACED = st.text(alphabet="ab \t\n\x1c\x1f\x85\xa0\u3000é", max_size=12)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(SPACED, SPACED)
def test_same_chunks_is_comparing_the_splits(a: str, b: str) -> None:
    assert compiled.same_chunks(a, b) == (a.split() == b.split())
    joined = " ".join(a.split())  # the same chunks, other whitespace
    assert compiled.same_chunks(a, joined) and compiled.same_chunks(joined, a)


def test_a_raw_text_that_differs_in_whitespace_shares_its_repairs_words() -> None:
    """`Words(raw, like=...)` takes the words, n-grams and word counts of a text with the
    same chunks, and measures a text with other chunks afresh: same signals either way."""
    for text in shipped_texts()[:30]:
        rewrapped = text.replace(" ", "\n", 5)
        for raw in (rewrapped, rewrapped + " extra words"):
            shared = Words(raw, like=Words(text))
            assert (shared.words is not None) and listed(shared.words) == listed(Words(raw).words)
            assert gopher_quality(raw, "en", shared) == gopher_quality(raw, "en", Words(raw))
            assert gopher_repetition(raw, shared) == gopher_repetition(raw, Words(raw))


def listed(words: list[str] | Tokens) -> list[str]:
    return words if isinstance(words, list) else words.tolist()


# one-byte texts (the compiled Tokens' domain): repeated words for n-grams,
# Latin-1 letters, digits that are not decimal, and Latin-1's other whitespace
SPAN_PIECES = st.sampled_from(
    ["the", "The", "cat", "sat", "cat.", "(the", "it's", "U.S.", "Mr.", "42", "3.5", "--", "...", "#", "_"]
    + ["é", "Straße", "²", "½", "naïve,", "«oui»", "a_b", " ", "  ", "\n", "\t", "\xa0", "\x85", "\x1c", "\x0b"]
)
MARKED = st.sets(st.sampled_from(["the", "The", "cat", "é", "ß", "x", "中", "Straße", ".", "42"])).map(frozenset)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(st.lists(SPAN_PIECES, max_size=60), MARKED)
def test_compiled_tokens_are_the_python_words_and_counts(pieces: list[str], marked: frozenset[str]) -> None:
    """`word_tokens` (spans of the text) gives the words, n-gram counts and word
    counts of `split_words` and the Python twins."""
    text = " ".join(pieces) if len(pieces) % 3 else "".join(pieces)
    tokens = word_tokens(text)
    assert not isinstance(tokens, list), "a one-byte text is held as spans"
    words = split_words(text)
    assert tokens.tolist() == words and len(tokens) == len(words)
    assert tokens.ngram_chars() == _ngram_chars_py(words)
    assert tokens.token_stats(marked) == _token_stats_py(words, marked)
    assert tokens.token_stats(STOP_VARIANTS["en"]) == _token_stats_py(words, STOP_VARIANTS["en"])


@needs_compiled
def test_compiled_tokens_hold_wider_texts_as_lists() -> None:
    assert word_tokens("naïve café 中文") == split_words("naïve café 中文")
    assert listed(word_tokens("naïve café")) == ["naïve", "café"]


MARKS = [c for c in string.punctuation if c != "_"]
# what the compiled fast path takes apart, and shapes next to it that it must leave to the regex
MIDDLES = ["a", "ab", "Ab", "USA", "Mr", "Mrs", "vs", "Dec", "www", "https", "x1", "19", "a-b", "ab-Cd", "a-b-c"]
MIDDLES += ["don't", "It's", "I'm", "we're", "O'Neil", "90's", "a--b", "a-1", "1-a", "a'b", "a.b", "a,b"]


@needs_compiled
def test_compiled_split_takes_marks_apart_as_the_regex_does() -> None:
    """Every ASCII mark, and pairs of them, before and after each shape: exhaustive, so
    that no mark the fast path handles differently from the regex goes unseen."""
    pairs = [a + b for a in ".-(\"')'" for b in ".-),\"'"]
    around = ["", *MARKS, *pairs]
    chunks = [p + m + s for p in around for m in MIDDLES for s in around]
    for p in ("", "(", '"'):
        chunks += [f"{p}{title}." for title in words_module._TITLES.split("|")]
    assert split_chunks(chunks) == _split_chunks_py(chunks)


# few distinct words, so that n-grams of every size repeat, overlap and chain
WORDS = st.lists(st.sampled_from(["a", "bb", "a", "ccc", "é", "中", "a b"]), max_size=60)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(WORDS)
def test_compiled_ngrams_are_the_python_ngrams(words: list[str]) -> None:
    # equal words as distinct objects, as a real split makes them
    words = [w.encode().decode() for w in words]
    assert _ngram_chars(words) == _ngram_chars_py(words)


# words with and without letters: digits, "_", punctuation, letters of other
# scripts, digits that are not decimal ("²"), stop words in three cases
TOKENS = st.lists(
    st.sampled_from(["the", "The", "THE", "cat", "42", "_", "a_b", "--", "...", "²", "١٢", "é", "中", "x1", "#"])
    | st.text(max_size=4).filter(lambda t: t.strip() == t and " " not in t and "\n" not in t and t),
    max_size=60,
)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(TOKENS)
def test_compiled_token_stats_are_the_python_token_stats(words: list[str]) -> None:
    marked = STOP_VARIANTS["en"]
    assert _token_stats(words, marked) == _token_stats_py(words, marked)


# texts and pieces over a small alphabet, so that pieces occur, overlap, run off
# the end; Latin-1 and wider characters in both
SMALL = st.text(alphabet="ab é☃", max_size=40)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(SMALL, st.lists(SMALL, max_size=8))
def test_compiled_pieces_in_is_the_in_operator(text: str, pieces: list[str]) -> None:
    assert compiled.pieces_in(text, tuple(pieces)) == {p for p in pieces if p in text}


@needs_compiled
def test_compiled_twins_agree_on_real_pages() -> None:
    texts = shipped_texts()
    assert len(texts) >= 70
    for text in texts:
        chunks = text.split()
        words = split_chunks(chunks)
        assert words == _split_chunks_py(chunks)
        assert _ngram_chars(words) == _ngram_chars_py(words)
        assert _token_stats(words, STOP_VARIANTS["en"]) == _token_stats_py(words, STOP_VARIANTS["en"])
        tokens = word_tokens(text)
        assert listed(tokens) == words
        assert _ngram_chars(tokens) == _ngram_chars_py(words)
        assert _token_stats(tokens, STOP_VARIANTS["en"]) == _token_stats_py(words, STOP_VARIANTS["en"])
        lowered = text.lower()
        assert compiled.pieces_in(lowered, PHRASES.first_pieces) == {p for p in PHRASES.first_pieces if p in lowered}
        assert c4(text) == c4_py(text)
        assert sentence_ends(text) == [m.start() for m in _SENTENCE_END.finditer(text)]


# sentence ends and what is not one: titles, initials, ellipses, runs of marks
# (past the regex's bound of 8), spaces that are not line breaks, "_", digits
SENTENCE_PIECES = st.sampled_from(
    [".", "!", "?", "..", "?!.", "!!!!!!!!!.", ")", '"', "'", "_", " ", "  ", "\t", "\x1c", "\n", "\r", "\x0b"]
    + ["end", "The", "a", "J", "Mr", "Mrs", "vs", "No", "St", "x3", "42", "(", "))))))))))", "é"]
)


@needs_compiled
@settings(max_examples=5000, deadline=None)
@given(st.lists(SENTENCE_PIECES, max_size=40).map("".join))
def test_compiled_sentence_ends_are_the_regex_matches(text: str) -> None:
    compiled_ends = compiled.sentence_ends(text)
    regex_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    assert compiled_ends == (regex_ends if text.isascii() else None)


@needs_compiled
def test_compiled_sentence_ends_take_every_shape_the_regex_takes() -> None:
    """Exhaustive over the regex's conditions: what stands before the mark (titles,
    initials, a boundary), the mark, runs of marks around the space up to and past
    the bound of 8, and what comes after (a capital, "_", a digit, a line break)."""
    befores = ["", " ", "x", "(", "A", "a", ".", "3"]
    words = ["Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "No", "vs", "J", "end", "x3", "..", "Mrs.Mr"]
    marks = [".", "!", "?", "?!", "!?.", "!!!!!!!!!."]
    gaps = [")" * k + space + '"' * j for k in (0, 1, 8, 9) for j in (0, 1, 8, 9) for space in ("", " ", "\t", "\n")]
    nexts = ["The", "the", "_x", "3", "", "é", "..."]
    for before in befores:
        for word in words:
            for mark in marks:
                for gap in gaps:
                    texts = [before + word + mark + gap + nxt for nxt in nexts]
                    for text in texts:
                        expected = [m.start() for m in _SENTENCE_END.finditer(text)]
                        assert compiled.sentence_ends(text) == (expected if text.isascii() else None), text


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 \t-./()a+\né٣")), max_size=60))
def test_compiled_long_runs_are_pii_gate_matches(text: str) -> None:
    """pii's gate: runs of 7+ digit and phone characters from digit to digit (`_LONG`),
    non-overlapping as re.finditer finds them; None for a wider text."""
    expected = [m.span() for m in _LONG.finditer(text)]
    assert compiled.long_runs(text) == (expected if max(text, default="a") <= "\xff" else None)


def c4_py(text: str) -> dict[str, object]:
    """C4's counts by the Python twin alone."""
    check_lower = any(phrase in text.lower() for phrase in _LOWER_GATE)
    return _c4_py(text, check_lower, [m.start() for m in _SENTENCE_END.finditer(text)])


# lines of words, marks that end (or do not end) a sentence, the whitespace C4's
# split sees (tab, \x1f), braces, long words, and what sends a text to the twin
C4_PIECES = st.sampled_from(
    ["Word", "the", "cat", "Mr.", "end.", "why?", "yes!", 'said"', "it'", "so...", "etc", "{x}", "3.5", "U.S."]
    + [" ", "  ", "\t", "\x1f", "\n", "\n\n", " \n", "x" * 1001, "é", "[1]", "\r", "cookie"]
)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(st.lists(C4_PIECES, max_size=40))
def test_compiled_c4_lines_are_the_python_counts(pieces: list[str]) -> None:
    text = " ".join(pieces) if len(pieces) % 2 else "".join(pieces)
    assert c4(text) == c4_py(text)


def test_the_split_cache_does_not_change_answers() -> None:
    text = "It's Mr. O'Neil's (new) car, isn't it? U.S.-made... 中文 it's"
    assert split_words(text) == split_words(text) == _split_chunks_py(text.split())
