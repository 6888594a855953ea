"""normalize_whitespace: idempotent, never invents text, replayable, and its fast path agrees with the regex path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gristmill.document import Document, replay, unreplay
from gristmill.pipeline import Pipeline
from gristmill.steps.whitespace import (
    _RARE,
    has_rare,
    regex_whitespace_changes,
    single_regex_changes,
    whitespace_changes,
)

plain = st.text(alphabet=st.sampled_from(list("ab. \t\n")), max_size=60)
hostile = st.text(alphabet=st.sampled_from(list("ab \t\n\r\x00\u00a0\u200b\u3000\x0c\u2028é")), max_size=60)
# every kind of character the alternatives treat differently, in one-byte and wider texts
every_kind = st.text(
    alphabet=st.sampled_from(list("ab. \t\n\r\x00\x0b\x0c\x1b\x1c\x1f\x7f\x85\xa0é\u200b\ufeff\u2003\u2028\u3000")),
    max_size=60,
)


def normalize(text: str) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(["normalize_whitespace"]).apply([doc])
    return doc


@given(plain)
def test_fast_path_matches_regex_path(text):
    assert whitespace_changes(text) == regex_whitespace_changes(text)


@settings(max_examples=2000)
@given(st.one_of(plain, hostile, every_kind))
def test_three_part_regex_path_is_the_single_regex(text):
    """Trims found apart and the inner alternatives between them: `_PATTERN`'s matches."""
    assert regex_whitespace_changes(text) == single_regex_changes(text)
    assert whitespace_changes(text) == single_regex_changes(text)
    assert has_rare(text) == (_RARE.search(text) is not None)


@settings(max_examples=300)
@given(st.one_of(plain, hostile))
def test_idempotent_replayable_and_never_invents_text(text):
    doc = normalize(text)
    assert normalize(doc.text).text == doc.text
    assert replay(text, doc.edits) == doc.text
    assert unreplay(doc.text, doc.edits) == text
    visible = [c for c in text if not c.isspace() and c not in "\x00\x0c\u200b"]
    assert [c for c in doc.text if not c.isspace()] == visible
    for e in doc.edits:
        assert e.replacement in ("", " ", "\n", "\n\n")


def test_clean_text_passes_unchanged():
    clean = "A heading\n\nA paragraph with  two spaces kept.\n\tIndented code line\n- a list item"
    assert normalize(clean).edits == []
