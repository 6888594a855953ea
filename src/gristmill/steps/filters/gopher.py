"""Gopher's quality and repetition filters (Rae et al. 2021, "Scaling Language
Models: Methods, Analysis & Insights from Training Gopher", appendix A.1.1 and table A1).

Thresholds default to the paper's; datatrove's `GopherQualityFilter` and
`GopherRepetitionFilter` use the same numbers, and
`tests/conformance/` checks that the keep/drop decisions agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from gristmill.steps.filters.base import SignalFilter, above, below, validate_params
from gristmill.steps.signals.compute import Signals, gopher_quality, gopher_repetition, words_of

# Han characters and kana runs are one "word" each, and Thai words are split
# into character clusters: their words are far shorter than English ones.
_SHORT_WORDS = {"min_mean_word_length": 1.0}


@dataclasses.dataclass(frozen=True)
class GopherQualityParams:
    min_words: int | None = 50
    max_words: int | None = 100_000
    min_mean_word_length: float | None = 3.0
    max_mean_word_length: float | None = 10.0
    max_hash_word_ratio: float | None = 0.1
    max_ellipsis_word_ratio: float | None = 0.1
    min_lines: int | None = 3  # the two line rules need this many non-blank lines (see below)
    max_bullet_line_frac: float | None = 0.9
    max_ellipsis_line_frac: float | None = 0.3
    min_alpha_word_frac: float | None = 0.8
    min_stop_words: int | None = 2
    count_punctuation_as_words: bool = False
    count_rescued: bool = True
    languages: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_params(self, "gopher_quality")


class GopherQuality(SignalFilter):
    """Gopher's quality rules (Rae et al. 2021, appendix A.1.1): a document must
    have 50 to 100,000 words of mean length 3 to 10 characters, at most 0.1
    `#` or ellipses per word, at most 90 % of lines starting with a bullet and
    30 % ending in an ellipsis, at least 80 % of words with a letter, and at
    least two of the stop words "the, be, to, of, and, that, have, with"
    (for other languages: that language's list in `signals.words.STOP_WORDS`;
    a language without a list skips the rule).

    "Words" are words, not punctuation tokens, as in the paper; datatrove
    divides the symbol ratios and the letter fraction by all tokens, so that
    ordinary punctuated prose loses 10-20 % of its letter fraction and is
    dropped. `count_punctuation_as_words = true` reproduces datatrove.

    The two line rules apply from `min_lines` (3) non-blank lines on: a share
    of one or two lines is not a statistic (a two-line teaser ending in "..."
    is 50 % ellipsis lines). `min_lines = 0` applies them always, as the paper.
    """

    name = "gopher_quality"
    description = "Gopher quality rules: word count and length, symbols, bullets, letters, stop words."
    Params = GopherQualityParams
    REASONS = {
        "word_count_low": "fewer words than min_words",
        "word_count_high": "more words than max_words",
        "mean_word_length_low": "mean word length below min_mean_word_length",
        "mean_word_length_high": "mean word length above max_mean_word_length",
        "hash_word_ratio": "more '#' per word than max_hash_word_ratio",
        "ellipsis_word_ratio": "more ellipses per word than max_ellipsis_word_ratio",
        "bullet_line_frac": "more lines starting with a bullet than max_bullet_line_frac",
        "ellipsis_line_frac": "more lines ending with an ellipsis than max_ellipsis_line_frac",
        "alpha_word_frac": "fewer words with a letter than min_alpha_word_frac",
        "stop_words": "fewer distinct stop words than min_stop_words",
    }
    LANGUAGE_DEFAULTS = {
        "zh": _SHORT_WORDS,
        "ja": _SHORT_WORDS,
        "th": _SHORT_WORDS,
        "ko": {"min_mean_word_length": 2.0},
    }

    def measure(self, text: str, language: str | None) -> Signals:
        return gopher_quality(text, language)

    def judge(self, s: Signals, p: GopherQualityParams) -> str | None:
        n = s["gopher_quality.word_count"]
        if below(n, p.min_words):
            return "word_count_low"
        if above(n, p.max_words):
            return "word_count_high"
        mean = s["gopher_quality.mean_word_length"]
        if below(mean, p.min_mean_word_length):
            return "mean_word_length_low"
        if above(mean, p.max_mean_word_length):
            return "mean_word_length_high"
        # datatrove divides by all tokens, punctuation included: rescale to that
        scale = n / s["gopher_quality.tokens"] if p.count_punctuation_as_words and n else 1.0
        if above(round(s["gopher_quality.hash_word_ratio"] * scale, 12), p.max_hash_word_ratio):
            return "hash_word_ratio"
        if above(round(s["gopher_quality.ellipsis_word_ratio"] * scale, 12), p.max_ellipsis_word_ratio):
            return "ellipsis_word_ratio"
        if not below(s["gopher_quality.lines"], p.min_lines):
            if above(s["gopher_quality.bullet_line_frac"], p.max_bullet_line_frac):
                return "bullet_line_frac"
            if above(s["gopher_quality.ellipsis_line_frac"], p.max_ellipsis_line_frac):
                return "ellipsis_line_frac"
        if below(round(s["gopher_quality.alpha_word_frac"] * scale, 12), p.min_alpha_word_frac):
            return "alpha_word_frac"
        stops = s["gopher_quality.stop_words"]
        if stops >= 0 and below(stops, p.min_stop_words):
            return "stop_words"
        return None


@dataclasses.dataclass(frozen=True)
class GopherRepetitionParams:
    max_dup_line_frac: float | None = 0.3
    max_dup_para_frac: float | None = 0.3
    max_dup_line_char_frac: float | None = 0.2
    max_dup_para_char_frac: float | None = 0.2
    max_top_2_gram_char_frac: float | None = 0.2
    max_top_3_gram_char_frac: float | None = 0.18
    max_top_4_gram_char_frac: float | None = 0.16
    max_dup_5_gram_char_frac: float | None = 0.15
    max_dup_6_gram_char_frac: float | None = 0.14
    max_dup_7_gram_char_frac: float | None = 0.13
    max_dup_8_gram_char_frac: float | None = 0.12
    max_dup_9_gram_char_frac: float | None = 0.11
    max_dup_10_gram_char_frac: float | None = 0.10
    labels_may_repeat: bool = True  # the line rules count repeated lines of 4+ words (False: every line, the paper)
    count_rescued: bool = True
    languages: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_params(self, "gopher_repetition")


_REPETITION_RULES = (
    "dup_para_frac",
    "dup_para_char_frac",
    "dup_line_frac",
    "dup_line_char_frac",
    "top_2_gram_char_frac",
    "top_3_gram_char_frac",
    "top_4_gram_char_frac",
    "dup_5_gram_char_frac",
    "dup_6_gram_char_frac",
    "dup_7_gram_char_frac",
    "dup_8_gram_char_frac",
    "dup_9_gram_char_frac",
    "dup_10_gram_char_frac",
)
# (signal, threshold parameter, reason) of each rule, spelled once rather than per document
_REPETITION_CHECKS = tuple((f"gopher_repetition.{rule}", f"max_{rule}", rule) for rule in _REPETITION_RULES)
# the same, the two line rules judged on repeated lines of 4 words or more
_CONTENT_SIGNALS = {"dup_line_frac": "dup_content_line_frac", "dup_line_char_frac": "dup_content_line_char_frac"}
_CONTENT_CHECKS = tuple(
    (f"gopher_repetition.{_CONTENT_SIGNALS.get(rule, rule)}", threshold, rule)
    for _, threshold, rule in _REPETITION_CHECKS
)


class GopherRepetition(SignalFilter):
    """Gopher's repetition rules (Rae et al. 2021, appendix A.1.1, table A1):
    drop a document whose repeated lines or paragraphs, most frequent 2-4-gram
    or repeated 5-10-grams cover more than the table's share of it (lines and
    paragraphs 30 % by count / 20 % by characters; top n-grams 20/18/16 %;
    duplicate n-grams 15 % for 5-grams down to 10 % for 10-grams).

    The two line rules count repeated lines of 4 words or more
    (`dup_content_line_frac`, `dup_content_line_char_frac`): shorter lines are
    labels, table heads and lines of code ("SELECT", "FROM", "}"), which recur
    in good pages; the repairs have removed the repeated sentences, and on raw
    text these still count. `labels_may_repeat = false` counts every line, as
    the paper; the reason codes are `dup_line_frac` and `dup_line_char_frac`
    either way.
    """

    name = "gopher_repetition"
    description = "Gopher repetition rules: repeated lines, paragraphs and word n-grams."
    Params = GopherRepetitionParams
    REASONS = {
        "dup_para_frac": "more repeated paragraphs than max_dup_para_frac",
        "dup_para_char_frac": "repeated paragraphs cover more characters than max_dup_para_char_frac",
        "dup_line_frac": "more repeated lines than max_dup_line_frac",
        "dup_line_char_frac": "repeated lines cover more characters than max_dup_line_char_frac",
        **{
            f"top_{n}_gram_char_frac": f"the most frequent {n}-gram covers more than max_top_{n}_gram_char_frac"
            for n in (2, 3, 4)
        },
        **{
            f"dup_{n}_gram_char_frac": f"repeated {n}-grams cover more than max_dup_{n}_gram_char_frac"
            for n in range(5, 11)
        },
    }

    def measure(self, text: str, language: str | None) -> Signals:
        return gopher_repetition(text, words_of(text))

    def judge(self, s: Signals, p: GopherRepetitionParams) -> str | None:
        for signal, threshold, rule in _CONTENT_CHECKS if p.labels_may_repeat else _REPETITION_CHECKS:
            if above(s[signal], getattr(p, threshold)):
                return rule
        return None
