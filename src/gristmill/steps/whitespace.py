"""Whitespace normalisation: the conservative repairs every corpus wants.

Leaves interior runs of spaces and tabs alone (code, tables and verse use
them), and leaves the ideographic space U+3000 alone (CJK text indents with it).
"""

from __future__ import annotations

import re

from gristmill.steps.base import Change, Repairer

_NL = r"(?:\r\n|\r|\n)"
# Horizontal whitespace (not line breaks) and invisible controls.
_SP = r"(?:[^\S\r\n]|[\x00-\x08\x0e-\x1b\x7f\u200b\ufeff])"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1b\x7f\u200b\ufeff]+"
_ODD_SPACE = r"[\u00a0\u1680\u2000-\u200a\u202f\u205f]"

# One pass, first matching alternative wins at each position; the order makes
# the result a fixed point (normalising twice changes nothing).
_PATTERN = re.compile(
    rf"(?P<trim_start>\A(?:{_SP}*{_NL})+)"
    rf"|(?P<trim_end>(?:{_SP}*{_NL})*{_SP}*\Z)"
    rf"|(?P<blank_lines>{_NL}(?:{_SP}*{_NL}){{2,}})"
    rf"|(?P<line_ending>\r\n|\r)"
    rf"|(?P<trailing_space>{_SP}+(?={_NL}))"
    rf"|(?P<control_char>{_CONTROL})"
    rf"|(?P<odd_space>{_ODD_SPACE})"
)

_REPLACEMENT = {
    "trim_start": "",
    "trim_end": "",
    "blank_lines": "\n\n",
    "line_ending": "\n",
    "trailing_space": "",
    "control_char": "",
    "odd_space": " ",
}


def whitespace_changes(text: str) -> list[Change]:
    """The changes that normalise `text`'s whitespace, in text order.

    >>> [c.code for c in whitespace_changes("a\\u00a0b  \\r\\n\\n\\n\\nc\\x00")]
    ['odd_space', 'trailing_space', 'blank_lines', 'control_char']
    """
    changes = []
    for m in _PATTERN.finditer(text):
        code = m.lastgroup
        assert code is not None
        if m.start() == m.end():
            continue  # the empty match of trim_end at a clean end
        replacement = _REPLACEMENT[code]
        changes.append(Change(m.start(), m.end(), replacement, code))
    return changes


class NormalizeWhitespace(Repairer):
    name = "normalize_whitespace"
    description = "Unify line endings, drop invisible controls, odd spaces, trailing blanks and runs of blank lines."
    EDITS = {
        "trim_start": "blank lines or spaces before the first line",
        "trim_end": "blank lines or spaces after the last line",
        "blank_lines": "a run of two or more blank lines, reduced to one",
        "line_ending": "CR or CRLF line ending, made LF",
        "trailing_space": "spaces or tabs at the end of a line",
        "control_char": "invisible control or zero-width character",
        "odd_space": "non-breaking or typographic space, made a plain space",
    }

    def repair(self, text: str) -> list[Change]:
        return whitespace_changes(text)
