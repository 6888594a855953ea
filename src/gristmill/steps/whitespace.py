"""Whitespace normalisation: the conservative repairs every corpus wants.

Leaves interior runs of spaces and tabs alone (code, tables and verse use
them), and leaves the ideographic space U+3000 alone (CJK text indents with it).
"""

from __future__ import annotations

import re

from gristmill.compiled import compiled
from gristmill.steps.base import Change, Repairer

_NL = r"(?:\r\n|\r|\n)"
# Horizontal whitespace (not line breaks) and invisible controls.
_SP = r"(?:[^\S\r\n]|[\x00-\x08\x0e-\x1b\x7f\u200b\ufeff])"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1b\x7f\u200b\ufeff]+"
_ODD_SPACE = r"[\u00a0\u1680\u2000-\u200a\u202f\u205f]"

# The specification: one pass, first matching alternative wins at each position;
# the order makes the result a fixed point (normalising twice changes nothing).
# `regex_whitespace_changes` finds the same matches faster.
_TRIMS = [("trim_start", rf"\A(?:{_SP}*{_NL})+"), ("trim_end", rf"(?:{_SP}*{_NL})*{_SP}*\Z")]
_INNER = [
    ("blank_lines", rf"{_NL}(?:{_SP}*{_NL}){{2,}}"),
    ("line_ending", r"\r\n|\r"),
    ("trailing_space", rf"{_SP}+(?={_NL})"),
    ("control_char", _CONTROL),
    ("odd_space", _ODD_SPACE),
]
_PATTERN = re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in _TRIMS + _INNER))
# the inner alternatives alone: each starts with a whitespace or control character,
# so the regex engine skips to those instead of trying every position
_MIDDLE = re.compile("|".join(f"(?P<{name}>{regex})" for name, regex in _INNER))

_REPLACEMENT = {
    "trim_start": "",
    "trim_end": "",
    "blank_lines": "\n\n",
    "line_ending": "\n",
    "trailing_space": "",
    "control_char": "",
    "odd_space": " ",
}


# Anything beyond plain spaces, tabs and LF sends a text down the complete (slower) path.
_RARE_CHARS = (
    "\r\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
    "\x1a\x1b\x1c\x1d\x1e\x1f\x7f\x85\u200b\ufeff\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_RARE = re.compile(f"[{_RARE_CHARS}]")
_TRIM_START = re.compile(_TRIMS[0][1])
# the controls `_SP` takes as spaces: with whitespace, what `trim_end` removes
_STRIPPED = frozenset([*map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C)]), "\x7f", "\u200b", "\ufeff"])


def has_rare(text: str) -> bool:
    """Whether `text` holds whitespace or controls other than spaces, tabs and LF."""
    if compiled is not None:
        found = compiled.has_any(text, _RARE_CHARS)
        if found is not None:
            return found
    return _RARE.search(text) is not None


_LEADING_BLANK = re.compile(r"(?:[ \t]*\n)+")
_BLANK_RUN = re.compile(r"\n(?:[ \t]*\n){2,}")


def whitespace_changes(text: str) -> list[Change]:
    """The changes that normalise `text`'s whitespace, in text order.

    Most texts hold only spaces, tabs and LF; for them the changes are found
    line by line (hundreds of MB/s). Anything else takes the single-regex path,
    which gives the same result on those texts (a property test checks it).

    >>> [c.code for c in whitespace_changes("a\\u00a0b  \\r\\n\\n\\n\\nc\\x00d")]
    ['odd_space', 'trailing_space', 'blank_lines', 'control_char']
    """
    if has_rare(text) or not text.strip(" \t\n"):
        return regex_whitespace_changes(text)
    changes: list[Change] = []
    lead = _LEADING_BLANK.match(text)
    start = lead.end() if lead else 0
    end = len(text.rstrip(" \t\n"))
    if start:
        changes.append(Change(0, start, "", "trim_start"))
    blank_runs = [Change(m.start(), m.end(), "\n\n", "blank_lines") for m in _BLANK_RUN.finditer(text, start, end)]
    runs = iter(blank_runs)
    run = next(runs, None)
    pos = start
    for line in text[start:end].split("\n"):
        line_end = pos + len(line)
        while run is not None and run.end <= pos:
            changes.append(run)
            run = next(runs, None)
        stripped = len(line.rstrip(" \t"))
        if stripped < len(line) and not (run is not None and run.start <= pos + stripped < run.end):
            changes.append(Change(pos + stripped, line_end, "", "trailing_space"))
        pos = line_end + 1
    while run is not None:
        changes.append(run)
        run = next(runs, None)
    if end < len(text):
        changes.append(Change(end, len(text), "", "trim_end"))
    return changes


def regex_whitespace_changes(text: str) -> list[Change]:
    """The complete path, any characters: `_PATTERN`'s matches, found in three parts.
    Every alternative consumes only whitespace and controls, so `trim_end` is the
    text's trailing run of them (no earlier match reaches into it), `trim_start` is
    anchored, and the rest lie between them."""
    changes = []
    lead = _TRIM_START.match(text)
    start = lead.end() if lead else 0
    if start:
        changes.append(Change(0, start, "", "trim_start"))
    end = len(text)
    while end > start and (text[end - 1].isspace() or text[end - 1] in _STRIPPED):
        end -= 1
    for m in _MIDDLE.finditer(text, start, end):
        code = m.lastgroup
        assert code is not None
        changes.append(Change(m.start(), m.end(), _REPLACEMENT[code], code))
    if end < len(text):
        changes.append(Change(end, len(text), "", "trim_end"))
    return changes


def single_regex_changes(text: str) -> list[Change]:
    """`_PATTERN` over the whole text: the specification of `regex_whitespace_changes`."""
    changes = []
    for m in _PATTERN.finditer(text):
        code = m.lastgroup
        assert code is not None
        if m.start() == m.end():
            continue  # the empty match of trim_end at a clean end
        changes.append(Change(m.start(), m.end(), _REPLACEMENT[code], code))
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
