"""Invariants of the pii step (Hypothesis): idempotent, invents nothing but placeholders,
its edits replay exactly, and text without personal data passes unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gristmill.document import Document, replay, unreplay
from gristmill.pipeline import Pipeline
from gristmill.steps.repair.pii import PLACEHOLDERS

WORDS = "the mill river grain wheel stone at dot flour water village email phone call card version".split()
PII = [
    "ann.lee@example.org",
    "john at example dot com",
    "jane [at] example [dot] org",
    "+44 20 7946 0958",
    "(415) 867-5309",
    "030 1234567",
    "01 23 45 67 89",
    "81.2.69.160",
    "2a00:1450:4001:82b::200e",
    "4111 1111 1111 1111",
    "378282246310005",
]
TRICKY = [
    "1.2.3.4",
    "2023-10-15",
    "10:30",
    "3-1",
    "ISBN 978-3-16-148410-0",
    "$1,234,567",
    "Order #123456789",
    "40.712776, -74.005974",
    "1998",
    "192.168.1.1",
    "::1",
    "icon@2x.png",
    "@handle",
    "<EMAIL>",
    "<PHONE>",
]
token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PII),
    st.sampled_from(TRICKY),
    st.integers(0, 10**12).map(str),
    st.text(alphabet=st.sampled_from(list("0123456789 +-.()/:@[]<>aAtT")), max_size=12),
)
sep = st.sampled_from([" ", " ", ", ", "\n", ": ", "", ". ", "-", "."])
text = st.lists(st.tuples(token, sep), max_size=30).map(lambda ts: "".join(a + b for a, b in ts))

settings.register_profile("pii", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def redact(text: str) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(["pii"]).apply([doc])
    return doc


@settings(settings.get_profile("pii"))
@given(text)
def test_idempotent(t):
    once = redact(t)
    twice = redact(once.text)
    assert twice.edits == [], (once.text, twice.edits)


@settings(settings.get_profile("pii"))
@given(text)
def test_invents_nothing_but_placeholders(t):
    doc = redact(t)
    for e in doc.edits:
        assert e.replacement == PLACEHOLDERS[e.code]
        assert t[e.start : e.end] == e.removed
    # removing the placeholders leaves a subsequence of the input
    rest = doc.text
    for placeholder in PLACEHOLDERS.values():
        rest = rest.replace(placeholder, "")
    it = iter(t)
    assert all(ch in it for ch in rest)


@settings(settings.get_profile("pii"))
@given(text)
def test_edits_replay(t):
    doc = redact(t)
    assert replay(t, doc.edits) == doc.text
    assert unreplay(doc.text, doc.edits) == t


# Prose with numbers (years, counts, prices, dates, versions), each followed by a word: no
# digit run a reader would take for a phone, card or address.
number = st.one_of(
    st.integers(0, 99999).map(str),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.integers(0, 9999).map(lambda n: f"${n}.99"),
    st.dates().map(str),
    st.tuples(*[st.integers(0, 9)] * 4).map(lambda v: ".".join(map(str, v))),
)
clean_word = st.sampled_from(WORDS) | st.tuples(number, st.sampled_from(WORDS)).map(" ".join)
clean = st.lists(st.lists(clean_word, min_size=1, max_size=15).map(" ".join), min_size=1, max_size=8).map(". ".join)


@settings(settings.get_profile("pii"))
@given(clean)
def test_clean_text_unchanged(t):
    assert redact(t).edits == []
