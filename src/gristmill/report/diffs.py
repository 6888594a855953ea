"""Side-by-side diffs as HTML: one step's edits on the text it received, and a
near-duplicate beside the copy that was kept."""

from __future__ import annotations

import difflib
import re
from html import escape

from gristmill.document import Document, Edit
from gristmill.explain import merge_adjacent, step_inputs

# a word with the spaces after it: difflib never lines up a lone space with every other space
# (whitespace tokens of their own made diffs of long texts 10x slower)
_WORDS = re.compile(r"\S+\s*|\s+")
CONTEXT = 240  # unchanged characters shown either side of an edit
MAX_DIFF_TOKENS = 1_000  # words a cluster example compares (difflib is quadratic)


def _unchanged(text: str, first: bool, last: bool) -> str:
    """Unchanged text between edits, its middle (or the far ends of the document) folded away."""
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    if len(text) <= len(head) + len(tail) + 80:
        return escape(text)
    head = head.rsplit("\n", 1)[0] + "\n" if "\n" in head else head
    tail = tail.split("\n", 1)[1] if "\n" in tail[:-1] else tail
    folded = len(text) - len(head) - len(tail)
    return f'{escape(head)}<span class="fold">⋯ {folded:,} characters unchanged ⋯</span>\n{escape(tail)}'


def _visible_removal(s: str) -> str:
    """A removal that is only spacing still needs something to point at."""
    return s if s.strip() else s.replace("\n", "⏎\n").replace(" ", "·") or "∅"


def step_sides(source: str, edits: list[Edit], reasons: dict[str, str]) -> tuple[str, str]:
    """The step's input with removals struck through (labelled with their code),
    and its output with the replacements highlighted."""
    before, after = [], []
    pos = 0
    for e in merge_adjacent(edits):
        kept = _unchanged(source[pos : e.start], first=pos == 0, last=False)
        before.append(kept)
        after.append(kept)
        title = escape(f"{e.code}: {reasons.get(e.code, '')}".rstrip(": "))
        if e.removed:
            removed = escape(_visible_removal(e.removed))
            before.append(f'<del title="{title}">{removed}</del><sup class="code">{escape(e.code)}</sup>')
        if e.replacement:
            after.append(f'<ins title="{title}">{escape(_visible_removal(e.replacement))}</ins>')
        pos = e.end
    tail = _unchanged(source[pos:], first=False, last=True)
    return "".join(before) + tail, "".join(after) + tail


def step_example(record: dict, step: str, reasons: dict[str, str]) -> tuple[str, str] | None:  # type: ignore[type-arg]
    """Both sides for `step`'s edits in an output record (None if it has none)."""
    doc = Document.from_record(record)
    for group, source in step_inputs(doc):
        if group[0].step == step:
            return step_sides(source, group, reasons)
    return None


def word_diff(kept: str, other: str) -> tuple[str, str]:
    """Two texts with the words only one of them has highlighted (long runs of common text
    folded). Past the first MAX_DIFF_TOKENS words a side is folded without
    comparison: difflib's time grows with the product of the lengths."""
    a, b = _WORDS.findall(kept), _WORDS.findall(other)
    a, a_rest = _cut(a)
    b, b_rest = _cut(b)
    left, right = _word_opcodes(a, b)
    return left + a_rest, right + b_rest


def _cut(tokens: list[str]) -> tuple[list[str], str]:
    """The tokens a diff compares, and the fold that stands for the rest."""
    if len(tokens) <= MAX_DIFF_TOKENS:
        return tokens, ""
    rest = len("".join(tokens[MAX_DIFF_TOKENS:]))
    return tokens[:MAX_DIFF_TOKENS], f'<span class="fold">⋯ {rest:,} more characters, not compared ⋯</span>'


def _word_opcodes(a: list[str], b: list[str]) -> tuple[str, str]:
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        x, y = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(_unchanged("".join(a[i1:i2]), first=i1 == 0, last=i2 == len(a)))
            right.append(_unchanged("".join(b[j1:j2]), first=j1 == 0, last=j2 == len(b)))
        else:
            if x:
                left.append(_marked("del", x))
            if y:
                right.append(_marked("ins", y))
    return "".join(left), "".join(right)


def _marked(tag: str, words: str) -> str:
    """Changed words in `tag`, the spaces after them left outside."""
    core = words.rstrip()
    return f"<{tag}>{core}</{tag}>{words[len(core) :]}"
