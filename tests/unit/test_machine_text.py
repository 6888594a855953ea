"""`machine_text`: pages carrying a language model's words to its user are dropped, prose is not."""

from __future__ import annotations

import pytest

from gristmill.document import Document
from gristmill.errors import ConfigError
from gristmill.pipeline import Pipeline
from gristmill.steps.filters import machine_text
from gristmill.steps.filters.machine_text import MachineText, load_phrases

from ..conftest import shipped_texts

# Written for the test in the shape of generated web spam.
GENERATED = [
    "New Bridge Opens in City Center\n\nA new bridge in the city center is now open. It is good for everyone.\n\n"
    "The provided input data is insufficient to generate a comprehensive report. To proceed, please supply "
    "the necessary information regarding the event.",
    "Because the input is corrupted, it is not possible to draft an article based on its literal content. "
    "However, below is a draft article explaining why this happens.",
    "Top ten garden tips for spring. As an AI language model, I do not have personal experience of gardening, "
    "but here are some tips that many gardeners find useful.",
    "I'm sorry, but I can't assist with that. Cheap watches online, best prices, free delivery.",
    "In the snippet you provided, the characters appear to be Cyrillic text shown in the wrong encoding.",
    "Als KI-Sprachmodell habe ich keine eigenen Erfahrungen mit diesem Hotel.",
]
# Human prose that shares words with the phrases.
HUMAN = [
    "As an AI researcher, I have spent ten years on language models and their failures.",
    "Please provide your details below and we will call you back within two working days.",
    "The provided data are consistent with the model in the previous section, the authors write.",
    "The council said the information provided by the developer was insufficient to decide the application.",
    "I'm sorry, but I can't agree with the previous letter about the parking charges in the town centre.",
    "Here is a rewritten version of the club rules, agreed at the annual meeting.",
]


def verdict(text: str) -> str | None:
    doc = Document("d", text)
    Pipeline([MachineText()]).apply([doc])
    return doc.decision.reason if doc.decision else None


@pytest.mark.parametrize("text", GENERATED)
def test_generated_pages_are_dropped(text: str) -> None:
    assert verdict(text) == "llm_phrases"


@pytest.mark.parametrize("text", HUMAN)
def test_human_prose_is_kept(text: str) -> None:
    assert verdict(text) is None


def test_signal_is_stored_and_the_threshold_configurable() -> None:
    doc = Document("d", GENERATED[0] + " " + GENERATED[2])
    Pipeline([MachineText.from_config({"max_llm_phrases": 3})]).apply([doc])
    assert doc.decision is None
    assert doc.signals["machine_text.llm_phrases"] == 3


def test_extra_phrase_files(tmp_path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text("# a site's generator\nthis article was written by robo-?writer\n", encoding="utf-8")
    step = MachineText.from_config({"extra_files": [str(extra)]})
    doc = Document("d", "This article was written by RoboWriter for our readers.")
    Pipeline([step]).apply([doc])
    assert doc.decision is not None and doc.decision.reason == "llm_phrases"
    bad = tmp_path / "bad.txt"
    bad.write_text("unclosed (group\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad phrase in .*bad.txt line 1"):
        MachineText.from_config({"extra_files": [str(bad)]})


def test_the_compiled_piece_search_gives_the_same_verdicts(monkeypatch) -> None:
    """`Phrases.may_match` finds the first pieces in one compiled pass where it can;
    with the pure-Python search every text gets the same answer."""
    phrases = load_phrases()
    texts = [t.lower() for t in GENERATED + HUMAN] + [t.lower() for t in shipped_texts()]
    fast = [phrases.may_match(t) for t in texts]
    monkeypatch.setattr(machine_text, "compiled", None)
    assert [phrases.may_match(t) for t in texts] == fast
    assert sum(fast) >= len(GENERATED)
