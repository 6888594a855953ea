"""The golden corpus: each case's input, run through the repair steps, must give the
expected text and edits, and replaying the edits must reproduce it (STYLE rule 17).

Files: `wild` (public-domain text in the shape of real pages), `synthetic`
(written for gristmill), `negative` (must pass unchanged), `known_failures`
(what the repairs do not yet get right; xfail, strict).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gristmill.document import Document, replay, unreplay
from gristmill.pipeline import Pipeline

HERE = Path(__file__).parent
REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]


def load(name: str) -> list[dict]:
    with open(HERE / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cases():
    for name in ("wild", "synthetic", "negative", "known_failures"):
        for c in load(name):
            marks = [pytest.mark.xfail(strict=True, reason=c["comment"])] if name == "known_failures" else []
            yield pytest.param(name, c, id=c["label"], marks=marks)


def repair(text: str) -> Document:
    doc = Document("golden", text)
    Pipeline.from_names(REPAIR).apply([doc])
    return doc


@pytest.mark.parametrize("kind, case", list(cases()))
def test_golden(kind, case):
    doc = repair(case["input"])
    expected = case["expected"]
    assert doc.text == expected["text"]
    if "edits" in expected:
        assert [[e.step, e.code] for e in doc.edits] == expected["edits"]
    if kind == "negative":
        assert doc.edits == []


@pytest.mark.parametrize("kind, case", [p for p in cases() if p.values[0] != "known_failures"])
def test_golden_replays_and_is_idempotent(kind, case):
    doc = repair(case["input"])
    assert replay(case["input"], doc.edits) == doc.text
    assert unreplay(doc.text, doc.edits) == case["input"]
    assert repair(doc.text).edits == []


def test_files_are_well_formed():
    labels = set()
    for name in ("wild", "synthetic", "negative", "known_failures"):
        for c in load(name):
            assert {"label", "comment", "input", "expected", "expect"} <= set(c)
            assert c["label"] not in labels
            labels.add(c["label"])
