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

A paragraph can also repeat earlier text without being a copy of one line: a
mail or forum reply quotes pieces of the post above it, and a teaser repeats
the start of the full paragraph with its punctuation lost. A paragraph whose
words are (almost) all inside word 5-grams of the kept paragraphs before it,
or of one longer paragraph after it, is removed, so the complete text stays;
so is a search snippet: a paragraph that is a later one with its numbers and
short words left out.

A table of contents is the exception to "the first occurrence is kept": three
lines or more that recur in the same order further down, each there a heading
with text between them, are the contents list, and it goes instead of the
headings.

Placeholder filler ("Lorem ipsum dolor sit amet...") is never taken for a copy:
templates repeat it on purpose, so its repeats say nothing about how the page
was scraped, and whether such a page belongs in a corpus is the c4 filter's call.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from itertools import chain, islice

import xxhash

from gristmill.compiled import compiled
from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import BULLET, removal_changes, split_lines

_WORD = re.compile(r"\w+")


def _numeric(words: list[str]) -> bool:
    """A table row: a third of its words or more are numbers."""
    return sum(map(str.isdigit, words)) * 3 >= len(words)


def _indented_prose(words: list[str], line: str) -> bool:
    """An indented paragraph of sentences (newswire indents every paragraph), not code:
    it ends a sentence and nearly all its words are words, not numbers or symbols."""
    return line.rstrip().endswith((".", "?", "!", '"', "”")) and sum(map(str.isalpha, words)) * 10 >= 9 * len(words)


def _tabular(words: list[str], line: str) -> bool:
    """Table rows and code (indented, or with code's punctuation) repeat legitimately."""
    return _numeric(words) or line[:4] == "    " or _code(line)


# a call "f(", a statement's ";", a block's braces, an assignment or attribute, a "//" comment
_CODE_MARK = re.compile(r"\w\(|[;{}=]|(?:^|\s)//")  # "//" after a space: a comment, not a URL
CODE_WORDS = 12  # a line of code is short; a longer line with these marks is prose (or HTML in prose)


def _code(line: str) -> bool:
    """A line of code: code's punctuation in it, and it does not end like a sentence.

    >>> _code("avg(n) - stddev(n) AS lower_bound,"), _code("console.log(res.bodyUsed); // true")
    (True, True)
    >>> _code("The board (not the council) met on Tuesday."), _code("Source: https://example.org/a")
    (False, False)
    """
    if line.rstrip().endswith((".", "!", "?", '"', "”", "'", "’")) or len(line.split(None, CODE_WORDS)) > CODE_WORDS:
        return False
    return _CODE_MARK.search(line) is not None


def line_words(line: str) -> list[str]:
    """The words of a line, case-folded: what makes two lines "the same".

    >>> line_words("  Hello,  World!") == line_words("hello world")
    True
    """
    return _WORD.findall(line.casefold())


@lru_cache(maxsize=1)
def placeholder_words() -> frozenset[str]:
    """The words of the standard filler texts in `gristmill/data/placeholder/lorem.txt`."""
    shipped = resources.files("gristmill") / "data" / "placeholder" / "lorem.txt"
    texts = [ln for ln in shipped.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return frozenset(line_words(" ".join(texts)))


def filler_share(words: list[str]) -> float:
    """The share of the words that come from the standard filler texts."""
    vocabulary = placeholder_words()
    return sum(w in vocabulary for w in words) / max(1, len(words))


def is_placeholder(words: list[str]) -> bool:
    """Filler: five words or more, nine in ten of them from the standard filler texts.

    >>> is_placeholder(line_words("Tempor incididunt ut labore et dolore magna aliqua."))
    True
    >>> is_placeholder(line_words("The labore et dolore of the new committee was noted."))
    False
    """
    return len(words) >= 5 and filler_share(words) >= 0.9


GRAM = 5  # words per shingle (grams_of spells it out) when a paragraph is compared with the text around it
Gram = tuple[str, ...]


def grams_of(words: list[str]) -> list[Gram]:
    """The word 5-grams of a paragraph, in order (built in C by `zip`)."""
    return list(zip(words, words[1:], words[2:], words[3:], words[4:], strict=False))


def _grams_in_two_lines(sets: list[set[Gram]]) -> set[Gram]:
    """The grams found in two lines or more."""
    seen: set[Gram] = set()
    twice: set[Gram] = set()
    for gs in sets:
        twice |= gs & seen
        seen |= gs
    return twice


def is_copy(words: list[str], grams: list[Gram], known: set[Gram], vocabulary: set[str], least: float) -> bool:
    """Whether a paragraph repeats known text: at least `least` of its words lie
    inside one of its 5-grams found in `known`, and it brings no new word (the
    others, at the seams between quoted pieces, occur in the known text too).

    >>> known = "the plan was agreed in january by both banks".split()
    >>> is_copy("the plan was agreed in january".split(), grams_of("the plan was agreed in january".split()),
    ...         set(grams_of(known)), set(known), 0.9)
    True
    >>> is_copy("the plan was agreed in march".split(), grams_of("the plan was agreed in march".split()),
    ...         set(grams_of(known)), set(known), 0.5)
    False
    """
    covered = [False] * len(words)
    for i, gram in enumerate(grams):
        if gram in known:
            covered[i : i + GRAM] = [True] * GRAM
    if not covered[0] or sum(covered) < least * len(words):  # a copy starts with copied text
        return False
    return all(c or w in vocabulary for w, c in zip(words, covered, strict=True))


def is_stripped_copy(words: list[str], other: list[str], stretch: float) -> bool:
    """Whether `words` is `other` with words left out (a search snippet drops the
    punctuation, numbers and short words of the paragraph it summarises): its words
    occur in order in `other`, within a span of `other` up to `stretch` times as
    long. When `other` is cut off (the page truncates its full text), the snippet's
    words past that end are excused if at least half of them matched before it.

    >>> full = "emerging in the middle of the 1990s they are mostly run by volunteers".split()
    >>> is_stripped_copy("emerging in the middle of the they are mostly run by volunteers".split(), full, 1.25)
    True
    >>> is_stripped_copy(full, full, 1.25)  # a copy, not a snippet
    False
    >>> is_stripped_copy("they are mostly run by volunteers in the middle".split(), full, 1.25)
    False
    """
    for start in _positions(other, words[0]):
        at, matched = start, 1
        for w in words[1:]:
            try:
                at = other.index(w, at + 1, start + int(stretch * len(words)))
            except ValueError:
                break
            matched += 1
        at_end = at >= len(other) - 4  # all that follows in `other` is a few stripped words and a cut one
        whole = matched == len(words) or (at_end and 2 * matched >= len(words))
        if whole and matched < at - start + 1 <= stretch * matched:
            return True
    return False


CONTENTS_ENTRIES = 3  # a contents list has at least this many entries
HEADING_WORDS = 12  # an entry (a heading) has at most this many words
PROSE_WORDS = 8  # a line of this many words after a heading is its text


def contents_list(bodies: list[str], words: list[list[str]]) -> set[int]:
    """The positions of the lines that make a table of contents: a run of
    `CONTENTS_ENTRIES` or more heading-like lines (no final full stop, no code
    punctuation) that recur in the same order after the run, spread out (text
    between them) and most of them followed by a line of prose.

    Each line is looked at in one run at most, and its next copy found by
    bisection: linear in the lines (times a logarithm), whatever repeats."""
    where: dict[str, list[int]] = {}
    keys = [" ".join(_unnumbered(w)) for w in words]
    for k, key in enumerate(keys):
        where.setdefault(key, []).append(k)
    found: set[int] = set()
    start = 0
    while start < len(bodies):
        copies: list[int] = []  # where each entry of the run recurs
        end = start
        while end < len(bodies) and (not copies or end < copies[0]) and _heading_like(bodies[end], words[end]):
            occurrences = where[keys[end]]
            after = bisect_right(occurrences, copies[-1] if copies else end)
            if after == len(occurrences):
                break
            copies.append(occurrences[after])
            end += 1
        entries = end - start
        # the copies are headings: text between some of them (a block of lines printed
        # twice has none), most of them followed by prose
        spread = entries >= CONTENTS_ENTRIES and copies[0] >= end and copies[-1] - copies[0] + 1 > entries
        if spread and 2 * sum(c + 1 < len(words) and len(words[c + 1]) >= PROSE_WORDS for c in copies) >= entries:
            found.update(range(start, end))
        start = max(end, start + 1)
    return found


def _unnumbered(words: list[str]) -> list[str]:
    """A heading's words without its section number ("3.1 Foreign relations")."""
    at = 0
    while at < len(words) - 1 and words[at].isdigit():
        at += 1
    return words[at:]


# a line that starts with a section number: "3 Economy", "3.1 Trade", "2. Setting up"
_NUMBERED_LINE = re.compile(r"^[ \t]*\d{1,3}(?:\.\d{1,3})*\.?[ \t]+\w", re.MULTILINE)


def _numbered_lines(text: str) -> bool:
    """Whether `CONTENTS_ENTRIES` lines or more start with a section number (the scan stops there)."""
    return len(list(islice(_NUMBERED_LINE.finditer(text), CONTENTS_ENTRIES))) == CONTENTS_ENTRIES


_NOT_A_HEADING_END = (".", ",", ";", "=", "{", "(", "[")


def _heading_like(body: str, words: list[str]) -> bool:
    """Short, starting with a letter or digit, not ending a sentence nor a line of code."""
    return 0 < len(words) <= HEADING_WORDS and body[:1].isalnum() and not body.endswith(_NOT_A_HEADING_END)


NEAREST = 32  # per shared gram, the later lines a line is compared with


def _nearest_after(lines_with: list[int], k: int) -> list[int]:
    """The first `NEAREST` lines after line k among `lines_with` (ascending): a teaser
    or a snippet and its full paragraph share rare grams, and a text that repeats a
    phrase on thousands of lines is not compared with every one of them (quadratic)."""
    at = bisect_right(lines_with, k)
    return lines_with[at : at + NEAREST]


def _positions(items: list[str], item: str) -> Iterator[int]:
    """Where `item` occurs in `items` (found by `list.index`, in C)."""
    at = -1
    while True:
        try:
            at = items.index(item, at + 1)
        except ValueError:
            return
        yield at


def _may_repeat(lines: list[list[str]], min_words: int, least: float) -> bool:
    """Whether some line of `min_words` words or more has a `least` share of words
    that occur more than once in the text: else no line can be a quoted copy, and
    most pages stop here (the check runs in C: Counter, map, sum)."""
    counts = Counter(chain.from_iterable(lines))
    more = (1).__lt__
    return any(len(w) >= min_words and sum(map(more, map(counts.__getitem__, w))) >= least * len(w) for w in lines)


@dataclasses.dataclass(frozen=True)
class RepeatsParams:
    """`min_words`: lines with fewer words are structural labels, removed only when
    they repeat the line right before them; `min_prefix_chars`: shortest earlier
    line recognised when glued to the start of a later one; a paragraph of at least
    `min_quote_words` words whose words are `min_quote_coverage` covered by the
    text around it is a quoted or teaser copy; one of at least `min_stripped_words`
    words whose words occur in order in a later paragraph that has more words over
    the same stretch, at most `max_stripped_stretch` times as many, is a stripped
    snippet."""

    min_words: int = 4
    min_prefix_chars: int = 12
    max_prefix_chars: int = 200
    min_quote_words: int = 12
    min_quote_coverage: float = 0.9
    min_stripped_words: int = 24
    max_stripped_stretch: float = 1.25

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
        "quoted_repeat": "a paragraph made of text that appears earlier (a quoted reply) or in a longer later copy",
        "stripped_repeat": "a later paragraph with words left out (a search snippet without punctuation and numbers)",
        "contents_list": "a table of contents: lines that recur in the same order below, as the text's headings",
    }
    Params = RepeatsParams

    def repair(self, text: str) -> list[Change]:
        lines = split_lines(text)
        p = self.params
        seen: set[bytes] = set()
        prefix_texts: set[str] = set()  # earlier lines, for headlines glued to a later line
        prefix_lengths: dict[str, set[int]] = {}  # their first characters -> their lengths
        kept_keys: list[tuple[int, str, list[str]]] = []
        listed: set[int] = set()  # list items, quoted lines, table rows: records that share words, not copies
        remove: dict[int, str] = {}
        cuts: dict[int, Change] = {}
        last_key = None
        content = [ln for ln in lines if not ln.blank]
        if len(content) < 2:
            return []  # one line: no earlier line for it to repeat, quote, strip or be glued to
        nothing_repeats = self._surely_nothing_repeats(text)
        if nothing_repeats and not _numbered_lines(text):
            return []
        bodies = [ln.text.strip() for ln in content]
        line_word_lists = [line_words(body) for body in bodies]
        if nothing_repeats or self._nothing_repeats(bodies, line_word_lists):
            # no line repeats another word for word; a contents list of numbered entries still can
            found = contents_list(bodies, line_word_lists) if _numbered_lines(text) else set()
            return removal_changes(text, lines, {content[k].index: "contents_list" for k in found}, keep_break=True)
        contents = contents_list(bodies, line_word_lists)
        for k, (line, body, body_words) in enumerate(zip(content, bodies, line_word_lists, strict=True)):
            if k in contents:
                remove[line.index] = "contents_list"
                continue
            offset = line.start + (len(line.text) - len(line.text.lstrip()))
            # A headline glued to the start of this line: cut it.
            cut = 0
            while len(body) - cut > p.min_prefix_chars:
                lengths = prefix_lengths.get(body[cut : cut + p.min_prefix_chars])
                hit = None
                if lengths:
                    rest = body[cut : cut + p.max_prefix_chars + 1]
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
            words = line_words(body[cut:]) if cut else body_words
            key = " ".join(words)
            if not key:
                last_key = None
                continue
            digest = xxhash.xxh3_64_digest(key.encode("utf-8"))
            n_words = len(words)
            tabular = _tabular(words, line.text)
            if n_words >= p.min_words and digest in seen and not tabular and not is_placeholder(words):
                remove[line.index] = "repeated_paragraph"
                continue
            if key == last_key and not tabular and not is_placeholder(words):
                remove[line.index] = "repeated_line"
                continue
            if cut:
                cuts[line.index] = Change(offset, offset + cut, "", "glued_repeat")
            if n_words >= p.min_words:
                seen.add(digest)
            kept_keys.append((line.index, key, words))
            if BULLET.match(body) or (tabular and not _indented_prose(words, line.text)):
                listed.add(line.index)
            stripped = body[cut:]
            if p.min_prefix_chars <= len(stripped) <= p.max_prefix_chars:
                prefix_texts.add(stripped)
                prefix_lengths.setdefault(stripped[: p.min_prefix_chars], set()).add(len(stripped))
            last_key = key
        # Cut-off copies at the end of the page, last line first.
        while len(kept_keys) >= 2:
            index, key, _ = kept_keys[-1]
            if key.count(" ") < 2 or not any(k.startswith(key) and k != key for _, k, _ in kept_keys[:-1]):
                break
            if is_placeholder(kept_keys[-1][2]):
                break
            remove[index] = "truncated_repeat"
            cuts.pop(index, None)
            kept_keys.pop()
        for index, code in self.quoted_copies(kept_keys, listed):
            remove[index] = code
            cuts.pop(index, None)
        return sorted(
            removal_changes(text, lines, remove, keep_break=True) + list(cuts.values()), key=lambda c: c.start
        )

    def _surely_nothing_repeats(self, text: str) -> bool:
        """`_nothing_repeats` of an ASCII text, told in C from the text itself (no str per
        line or word); False when it cannot tell (another text, no extension)."""
        if compiled is None:
            return False
        p = self.params
        possible = compiled.repeats_possible(
            text, p.min_prefix_chars, p.max_prefix_chars, p.min_quote_words, p.min_quote_coverage
        )
        return possible is False

    def _nothing_repeats(self, bodies: list[str], line_word_lists: list[list[str]]) -> bool:
        """True when no rule of `repair` can fire, checked on the whole text at once
        (most pages): no two lines with the same words, no line starting like an
        earlier one (a glued headline), no last line that an earlier one continues, and
        no line whose words nearly all recur (a quoted copy). Each is a necessary
        condition of its rule, so a False only means the line-by-line pass must look."""
        p = self.params
        keys = [" ".join(words) for words in line_word_lists if words]
        if len(set(keys)) != len(keys):
            return False
        starts: set[str] = set()
        for body in bodies:
            if len(body) > p.min_prefix_chars and body[: p.min_prefix_chars] in starts:
                return False
            if p.min_prefix_chars <= len(body) <= p.max_prefix_chars:
                starts.add(body[: p.min_prefix_chars])
        last = keys[-1] if keys else ""
        if last.count(" ") >= 2 and any(k.startswith(last) for k in keys[:-1]):
            return False
        return not _may_repeat([words for words in line_word_lists if words], p.min_quote_words, p.min_quote_coverage)

    def quoted_copies(self, kept: list[tuple[int, str, list[str]]], listed: set[int]) -> Iterable[tuple[int, str]]:
        """Indexes (and edit codes) of kept lines that repeat the kept lines before
        them, or one longer line after them (a teaser before its full paragraph, or
        a stripped snippet of it); list items, table rows and indented code lines
        (`listed`) stay; indented prose does not."""
        p = self.params
        if len(kept) < 2:
            return  # one line: nothing before it to quote, nothing after it to tease or strip
        words = [w for _, _, w in kept]
        if not _may_repeat(words, p.min_quote_words, p.min_quote_coverage):
            return
        grams = [grams_of(w) for w in words]
        sets = [set(g) for g in grams]
        # Only a gram that two lines share can tie a line to another: the index and the
        # known text hold those alone (a long text has few of them; set operations in C).
        common = _grams_in_two_lines(sets)
        shared = [gs & common for gs in sets]
        where: dict[Gram, list[int]] = {}  # shared gram -> the lines that have it
        for k, gs in enumerate(shared):
            for g in gs:
                where.setdefault(g, []).append(k)
        known: set[Gram] = set()
        vocabulary: set[str] = set()
        for k, (index, _, _) in enumerate(kept):
            if len(words[k]) >= p.min_quote_words and index not in listed and not is_placeholder(words[k]):
                code = self.copy_code(k, words, grams, sets, shared[k], where, known, vocabulary)
                if code:
                    yield index, code
                    continue
            known |= shared[k]
            vocabulary.update(words[k])

    def copy_code(
        self,
        k: int,
        words: list[list[str]],
        grams: list[list[Gram]],
        sets: list[set[Gram]],
        shared: set[Gram],
        where: dict[Gram, list[int]],
        known: set[Gram],
        vocabulary: set[str],
    ) -> str | None:
        """The edit code if line k copies the kept text before it or a longer line
        after it (`quoted_repeat`), or is a later line stripped (`stripped_repeat`);
        `shared`: its grams that another line has too."""
        if not shared:
            return None  # no other line has one of its grams: it copies none and none copies it
        after = sorted({j for g in shared for j in _nearest_after(where[g], k)})  # later lines sharing a gram
        if self.repeats(k, words, grams, sets, known, vocabulary) or any(
            self.repeats(k, words, grams, sets, sets[j], set(words[j])) for j in after if len(sets[j]) > len(sets[k])
        ):
            return "quoted_repeat"
        long_enough = len(words[k]) >= self.params.min_stripped_words  # shorter lines repeat by chance (log output)
        if long_enough and any(is_stripped_copy(words[k], words[j], self.params.max_stripped_stretch) for j in after):
            return "stripped_repeat"
        return None

    def repeats(
        self,
        k: int,
        words: list[list[str]],
        grams: list[list[Gram]],
        sets: list[set[Gram]],
        known: set[Gram],
        vocabulary: set[str],
    ) -> bool:
        """`is_copy` for line k, after a cheap test: a copy has most of its grams
        in the known text (only the seams between quoted pieces differ)."""
        if len(sets[k] & known) * 2 <= len(sets[k]):
            return False
        return is_copy(words[k], grams[k], known, vocabulary, self.params.min_quote_coverage)
