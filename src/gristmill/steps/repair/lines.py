"""Line bookkeeping shared by the repair steps.

Repairs that remove whole lines must leave whitespace as `normalize_whitespace`
would: no blank lines at either end, never two blank lines in a row, and a
paragraph break kept where one separated the kept text. `removal_changes` turns
a set of lines to drop into non-overlapping `Change`s with exactly that effect,
so that repairing, and then normalising whitespace, changes nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import accumulate, count
from operator import add
from typing import NamedTuple

from gristmill.recent import Recent
from gristmill.steps.base import Change

# A list item's or quoted line's marker at the start of a (stripped) line.
BULLET = re.compile(r"^(?:[•·*▪►>-]|\d{1,3}[.)])\s+")


class Line(NamedTuple):
    """One line of a text: `text[start:end]`, without its line break."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """The text's lines with their offsets (only `\\n` breaks lines).

    >>> [(l.start, l.end, l.text) for l in split_lines("ab\\n\\ncd")]
    [(0, 2, 'ab'), (3, 3, ''), (4, 6, 'cd')]
    """
    # The repair steps of a chain split the same text object one after another
    # (a step that edits nothing leaves it as it was): the split is reused.
    lines = _RECENT.get(text)
    if lines is None:
        parts = text.split("\n")
        starts = [0, *accumulate(map((1).__add__, map(len, parts)))]
        lines = tuple(map(Line._make, zip(count(), starts, map(add, starts, map(len, parts)), parts)))
        _RECENT.put(text, lines, len(text))
    return list(lines)


_RECENT: Recent[str, tuple[Line, ...]] = Recent(320, max_chars=5_000_000)  # room for a batch (`pipeline.batches`)


def removal_changes(text: str, lines: list[Line], remove: Mapping[int, str], keep_break: bool = False) -> list[Change]:
    """Changes deleting the lines whose index is a key of `remove` (value: the edit code).

    Blank lines between removed lines go with them; a run of removed lines
    takes the blank lines after it when a blank line (or the start of the text)
    precedes it, so paragraph breaks stay single. With `keep_break`, a run
    between two adjacent kept lines leaves a blank line, so that the lines it
    separated are not later taken for one wrapped paragraph.

    >>> t = "keep\\n\\ndrop\\n\\nkeep too\\ndrop"
    >>> ls = split_lines(t)
    >>> cs = removal_changes(t, ls, {2: "x", 5: "x"})
    >>> from gristmill.document import apply_edits, Edit
    >>> apply_edits(t, [Edit("s", c.code, c.start, c.end, "", c.replacement) for c in cs])
    'keep\\n\\nkeep too'
    """
    if not remove:
        return []
    n = len(lines)
    content = [i for i in range(n) if not lines[i].blank]
    changes: list[Change] = []
    # Group removed content lines into runs of consecutive content lines.
    runs: list[list[int]] = []
    prev_removed = False
    for i in content:
        if i in remove:
            if prev_removed:
                runs[-1].append(i)
            else:
                runs.append([i])
            prev_removed = True
        else:
            prev_removed = False
    content_pos = {i: k for k, i in enumerate(content)}
    for run in runs:
        first, last = run[0], run[-1]
        k_first, k_last = content_pos[first], content_pos[last]
        prev_kept = content[k_first - 1] if k_first > 0 else None
        next_kept = content[k_last + 1] if k_last + 1 < len(content) else None
        if next_kept is None:
            # Nothing kept after: cut from the end of the last kept line.
            start = lines[prev_kept].end if prev_kept is not None else 0
            end = len(text)
        elif prev_kept is None:
            start, end = 0, lines[next_kept].start
        else:
            start = lines[first].start
            gap_before = first - prev_kept > 1  # a blank line precedes the run
            gap_after = next_kept - last > 1
            if gap_before:
                end = lines[next_kept].start
            elif keep_break and not gap_after:
                end = lines[last].end  # leaves "prev\n\nnext"
            else:
                end = lines[last].end + 1
        # One change per removed line, so each keeps its own code.
        cuts = [start] + [lines[i].start for i in run[1:]] + [end]
        for i, s, e in zip(run, cuts, cuts[1:], strict=False):
            if s < e:
                changes.append(Change(s, e, "", remove[i]))
    return changes


def line_changes(lines: Iterable[Line], edits: Mapping[int, list[Change]]) -> list[Change]:
    """Flatten per-line changes, in text order."""
    out: list[Change] = []
    for line in lines:
        out.extend(edits.get(line.index, ()))
    return out
