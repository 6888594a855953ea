"""The pii step: precision and recall per type on a labelled set, parameters, placeholders."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from gristmill.document import Document, replay
from gristmill.errors import ConfigError
from gristmill.pipeline import Pipeline
from gristmill.steps.repair.pii import PLACEHOLDERS

CASES = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "data" / "pii_cases.jsonl").read_text(encoding="utf-8").splitlines()
]
TYPES = ["email", "phone", "ip", "card"]


def redact(text: str, params: dict | None = None) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(["pii"], {"pii": params or {}}).apply([doc])
    return doc


def score() -> tuple[dict[str, dict[str, float]], list[str]]:
    """Per type: true positives, false positives and false negatives, matching (type, exact text)."""
    counts = {t: Counter() for t in TYPES}
    errors = []
    for case in CASES:
        doc = redact(case["text"])
        found = Counter((e.code, e.removed) for e in doc.edits)
        wanted = Counter((p["type"], p["text"]) for p in case["pii"])
        for kind, text in found | wanted:
            tp = min(found[(kind, text)], wanted[(kind, text)])
            counts[kind]["tp"] += tp
            counts[kind]["fp"] += found[(kind, text)] - tp
            counts[kind]["fn"] += wanted[(kind, text)] - tp
            if found[(kind, text)] != wanted[(kind, text)]:
                errors.append(
                    f"{kind}: found {found[(kind, text)]}, wanted {wanted[(kind, text)]}: {text!r} in {case['text']!r}"
                )
    result = {}
    for kind, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        result[kind] = {"precision": precision, "recall": recall, **c}
    return result, errors


def test_precision_and_recall_per_type():
    result, errors = score()
    for kind, r in result.items():
        print(
            f"pii {kind:5s} precision {r['precision']:.3f} recall {r['recall']:.3f} "
            f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})"
        )
    for line in errors:
        print("  miss or false alarm:", line)
    assert all(r["tp"] >= 10 for r in result.values()), "the labelled set needs at least 10 positives per type"
    assert all(r["precision"] >= 0.98 for r in result.values()), result
    assert all(r["recall"] >= 0.95 for r in result.values()), result


def test_labelled_set_has_negatives_for_every_type():
    negatives = [c for c in CASES if not c["pii"]]
    assert len(negatives) >= 50


def test_placeholders_and_codes():
    doc = redact("Mail ann@example.org, call +44 20 7946 0958, from 81.2.69.160, card 4111 1111 1111 1111.")
    assert doc.text == "Mail <EMAIL>, call <PHONE>, from <IP>, card <CARD>."
    assert [e.code for e in doc.edits] == ["email", "phone", "ip", "card"]
    assert (
        replay("Mail ann@example.org, call +44 20 7946 0958, from 81.2.69.160, card 4111 1111 1111 1111.", doc.edits)
        == doc.text
    )
    assert set(PLACEHOLDERS) == set(TYPES)


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_switches_off(kind):
    text = "ann@example.org, +44 20 7946 0958, 81.2.69.160, 4111 1111 1111 1111"
    doc = redact(text, {kind: False})
    assert kind not in {e.code for e in doc.edits}
    assert {e.code for e in doc.edits} == set(TYPES) - {kind}


def test_private_ips_on_request():
    assert redact("gateway 192.168.1.1").text == "gateway 192.168.1.1"
    assert redact("gateway 192.168.1.1", {"public_ips_only": False}).text == "gateway <IP>"


def test_regions_decide_national_numbers():
    text = "Llámenos al 912 345 678."
    assert redact(text).edits == []
    assert redact(text, {"regions": ["ES"]}).text == "Llámenos al <PHONE>."
    # international numbers are found whatever the regions
    assert redact("call +34 912 345 678", {"regions": ["ES"]}).text == "call <PHONE>"
    assert redact("call +34 912 345 678", {"regions": []}).text == "call <PHONE>"


@pytest.mark.parametrize(
    "options, words",
    [
        ({"regions": ["XX"]}, "pii.regions"),
        ({"regions": "US"}, "pii.regions"),
        ({"email": "yes"}, "pii.email"),
        ({"emails": True}, "pii.emails"),
    ],
)
def test_bad_params_name_the_key(options, words):
    with pytest.raises(ConfigError, match=words.replace(".", r"\.")):
        Pipeline.from_names(["pii"], {"pii": options})


def test_neighbours_of_a_redaction_are_read_on_their_own():
    # "030 1234567" is only read on its own once the card before it is redacted (a second round);
    # a card glued after "<card>." stays, like one after a decimal point
    text = "ok 4111 1111 1111 1111.4111 1111 1111 1111 and ann@x.org, 5555555555554444.378282246310005 030 1234567"
    doc = redact(text)
    assert doc.text == "ok <CARD>.4111 1111 1111 1111 and <EMAIL>, <CARD>.378282246310005 <PHONE>"
    assert [e.code for e in doc.edits] == ["card", "email", "card", "phone"]
    assert replay(text, doc.edits) == doc.text
    assert redact(doc.text).edits == []


def test_in_default_pipeline_after_repeats():
    from gristmill.registry import default_step_names

    names = default_step_names()
    assert names.index("pii") == names.index("remove_repeats") + 1
    assert names.index("pii") < names.index("line_dedup")


@pytest.mark.parametrize(
    "text",
    [
        "00 " * 20000,
        "1" * 200000,
        "a at b dot " * 20000,
        "a@" * 50000,
        "1." * 100000,
        "4111 1111 1111 1111 " * 2000,
        "(1) " * 20000,
    ],
    ids=["zeros", "digits", "spelled", "ats", "dots", "cards", "parens"],
)
def test_hostile_input_is_linear(text):
    import time

    t0 = time.perf_counter()
    redact(text)
    assert time.perf_counter() - t0 < 3.0
