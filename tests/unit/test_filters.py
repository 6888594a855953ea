"""Quality filters: declared reasons, thresholds from config, per-language overrides, rescue counting."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from gristmill.document import Document
from gristmill.errors import ConfigError
from gristmill.pipeline import Pipeline
from gristmill.registry import STEPS, default_step_names
from gristmill.stats import Stats
from gristmill.steps.filters import C4Quality, FineWebQuality, GopherQuality, GopherRepetition, MachineText

GOOD = (
    "The river rose slowly through the night, and by morning the old mill was standing in water. "
    "Nobody had seen that happen since the great flood of 1947, when the bridge was carried away.\n\n"
    "People came from the village with boats and ropes to help the miller save his grain. "
    "By noon the water had started to fall, and the miller's family could return to the house.\n\n"
    "The mill still stands today. Its wheel was repaired in the spring, and visitors can see it turn "
    "on the first Sunday of every month, when the volunteers open the doors to the public."
)
MENU = "Menu\nHome\nAbout\nContact\nNews\nShop\nHelp\nLogin\nSearch\n"
FILTERS = ["gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"]


def run(texts: list[str], names: list[str] = FILTERS, params: dict | None = None) -> tuple[list[Document], Stats]:
    stats = Stats()
    docs = Pipeline.from_names(names, params).apply([Document(str(i), t) for i, t in enumerate(texts)], stats)
    return docs, stats


def test_good_prose_is_kept_with_every_signal_stored() -> None:
    [doc], _ = run([GOOD])
    assert doc.kept
    for name in (
        "gopher_quality.word_count",
        "gopher_repetition.dup_para_char_frac",
        "c4_quality.sentences",
        "fineweb_quality.line_punct_ratio",
    ):
        assert name in doc.signals


@pytest.mark.parametrize(
    ("text", "step", "reason"),
    [
        ("Too short to be a page.", "gopher_quality", "word_count_low"),
        ("\n\n".join([GOOD] * 3), "gopher_repetition", "dup_para_frac"),
        (MENU + "Open on Sundays.\nFree entry.\nDogs welcome.", "fineweb_quality", "short_line_ratio"),
        (GOOD + "\n\nLorem ipsum dolor sit amet, consectetur adipiscing.", "c4_quality", "lorem_ipsum_lines"),
    ],
)
def test_each_drop_names_its_rule(text: str, step: str, reason: str) -> None:
    [doc], stats = run([text], [step])
    assert doc.decision is not None
    assert (doc.decision.step, doc.decision.reason) == (step, reason)
    assert stats[f"steps.{step}.dropped.{reason}"] == 1
    assert f"{step}.{reason.removesuffix('_low').removesuffix('_high')}" in doc.signals


def test_reason_codes_are_declared_and_snake_case() -> None:
    for cls in (GopherQuality, GopherRepetition, C4Quality, FineWebQuality):
        assert cls.REASONS and all(code.isidentifier() and code.islower() for code in cls.REASONS)
        assert STEPS[cls.name].cls is cls


def test_thresholds_come_from_config() -> None:
    [doc], _ = run([GOOD], ["gopher_quality"], {"gopher_quality": {"min_words": 500}})
    assert doc.decision is not None and doc.decision.reason == "word_count_low"
    off = {"gopher_quality": {"min_words": None, "min_stop_words": None}}
    [doc], _ = run(["Remarkably, everything considered, terribly short."], ["gopher_quality"], off)
    assert doc.kept


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"min_wrds": 3}, "gopher_quality.min_wrds"),
        ({"min_words": "many"}, "gopher_quality.min_words"),
        ({"languages": {"zh": {"min_wrds": 3}}}, "gopher_quality.languages.zh.min_wrds"),
        ({"languages": {"zh": {"min_words": -1}}}, "gopher_quality.languages.zh.min_words"),
    ],
)
def test_bad_thresholds_name_the_key(options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        GopherQuality.from_config(options)


def test_per_language_overrides() -> None:
    step = GopherQuality.from_config({"languages": {"fr": {"min_words": 5}}})
    assert step.params_for("fr").min_words == 5
    assert step.params_for("en").min_words == 50
    assert step.params_for("zh").min_mean_word_length == 1.0  # built-in: Han characters are words
    doc = Document("d", "Le chat est dans la maison et le chien dort dans le jardin.")
    doc.signals["language"] = "fr"
    assert step.check(doc) is None
    doc.signals["language"] = "en"
    assert step.check(doc) == "word_count_low"


def test_chinese_text_is_judged_with_chinese_words() -> None:
    text = "立田说有事和我商量，回公司的路上，我便顺道去了他的研究室。" * 2
    text += "他在大学药学系当助教，我们是高中同学，直到今天仍然时有往来。"
    doc = Document("d", text)
    doc.signals["language"] = "zh"
    assert GopherQuality().check(doc) is None
    assert doc.signals["gopher_quality.word_count"] > 50


def test_datatrove_word_counting_is_an_option() -> None:
    text = GOOD.replace(" ", " , ")  # as many commas as words: letter fraction halves with punctuation counted
    doc = Document("d", text)
    assert GopherQuality().check(doc) is None
    assert GopherQuality.from_config({"count_punctuation_as_words": True}).check(doc) == "alpha_word_frac"


def test_rescued_by_repair_is_counted() -> None:
    messy = GOOD.replace("\n\n", "\n\n\n\n\n").replace(". ", ".   \n\n\n\n\n", 3)
    params = {"fineweb_quality": {"max_list_ratio": 0.1}}
    docs, stats = run([messy], ["normalize_whitespace", "fineweb_quality"], params)
    [doc] = docs
    assert doc.kept and doc.edits
    assert doc.signals["rescued_by_repair"] == ["fineweb_quality.list_ratio"]
    assert stats["rescued_by_repair.fineweb_quality.list_ratio"] == 1


def test_rescue_is_taken_back_when_a_later_filter_drops() -> None:
    messy = GOOD.replace("\n\n", "\n\n\n\n\n").replace(". ", ".   \n\n\n\n\n", 3)
    params = {"fineweb_quality": {"max_list_ratio": 0.1}, "gopher_quality": {"min_words": 1000}}
    [doc], stats = run([messy], ["normalize_whitespace", "fineweb_quality", "gopher_quality"], params)
    assert not doc.kept
    assert stats["rescued_by_repair.fineweb_quality.list_ratio"] == 0


def test_filters_never_edit() -> None:
    texts = [GOOD, "short", "\n\n".join([GOOD] * 3), ""]
    docs, _ = run(texts)
    assert [d.text for d in docs] == texts and not any(d.edits for d in docs)


def test_quality_signals_annotator_judges_nothing() -> None:
    docs, stats = run(["short", GOOD], ["quality_signals"])
    assert all(d.kept for d in docs)
    assert {k.split(".")[0] for k in docs[0].signals} == {
        "gopher_quality",
        "gopher_repetition",
        "c4_quality",
        "fineweb_quality",
    }


def test_annotate_only_keeps_everything_and_stores_signals(tmp_path: Path) -> None:
    from gristmill.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(["short", GOOD, GOOD])))
    assert main(["run", str(src), "-o", str(tmp_path / "out"), "--annotate-only", "--workers", "1", "--quiet"]) == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["kept"] == 3 and summary["dropped"] == 0  # no filter, no dedup
    names = [s["name"] for s in summary["config"]["steps"]]
    assert "quality_signals" in names and "gopher_quality" not in names and "exact_dedup" not in names
    assert [n for n in names if n != "quality_signals"] == [  # every step that only edits or annotates stays
        n for n in default_step_names() if not STEPS[n].cls.REASONS
    ]
    [kept] = list((tmp_path / "out" / "kept").iterdir())
    records = [json.loads(line) for line in gzip.open(kept, "rt")]
    assert all("gopher_quality.word_count" in r["signals"] and "language" in r["signals"] for r in records)


def test_summary_counts_drops_by_reason_and_rescues(tmp_path: Path) -> None:
    from gristmill.cli import main

    messy = GOOD.replace("\n\n", "\n\n\n\n\n").replace(". ", ".   \n\n\n\n\n", 3)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(["too short", messy])))
    config = tmp_path / "c.toml"
    config.write_text(
        'steps = ["normalize_whitespace", "gopher_quality", "fineweb_quality"]\n'
        "[fineweb_quality]\nmax_list_ratio = 0.1\n"
    )
    assert (
        main(["run", str(src), "-o", str(tmp_path / "out"), "--config", str(config), "--workers", "1", "--quiet"]) == 0
    )
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["dropped_by_reason"] == {"gopher_quality.word_count_low": 1}
    assert summary["steps"]["gopher_quality"]["dropped"] == {"word_count_low": 1}
    assert summary["rescued_by_repair"] == {"fineweb_quality.list_ratio": 1}


def test_false_switches_a_rule_off() -> None:
    step = GopherQuality.from_config({"min_words": False, "languages": {"fr": {"min_stop_words": False}}})
    assert step.params.min_words is None
    assert step.params_for("fr").min_stop_words is None and step.params_for("fr").min_words is None


def test_docs_list_every_reason_code() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "signals.md").read_text(encoding="utf-8")
    for cls in (GopherQuality, GopherRepetition, C4Quality, FineWebQuality, MachineText):
        for code, explanation in cls.REASONS.items():
            assert f"| `{cls.name}.{code}` | {explanation} |" in doc


# An informal mailing-list message (written for the test): long paragraphs, no final marks.
UNPUNCTUATED_MAIL = "\n".join(
    [
        "the club kept its old timetable for another season because the hall was booked on every other "
        "evening and nobody wanted to rehearse on a Sunday morning",
        "if you want the scores for the spring concert ask Maria before Friday because she is sending "
        "the order to the shop at the weekend and it takes two weeks",
        "parking is behind the hall as usual and the side door will be open from half past six for "
        "anybody bringing instruments or the big music stands",
        "see you all on Thursday",
    ]
)
MENU = "\n".join(["Home", "About us", "Our services", "Contact", "Blog", "Careers", "Latest news from the team"])


def fineweb_verdict(text: str, **options: object) -> str | None:
    step = FineWebQuality.from_config({"max_short_line_ratio": False, **options})
    return step.check(Document("d", text))


def test_long_unpunctuated_lines_count_as_prose() -> None:
    assert fineweb_verdict(UNPUNCTUATED_MAIL) is None
    paper = {"long_lines_are_prose": False, "min_prose_chars": False}
    assert fineweb_verdict(UNPUNCTUATED_MAIL, **paper) == "line_punct_ratio"
    assert fineweb_verdict(MENU) == "line_punct_ratio"  # short unpunctuated lines still fail


# A reference manual's entries (written for the test): label lines, short values,
# the same field names in every entry, and a sentence of description each.
MANUAL_ENTRIES = {
    "ADD.DAYS": "Adds a number of days to a date and returns the new date, skipping the holidays of the region.",
    "DAY.NAME": "Returns the name of the weekday for a date, spelled out in the language of the user.",
    "WEEK.NO": "Calculates the number of the week in the year, counting the weeks from the first Monday.",
    "LAST.DAY": "Finds the last working day of the month that holds the given date, in the region given.",
}
MANUAL = "\n".join(
    f"{name}\nDescription:\n{what}\nArguments:\nDATE, REGION\nIncoming:\nDATE\nReturned:\nDATE\n"
    f"The result of {name}, as a date in the same format"
    for name, what in MANUAL_ENTRIES.items()
)
PAPER_LIMITS = {"min_line_punct_ratio": 0.12, "max_short_line_ratio": 0.67, "max_char_dup_ratio": 0.01}


def only(key: str) -> dict[str, float | bool]:
    return {k: (v if k == key else False) for k, v in PAPER_LIMITS.items()}


def test_a_manual_of_labelled_entries_is_kept() -> None:
    signals = FineWebQuality.from_config({}).measure(MANUAL, "en")
    assert signals["fineweb_quality.prose_chars"] >= 300
    assert signals["fineweb_quality.content_dup_ratio"] == 0 < signals["fineweb_quality.char_dup_ratio"]
    assert fineweb_verdict(MANUAL, **PAPER_LIMITS) is None
    # Judged as the paper judges, each of the three line rules alone drops it.
    paper = {"min_prose_chars": False, "labels_may_repeat": False}
    assert fineweb_verdict(MANUAL, **only("min_line_punct_ratio"), **paper) == "line_punct_ratio"
    assert fineweb_verdict(MANUAL, **only("max_short_line_ratio"), **paper) == "short_line_ratio"
    assert fineweb_verdict(MANUAL, **only("max_char_dup_ratio"), **paper) == "char_dup_ratio"


def test_a_menu_with_a_short_notice_is_still_judged_by_its_lines() -> None:
    notice = MENU + "\nThe office is closed on Monday. Orders placed at the weekend will be sent on Tuesday."
    assert FineWebQuality.from_config({}).measure(notice, "en")["fineweb_quality.prose_chars"] < 300
    assert fineweb_verdict(notice, **PAPER_LIMITS) == "short_line_ratio"
    assert fineweb_verdict(MANUAL, **PAPER_LIMITS, min_prose_chars=1000) == "line_punct_ratio"


def test_repeated_sentences_still_count_as_duplicated_lines() -> None:
    repeated = GOOD.replace("\n\n", "\n") + "\n" + GOOD.split("\n\n")[1]
    assert fineweb_verdict(repeated, **only("max_char_dup_ratio")) == "char_dup_ratio"


# A poem (written for the test): its sentences run over short lines and stanzas.
POEM = """The water goes out
the way a guest leaves,
slowly, then all at once,
forgetting a glove.

What it leaves behind:
a rope, a crab shell,
the ribs of a boat
nobody claims,

and light on the sand
in long grey stripes
like a page
someone began to write on

and thought better of.
I walk to the edge of it.
The gulls keep their distance.
The sea keeps its word."""


def test_verse_counts_as_prose_and_a_lower_case_menu_does_not() -> None:
    signals = FineWebQuality.from_config({}).measure(POEM, "en")
    assert signals["fineweb_quality.prose_chars"] == len(POEM.replace("\n", ""))  # every line leads to a full stop
    assert fineweb_verdict(POEM, **PAPER_LIMITS) is None
    assert fineweb_verdict(POEM, **PAPER_LIMITS, min_prose_chars=False) == "short_line_ratio"
    menu = "\n".join(["home", "about us", "our services", "contact", "blog", "careers", "latest news from the team"])
    assert FineWebQuality.from_config({}).measure(menu + "\nShop", "en")["fineweb_quality.prose_chars"] == 0


# A tutorial (written for the test): a query built up over two examples repeats its short lines.
TUTORIAL = (
    "The first query counts the visits of each page over the whole month of March.\n"
    "SELECT\npage,\ncount(*)\nFROM\nvisits\nGROUP BY\npage;\n"
    "The second query keeps only the pages that were visited more than a hundred times.\n"
    "SELECT\npage,\ncount(*)\nFROM\nvisits\nGROUP BY\npage\nHAVING count(*) > 100;\n"
    "Both queries read the same table, so the second one costs no more than the first one."
)


def test_repeated_lines_of_code_are_not_repeated_lines_of_text() -> None:
    step = GopherRepetition.from_config({})
    signals = step.measure(TUTORIAL, "en")
    assert signals["gopher_repetition.dup_line_frac"] > 0.3 and signals["gopher_repetition.dup_content_line_frac"] == 0
    assert step.check(Document("d", TUTORIAL)) is None
    paper = GopherRepetition.from_config({"labels_may_repeat": False})
    assert paper.check(Document("d", TUTORIAL)) == "dup_line_frac"
    repeated = "\n".join(GOOD.replace("\n\n", "\n").split("\n") * 2)  # sentences printed twice still count
    assert step.check(Document("d", repeated)) == "dup_line_frac"
