"""Quality signals: word splitting and each family's values on small hand-made texts."""

from __future__ import annotations

import pytest

from gristmill.steps.signals.compute import (
    c4,
    count_sentences,
    fineweb,
    gopher_quality,
    gopher_repetition,
)
from gristmill.steps.signals.words import split_words

PROSE = (
    "The river rose slowly through the night, and by morning the old mill was standing in water.\n\n"
    "Nobody had seen that happen since the great flood of 1947, when the bridge was carried away.\n"
    "People came from the village with boats and ropes to help the miller save his grain."
)


def test_words_split_punctuation_and_keep_abbreviations() -> None:
    assert split_words("Hello, world. It's 3.5% of U.S. sales!") == [
        "Hello",
        ",",
        "world",
        ".",
        "It",
        "'s",
        "3.5",
        "%",
        "of",
        "U.S.",
        "sales",
        "!",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("我爱北京", ["我", "爱", "北", "京"]),
        ("日本語のテキストです", ["日", "本", "語", "の", "テキスト", "です"]),
        ("ภาษาไทย", ["ภา", "ษา", "ไท", "ย"]),
        ("हिन्दी भाषा", ["हिन्दी", "भाषा"]),  # combining marks stay inside the word
    ],
)
def test_words_without_spaces(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_gopher_quality_values() -> None:
    s = gopher_quality("# Title\n- one item ...\n- two items\nThe end of the story with the cat.")
    assert s["gopher_quality.word_count"] == 13
    assert s["gopher_quality.bullet_line_frac"] == 0.5
    assert s["gopher_quality.ellipsis_line_frac"] == 0.25
    assert s["gopher_quality.hash_word_ratio"] == pytest.approx(1 / 13)
    assert s["gopher_quality.stop_words"] == 3  # the, of, with
    assert s["gopher_quality.tokens"] == 18  # punctuation tokens too
    assert s["gopher_quality.alpha_word_frac"] == 1.0


def test_stop_words_follow_the_language() -> None:
    text = "Le chat est dans la maison et le chien dort."
    assert gopher_quality(text, "en")["gopher_quality.stop_words"] == 0
    assert gopher_quality(text, "fr")["gopher_quality.stop_words"] >= 4
    assert gopher_quality(text, "xx")["gopher_quality.stop_words"] == -1  # no list: rule skipped


def test_gopher_repetition_values() -> None:
    para = "The same paragraph again and again."
    text = "\n\n".join([para, para, "Something else entirely here."])
    s = gopher_repetition(text)
    assert s["gopher_repetition.dup_para_frac"] == pytest.approx(1 / 3)
    assert s["gopher_repetition.dup_para_char_frac"] == pytest.approx(len(para) / len(text))
    assert s["gopher_repetition.dup_5_gram_char_frac"] > 0
    clean = gopher_repetition(PROSE)
    assert clean["gopher_repetition.dup_para_frac"] == 0
    assert clean["gopher_repetition.dup_10_gram_char_frac"] == 0
    assert all(v == 0 for v in gopher_repetition("").values())


def test_dup_ngrams_scan_like_datatrove() -> None:
    # "a b c d e" twice: the second copy is one duplicated 5-gram (chars without spaces)
    text = "a b c d e x a b c d e"
    s = gopher_repetition(text)
    assert s["gopher_repetition.dup_5_gram_char_frac"] == pytest.approx(5 / len(text))
    assert s["gopher_repetition.top_2_gram_char_frac"] == pytest.approx(3 * 2 / len(text))


def test_c4_signals() -> None:
    text = "Click here\nEnable javascript to see this page and more.\nWe use cookies to track you around.\n" + PROSE
    s = c4(text)
    assert s["c4_quality.too_short_lines"] == 1
    assert s["c4_quality.javascript_lines"] == 1
    assert s["c4_quality.policy_lines"] == 1
    assert s["c4_quality.sentences"] == 3
    assert c4("lorem ipsum dolor sit amet.")["c4_quality.lorem_ipsum_lines"] == 1
    assert c4("function f() { return 1; }")["c4_quality.curly_bracket_lines"] == 1


def test_sentences() -> None:
    assert count_sentences("Dr. Who met Mr. Smith in the U.S. yesterday. He left.") == 2
    assert count_sentences("It cost 3.5 dollars... really? Yes!") == 2
    assert count_sentences("我来了。你呢？好的。") == 3


def test_fineweb_signals() -> None:
    text = "Menu\nHome\nA real sentence that ends properly.\nMenu"
    s = fineweb(text)
    assert s["fineweb_quality.line_punct_ratio"] == 0.25
    assert s["fineweb_quality.short_line_ratio"] == 0.75
    assert s["fineweb_quality.char_dup_ratio"] == pytest.approx(4 / (len(text) - 3))
    assert s["fineweb_quality.list_ratio"] == pytest.approx(3 / 10)


@pytest.mark.parametrize(
    "text",
    ["!" * 200_000, "!." * 100_000, "a" + "!" * 100_000 + "b", "end!" + " " * 200_000, "a.b,c;d" * 30_000],
)
def test_hostile_text_is_linear(text: str) -> None:
    import time

    t0 = time.perf_counter()
    c4(text)
    split_words(text)
    assert time.perf_counter() - t0 < 5  # quadratic scans would take minutes
