"""`gristmill explain` renders repair edits as a diff with their declared reasons."""

from __future__ import annotations

from gristmill.document import Document
from gristmill.explain import render_diff
from gristmill.pipeline import Pipeline


def repaired(text: str) -> Document:
    doc = Document("d", text)
    Pipeline.from_names(["remove_boilerplate", "rejoin_wraps", "remove_repeats"]).apply([doc])
    return doc


TEXT = (
    "The ferry timetable changes on Monday after a long consultation, the board said |\n"
    "The ferry timetable changes on Monday after a long consultation, the board said\n"
    "No comments:"
)


def test_hunks_with_reasons_plain():
    out = render_diff(repaired(TEXT), color=False)
    assert "── remove_boilerplate: 2 edit(s)" in out
    assert 'glued_separator: a "|" glued to the end of a paragraph' in out
    assert "[- |-]" in out
    assert "repeated_paragraph: a paragraph or line that already appeared earlier" in out
    assert "\x1b[" not in out


def test_colour_and_full_view():
    doc = repaired(TEXT)
    coloured = render_diff(doc, color=True)
    assert "\x1b[31m[-" in coloured
    full = render_diff(doc, color=False, context=None)
    assert "⟨comment_widget⟩" in full and full.count("The ferry timetable") == 4
