"""FineWeb's own quality filters (Penedo et al. 2024, "The FineWeb Datasets:
Decanting the Web for the Finest Text Data at Scale", section 3.3)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from gristmill.steps.filters.base import SignalFilter, above, below, validate_params
from gristmill.steps.signals.compute import Signals, fineweb, words_of


@dataclasses.dataclass(frozen=True)
class FineWebQualityParams:
    min_lines: int | None = 3  # the two line-share rules need this many non-blank lines
    min_line_punct_ratio: float | None = 0.12
    max_short_line_ratio: float | None = 0.67
    max_char_dup_ratio: float | None = 0.01
    max_list_ratio: float | None = 0.3
    long_lines_are_prose: bool = True  # judge prose_line_ratio (False: the paper's line_punct_ratio)
    min_prose_chars: int | None = 300  # a page with this much prose is not judged by the shape of its lines
    labels_may_repeat: bool = True  # judge content_dup_ratio (False: the paper's char_dup_ratio)
    count_rescued: bool = True
    languages: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        validate_params(self, "fineweb_quality")


class FineWebQuality(SignalFilter):
    """FineWeb's custom filters (Penedo et al. 2024, section 3.3): drop a
    document when at most 12 % of its lines end in terminal punctuation,
    more than 67 % of its lines are 30 characters or shorter, repeated lines
    hold more than 1 % of its characters, or it has more than 0.3 newlines
    per word (a list, not prose).

    The two line-share rules apply from `min_lines` (3) non-blank lines on: a
    share of one or two lines is not a statistic (a one-paragraph page whose
    last sentence ends in a quote has 0 % punctuated lines). `min_lines = 0`
    applies them always, as the paper.

    The punctuation rule counts a line of 20 words or more as punctuated
    (`prose_line_ratio`): the rule is meant to catch menus and lists of titles,
    and a long line without a final mark is a paragraph (an informal e-mail, a
    news teaser cut off by its site). `long_lines_are_prose = false` judges the
    paper's `line_punct_ratio`. The reason code is `line_punct_ratio` either way.

    The two line-shape rules (punctuated lines, short lines) do not judge a
    page with `min_prose_chars` (300) characters of prose or more
    (`prose_chars`: lines that end a sentence or hold 20 words, with the lines
    whose sentence goes on into them): such a page is prose with a list, a
    table of fields, verse or a menu in it, not a menu. Its labels and values
    make short, unpunctuated lines (a manual's "Description:" / "Arguments:"
    entries, a cup draw's fixtures, a film list's columns); the repairs remove
    the menus. 300 characters are about 50 words of English, Gopher's shortest
    document, and counting characters serves scripts written without spaces.
    `min_prose_chars = false` judges every page by its lines, as the paper.

    The duplicated-characters rule counts repeated lines of 4 words or more
    (`content_dup_ratio`): a label that recurs in every entry of a manual or a
    table is structure, as `remove_repeats` treats it. `labels_may_repeat =
    false` judges the paper's `char_dup_ratio`; the reason code is
    `char_dup_ratio` either way.
    """

    name = "fineweb_quality"
    description = "FineWeb rules: punctuated lines, short lines, duplicated line characters, list-like text."
    Params = FineWebQualityParams
    REASONS = {
        "line_punct_ratio": "fewer lines ending in terminal punctuation than min_line_punct_ratio",
        "short_line_ratio": "more short lines (<= 30 characters) than max_short_line_ratio",
        "char_dup_ratio": "repeated lines hold more characters than max_char_dup_ratio",
        "list_ratio": "more newlines per word than max_list_ratio",
    }

    def measure(self, text: str, language: str | None) -> Signals:
        return fineweb(text, words_of(text))

    def judge(self, s: Signals, p: FineWebQualityParams) -> str | None:
        prose = p.min_prose_chars is not None and s["fineweb_quality.prose_chars"] >= p.min_prose_chars
        if not prose and not below(s["fineweb_quality.lines"], p.min_lines):
            punctuated = s[
                "fineweb_quality.prose_line_ratio" if p.long_lines_are_prose else "fineweb_quality.line_punct_ratio"
            ]
            if below(punctuated, p.min_line_punct_ratio):
                return "line_punct_ratio"
            if above(s["fineweb_quality.short_line_ratio"], p.max_short_line_ratio):
                return "short_line_ratio"
        repeated = s["fineweb_quality.content_dup_ratio" if p.labels_may_repeat else "fineweb_quality.char_dup_ratio"]
        if above(repeated, p.max_char_dup_ratio):
            return "char_dup_ratio"
        if above(s["fineweb_quality.list_ratio"], p.max_list_ratio):
            return "list_ratio"
        return None
