"""The speed shortcuts give exactly what the slow paths give, on any text:
the mojibake prefilter of `fix_unicode` agrees with ftfy's own `is_bad`, and
`fix_unicode` skips ftfy only on lines ftfy leaves unchanged, and `machine_text`
counts what its regex counts when it runs the regex only on texts with the
phrases' required pieces; the Gopher line and paragraph splits are the regex splits."""

from __future__ import annotations

import re

import ftfy
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.steps.filters.machine_text import load_phrases
from gristmill.steps.repair.unicode import _config, ftfy_may_change, looks_bad
from gristmill.steps.signals.compute import split_line_runs, split_paragraphs

# ASCII, the characters ftfy's pattern names (mojibake pieces, accents, Cyrillic,
# Greek, box drawing, C1), and others it does not (curly quotes, CJK, emoji)
ALPHABET = st.sampled_from(
    list("aZ .,!?\n\t-'\"0") + list("ÃÂâ€œ™©®°×²³é¢£¤¦§¨ªº«»ŒœØÙà√≈‚ÄвЂВГРСβΑΓΞΟāšž")
    + list("\x80\x93\x9f\xa0\xad’‘“”—–…·•中文字😀ǅ")
)
TEXT = st.text(ALPHABET, max_size=40)


@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_looks_bad_is_ftfy_is_bad(text: str) -> None:
    assert looks_bad(text) == is_bad(text)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_skipped_lines_are_lines_ftfy_leaves_alone(text: str) -> None:
    if not ftfy_may_change(text):
        assert ftfy.fix_and_explain(text, config=_config()).text == text


def test_known_mojibake_is_seen() -> None:
    assert looks_bad("The cafÃ© was closed") and looks_bad("Ã  la carte") and looks_bad("donâ€™t")
    assert not looks_bad("It’s “fine” — really… café")


PHRASE_WORDS = st.sampled_from(
    "as an ai language model my knowledge cut-off cutoff last update i i'm am sorry, but can't cannot help "
    "the provided given input text data is was insufficient does not doesn't contain enough you have "
    "it's not possible to write article below is draft version please provide regenerate response "
    "als ki-sprachmodell en tant que ia, je como un modelo de lenguaje request fulfil this".split()
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(PHRASE_WORDS, max_size=14).map(" ".join))
def test_phrase_prefilter_counts_what_the_regex_counts(text: str) -> None:
    phrases = load_phrases()
    assert phrases.count(text) == len(phrases.pattern.findall(text))


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from("ab \t\n\r"), max_size=30))
def test_line_and_paragraph_splits_are_the_regex_splits(text: str) -> None:
    assert split_line_runs(text) == re.split(r"\n+", text)
    assert split_paragraphs(text.strip()) == re.split(r"\n{2,}", text.strip())
