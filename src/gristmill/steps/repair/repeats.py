"""Remove repeated paragraphs, lines and captions inside one document.

Scraped pages print the same paragraph twice (teaser and body, a caption
under each copy of a photo, a slideshow, a template bug). The first occurrence
is kept and later copies are removed. Lines are compared on their words only
(case, punctuation and spacing ignored), so near-exact copies match too.

Short lines (fewer than `min_words` words, such as a form's "Description:" or a
table's column names) legitimately recur and are only removed when they
directly repeat the line kept before them. A headline glued to the start of
the next paragraph ("Melton Grove ScandalFor some months...") is cut, and a
last line that is a cut-off copy of an earlier paragraph is removed.
"""

from __future__ import annotations

import dataclasses
import re

import xxhash

from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import removal_changes, split_lines

_WORD = re.compile(r"\w+")


def _tabular(key: str, line: str) -> bool:
    """Table rows (mostly numbers) and indented lines repeat legitimately."""
    tokens = key.split(" ")
    return sum(t.isdigit() for t in tokens) * 3 >= len(tokens) or line[:4] == "    "


def line_key(line: str) -> str:
    """The words of a line, case-folded: what makes two lines "the same".

    >>> line_key("  Hello,  World!") == line_key("hello world")
    True
    """
    return " ".join(_WORD.findall(line.casefold()))


@dataclasses.dataclass(frozen=True)
class RepeatsParams:
    """`min_words`: lines with fewer words are structural labels, removed only when
    they repeat the line right before them; `min_prefix_chars`: shortest earlier
    line recognised when glued to the start of a later one."""

    min_words: int = 4
    min_prefix_chars: int = 12
    max_prefix_chars: int = 200

    def __post_init__(self) -> None:
        if self.min_words < 1 or self.min_prefix_chars < 1:
            raise ConfigError("remove_repeats.min_words and min_prefix_chars must be positive")


class RemoveRepeats(Repairer):
    name = "remove_repeats"
    description = "Remove later copies of a paragraph, line or caption that already appeared in the document."
    EDITS = {
        "repeated_paragraph": "a paragraph or line that already appeared earlier in the document",
        "repeated_line": "a short line (caption, label) directly repeating the line before it",
        "glued_repeat": "an earlier line (a headline) glued to the start of this paragraph",
        "truncated_repeat": "a cut-off copy of an earlier paragraph at the end of the document",
    }
    Params = RepeatsParams

    def repair(self, text: str) -> list[Change]:
        lines = split_lines(text)
        p = self.params
        seen: set[bytes] = set()
        prefix_texts: set[str] = set()  # earlier lines, for headlines glued to a later line
        prefix_lengths: dict[str, set[int]] = {}  # their first characters -> their lengths
        kept_keys: list[tuple[int, str]] = []
        remove: dict[int, str] = {}
        cuts: dict[int, Change] = {}
        last_key = None
        content = [ln for ln in lines if not ln.blank]
        for line in content:
            body = line.text.strip()
            offset = line.start + (len(line.text) - len(line.text.lstrip()))
            # A headline glued to the start of this line: cut it.
            cut = 0
            while len(body) - cut > p.min_prefix_chars:
                rest = body[cut : cut + p.max_prefix_chars + 1]
                lengths = prefix_lengths.get(rest[: p.min_prefix_chars])
                hit = None
                if lengths:
                    hit = next(
                        (
                            n
                            for n in sorted(lengths, reverse=True)
                            if n < len(rest)
                            and rest[n].isupper()
                            and rest[n - 1].isalnum()
                            and rest[:n] in prefix_texts
                        ),
                        None,
                    )
                if hit is None:
                    break
                cut += hit
            key = line_key(body[cut:])
            if not key:
                last_key = None
                continue
            digest = xxhash.xxh3_64_digest(key.encode("utf-8"))
            n_words = key.count(" ") + 1
            if n_words >= p.min_words and digest in seen and not _tabular(key, line.text):
                remove[line.index] = "repeated_paragraph"
                continue
            if key == last_key:
                remove[line.index] = "repeated_line"
                continue
            if cut:
                cuts[line.index] = Change(offset, offset + cut, "", "glued_repeat")
            if n_words >= p.min_words:
                seen.add(digest)
            kept_keys.append((line.index, key))
            stripped = body[cut:]
            if p.min_prefix_chars <= len(stripped) <= p.max_prefix_chars:
                prefix_texts.add(stripped)
                prefix_lengths.setdefault(stripped[: p.min_prefix_chars], set()).add(len(stripped))
            last_key = key
        # Cut-off copies at the end of the page, last line first.
        while len(kept_keys) >= 2:
            index, key = kept_keys[-1]
            if key.count(" ") < 2 or not any(k.startswith(key) and k != key for _, k in kept_keys[:-1]):
                break
            remove[index] = "truncated_repeat"
            cuts.pop(index, None)
            kept_keys.pop()
        return sorted(
            removal_changes(text, lines, remove, keep_break=True) + list(cuts.values()), key=lambda c: c.start
        )
