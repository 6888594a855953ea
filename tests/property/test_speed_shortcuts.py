"""The speed shortcuts give exactly what the slow paths give, on any text:
the mojibake prefilter of `fix_unicode` agrees with ftfy's own `is_bad`, and
`fix_unicode` skips ftfy only on lines ftfy leaves unchanged, and `machine_text`
counts what its regex counts when it runs the regex only on texts with the
phrases' required pieces; the Gopher line and paragraph splits are the regex splits;
`remove_boilerplate` gives what it gives when it tries every line, not only the
lines its whole-text gates find; `remove_repeats` skips its line-by-line pass only on
texts where that pass would change nothing; C4's long-word test measures only the
words at multiples of its limit and finds what splitting the line finds; C4's lines
of an ASCII text split on "\n" are the lines its regex finds."""

from __future__ import annotations

import re
from collections.abc import Callable

import ftfy
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.compiled import compiled
from gristmill.steps.filters.machine_text import load_phrases
from gristmill.steps.repair.boilerplate import RemoveBoilerplate
from gristmill.steps.repair.repeats import RemoveRepeats, RepeatsParams, line_words
from gristmill.steps.repair.unicode import _config, c1_punctuation, ftfy_may_change, looks_bad
from gristmill.steps.signals.compute import _LINE, has_long_word, line_spans, split_line_runs, split_paragraphs

from ..conftest import shipped_texts

# ASCII, the characters ftfy's pattern names (mojibake pieces, accents, Cyrillic,
# Greek, box drawing, C1), and others it does not (curly quotes, CJK, emoji)
ALPHABET = st.sampled_from(
    list("aZ .,!?\n\t-'\"0")
    + list("ÃÂâ€œ™©®°×²³é¢£¤¦§¨ªº«»ŒœØÙà√≈‚ÄвЂВГРСβΑΓΞΟāšž")
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


C1_LINE = st.text(
    alphabet=st.sampled_from([*"ab tT.,'", *map(chr, range(0x80, 0xA0)), "\x1a", "\x1b", "é", "Ã", "…", "’"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=3000, deadline=None)
@given(C1_LINE)
def test_c1_punctuation_is_what_ftfy_makes_of_the_line(line: str) -> None:
    """The shortcut for lines of ASCII and C1 controls answers as ftfy does (with the
    step's config and `looks_bad` as its test, as `FixUnicode._fix` runs it)."""
    known = c1_punctuation(line)
    if known is None:
        return
    original = ftfy.is_bad
    ftfy.is_bad = looks_bad
    try:
        fixed, explanation = ftfy.fix_and_explain(line, config=_config())
    finally:
        ftfy.is_bad = original
    assert known == (fixed, [tuple(step) for step in explanation])


def test_c1_punctuation_takes_windows_1252_punctuation() -> None:
    assert c1_punctuation("I don\x92t know\x85 really") is not None
    assert c1_punctuation("caf\xe9 \x85") is None  # a Latin-1 letter: ftfy's own business


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


# boilerplate lines of several kinds (whole-line, "anywhere", glued to prose, navigation) and prose
BOILERPLATE_LINES = [
    "Posted by Jane Doe at 10:22 AM",
    "Skip to content",
    "Share this:",
    "Facebook Twitter Email",
    "Read more »",
    "Home | News | Sport | Weather",
    "Page 6 of 60",
    "Anna said...",
    "This site uses cookies to improve your experience.",
    "Copyright © 2021 Example Media. All rights reserved.",
    "12 comments",
    "www.example.co.uk",
    "Tuesday, September 1, 2009",
    "30/04/2013",
    "Senior Member",
    "Seite 3 von 9",
    "Wir verwenden Cookies.",
    "The ferry leaves at noon. Read more",
    "The ferry leaves at noon. |",
    "Mill News logo",
    "Читать далее",
    "---",
    "The harbour board approved the new timetable on Tuesday.",
    "Share prices fell sharply in early trading on Monday.",
]
# whitespace that trimming removes, bullets, and letters whose case folding is irregular
ODD = ["", " ", "\t", "\xa0", "\r", "\x1c", "\u2028", "• ", "2. ", "- ", "|", "ſ", "ı", "İ", "\u212a", "Σ", "ς", "😀"]


def _mangled(line: str, case: Callable[[str], str], lead: str, inner: str, cut: int) -> str:
    return lead + case(line[:cut]) + inner + case(line[cut:])


BOILERPLATE_TEXT = st.lists(
    st.builds(
        _mangled,
        st.sampled_from(BOILERPLATE_LINES),
        st.sampled_from([str, str.upper, str.title]),
        st.sampled_from(ODD),
        st.sampled_from(ODD),
        st.integers(0, 60),
    ),
    max_size=8,
).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(BOILERPLATE_TEXT)
def test_boilerplate_gates_change_nothing(text: str) -> None:
    gated = RemoveBoilerplate()
    every_line = RemoveBoilerplate()
    every_line._patterns = every_line._patterns._replace(gates=None)
    assert gated.repair(text) == every_line.repair(text)


def _lines_of(text: str, offsets: list[int]) -> set[int]:
    return {text.count("\n", 0, offset) for offset in offsets}


@settings(max_examples=1500, deadline=None)
@given(BOILERPLATE_TEXT)
def test_compiled_literal_scan_finds_the_regex_lines(text: str) -> None:
    """The boilerplate gate's literals, found by one compiled pass, are on the lines the
    regex finds them on (the regex reports a literal at its rarest character)."""
    _assert_literal_lines_agree(text.lower())


def test_compiled_literal_scan_finds_the_regex_lines_on_real_pages() -> None:
    for text in shipped_texts():
        _assert_literal_lines_agree(text.lower())


def _assert_literal_lines_agree(lowered: str) -> None:
    gates = RemoveBoilerplate()._patterns.gates
    assert gates is not None
    regex = [m.start() for m in gates.literals.finditer(lowered)]
    assert _lines_of(lowered, gates.literal_offsets(lowered)) == _lines_of(lowered, regex)


# lines that repeat, start alike, continue one another, or quote one another's words
REPEAT_LINES = [
    "The harbour board approved the new ferry timetable on Tuesday.",
    "the harbour board approved the new ferry timetable on tuesday",
    "The harbour board approved",
    "Ferries will now leave every forty minutes during the summer months, the board said.",
    "Local traders welcomed the change.",
    "Harbour news The harbour board approved the new ferry timetable on Tuesday.",
    "Ferries will now leave every forty minutes during the summer, the board said on Tuesday.",
    "Caption",
    "- a list item",
    "    indented code = 1;",
    "12 34 56",
    "",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(REPEAT_LINES), max_size=8).map("\n".join))
def test_repeats_shortcut_only_skips_texts_without_edits(text: str) -> None:
    step = RemoveRepeats()
    always = RemoveRepeats()
    always._nothing_repeats = lambda bodies, words: False  # type: ignore[method-assign]
    assert step.repair(text) == always.repair(text)


# lines that share starts, words and endings, in mixed case, with odd whitespace and marks
REPEAT_PIECES = st.sampled_from(
    ["The harbour board", "the HARBOUR board", "approved", "the new ferry timetable", "on Tuesday.", "x_1"]
    + [" ", "  ", "\t", "\x0b", "\x1c", "\r", ",", "-", "12", "a", "b", "c", "The h", "appro"]
)
REPEAT_TEXT = st.lists(st.lists(REPEAT_PIECES, max_size=8).map("".join), max_size=8).map("\n".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(REPEAT_TEXT, st.lists(st.sampled_from(REPEAT_LINES), max_size=8).map("\n".join)))
def test_compiled_repeats_gate_is_nothing_repeats(text: str) -> None:
    """`_surely_nothing_repeats` (C, from the text) agrees with `_nothing_repeats`
    (Python, from the lines' words) whenever it answers."""
    step = RemoveRepeats(RepeatsParams(min_prefix_chars=5, max_prefix_chars=30, min_quote_words=3))
    bodies = [line.strip() for line in text.split("\n") if line.strip()]
    if len(bodies) < 2 or not text.isascii() or compiled is None:
        return
    expected = step._nothing_repeats(bodies, [line_words(body) for body in bodies])
    assert step._surely_nothing_repeats(text) == expected


# words of every length around a small limit, separated by any kind of whitespace
SPACED = st.lists(
    st.text("ab", min_size=0, max_size=9) | st.sampled_from([" ", "  ", "\t", "\u3000", "\n", "\x1c"]), max_size=12
).map("".join)


@settings(max_examples=5000, deadline=None)
@given(SPACED, st.integers(1, 6))
def test_long_word_test_is_the_split_test(line: str, limit: int) -> None:
    assert has_long_word(line, limit) == (max(map(len, line.split()), default=0) > limit)


LINE_BREAKS = st.text(st.sampled_from(list("ab \n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029é")), max_size=30)


@settings(max_examples=2000, deadline=None)
@given(LINE_BREAKS)
def test_c4_line_spans_are_the_regex_lines(text: str) -> None:
    assert list(line_spans(text)) == [m.span() for m in _LINE.finditer(text)]
