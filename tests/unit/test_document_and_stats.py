from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gristmill
from gristmill.document import Edit, replay, unreplay
from gristmill.stats import Stats


def test_replay_and_unreplay_across_steps():
    raw = "Hello  world |\n\n\n\nBye"
    edits = [
        Edit("a", "x", 5, 7, "  ", " "),  # on raw
        Edit("a", "y", 12, 14, " |", ""),
        Edit("b", "z", 11, 15, "\n\n\n\n", "\n"),  # on the output of a: "Hello world\n\n\n\nBye"
    ]
    out = replay(raw, edits)
    assert out == "Hello world\nBye"
    assert unreplay(out, edits) == raw


counters = st.dictionaries(
    st.sampled_from(["read", "kept", "steps.x.seen", "dropped_by_reason.y"]), st.integers(0, 1000), max_size=4
).map(Stats)


@given(counters, counters, counters)
def test_stats_merge_is_associative_and_commutative(a, b, c):
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a


def test_public_api_is_sorted_and_complete():
    assert gristmill.__all__ == sorted(gristmill.__all__)
    for name in gristmill.__all__:
        assert getattr(gristmill, name) is not None
    public = {n for n in dir(gristmill) if not n.startswith("_") and n != "annotations"}
    modules = {n for n in public if isinstance(getattr(gristmill, n), type(gristmill))}
    assert public - modules == set(gristmill.__all__) - {"__version__"}
