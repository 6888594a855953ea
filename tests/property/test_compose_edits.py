"""`compose_edits`: two runs of one step's edits become one group that replays and unreplays exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gristmill.document import Edit, apply_edits, compose_edits, replay, unreplay


@st.composite
def edits_on(draw: st.DrawFn, text: str, code: str) -> list[Edit]:
    """Random non-overlapping edits of `text` (deletions, insertions, replacements)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        replacement = draw(st.sampled_from(["", " ", "x", "yz"]))
        if start == end and not replacement:
            continue
        edits.append(Edit("s", code, start, end, text[start:end], replacement))
    return edits


@given(st.data(), st.text(alphabet="ab \n", max_size=30))
def test_composed_edits_replay_both_runs(data: st.DataObject, text: str) -> None:
    first = data.draw(edits_on(text, "first"))
    middle = apply_edits(text, first)
    second = data.draw(edits_on(middle, "second"))
    final = apply_edits(middle, second)
    composed = compose_edits(text, first, second)
    assert replay(text, composed) == final
    assert unreplay(final, composed) == text
    for e in composed:
        assert text[e.start : e.end] == e.removed
    assert all(a.end <= b.start for a, b in zip(composed, composed[1:], strict=False))
