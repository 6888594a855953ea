"""Rejoin hard-wrapped lines: a paragraph broken over several lines becomes one line.

Two kinds of evidence, both conservative:

- **Fixed-width wrapping** (`hard_wrap`): when many lines end near one width W
  (e-mail, Usenet, PDF and book transcriptions), a line is a wrap when the
  next line's first word would not have fitted on it (the classic reflow test,
  as in `fmt` and format=flowed readers).
- **A sentence broken mid-way** (`broken_sentence`): the line does not end a
  sentence and the next line plainly continues it: it starts in lower case,
  the line ends on a function word ("the", "der", "de", ...) or a hyphenated
  word, or a long line of prose stops on a bare word before a capitalised one.

Never joined: across blank lines; list items, headings, table rows, code,
quoted lines with different `>` markers, lines indented deeper than the one
before (a new paragraph), and short lines such as salutations ("Hallo,").
The join replaces the line break (and any indentation) with one space.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from typing import NamedTuple

from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import split_lines

# Closed-class words that cannot end a sentence (en, de, fr, es, pt, it, pl, ru, nl).
FUNCTION_WORDS = frozenset(
    """
    the a an of to in on at by for with from and or but nor as than that which who whose whom into onto
    upon about over under between through during without within is are was were be been being has have
    had will would can could should may might must shall not very its their our your his her my this these
    those such if when while because although though so also just only both either neither each every any
    some more most less few many much
    der die das den dem des ein eine einen einem einer eines und oder aber sowie von zu zum zur mit im am
    an auf aus bei für über unter nach vor durch gegen ohne um als wie dass daß ist sind war waren wird
    werden hat haben nicht auch noch sehr sich dieser diese dieses seine ihre
    le la les un une des du de au aux et ou mais que qui dont à en dans sur sous par pour avec sans chez
    entre vers ce cette ces son sa ses leur leurs est sont ont été ne pas plus très se
    el los las unos unas del al y pero quien con por para sin sobre hacia desde como su sus es son fue ha
    han muy lo le más
    o os um uma do da dos das ao aos e em no na nos nas sem seu sua seus suas é são foi tem muito não mais
    il lo gli uno di della dei degli delle alla ai nel nella tra fra è sono era hanno molto si non più
    w z na że się od po za przez dla jak jest są nie oraz lub ale
    и в на с по для что как не от к о из у за при это а но или же бы
    het een van op voor met aan bij uit naar om dat die niet ook
    """.split()
) - {"war", "die", "hat", "den", "son", "sin", "era", "ale", "van", "plus"}  # also English content words

_TERMINAL = ".!?…:;。！？"
_CLOSERS = "\"'”’»)]*"
_LIST = re.compile(r"^\s*(?:[-•*·▪►–—+]\s|\d{1,3}[.)]\s|[a-zA-Z][.)]\s|\(\w{1,3}\)\s|#)")
_CODE = re.compile(
    r"[{}]\s*$"  # a block opens or closes
    r"|^\s*[\w.$\[\]?]+(?:\s+[\w.$\[\]?]+)?\s*=.*;\s*$"  # an assignment statement
    r"|\w\(.*\)\s*;\s*(?://.*)?$"  # a call statement, perhaps with a comment after it
    r"|==|=>|->|::|&&|\|\||\(\)"
    r"|^\s*(?:\$\s|>>>|#include|import |def |class |return\b)"
)
_CODE_HINT = re.compile(r"[{};=&|$]|->|::|\(\)|>>>|^\s*(?:#include|import |def |class |return\b)")
# every alternative of _CODE_HINT but the first words starts with one of these characters:
# a scan for a character class is several times faster than for the alternation
_CODE_HINT_CHAR = re.compile(r"[-{};=&|$:>(]")
_CODE_HINT_START = re.compile(r"\s*(?:#include|import |def |class |return\b)")
# a tab, a "|" column border, or a table drawn with box characters (a psql or CLI table)
_TABLE = re.compile(r"\t|^\s*\||\s\|\s.*\s\|\s|[│┃┼╋]|───")
_QUOTE = re.compile(r"^\s*((?:>\s?)+)")
_FIRST_WORD = re.compile(r"\S+")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _ends_sentence(line: str) -> bool:
    s = line.rstrip().rstrip(_CLOSERS)
    return not s or s[-1] in _TERMINAL


def _first_alpha(line: str) -> str:
    for ch in line.lstrip().lstrip(">").lstrip().lstrip("\"'“‘«(["):
        return ch
    return ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _caps_heading(line: str) -> bool:
    """A short line in capitals: "PLEDGE OF ALLEGIANCE"."""
    return 2 <= len(line.strip()) <= 80 and line.upper() == line and line.lower() != line and len(line.split()) <= 8


def wrap_width(lines: list[str]) -> int | None:
    """The width W a text is hard-wrapped at, or None when it does not look wrapped.

    Needs at least 3 lines of 5+ words, followed by another line, that end within
    12 characters of W (and W of at least 55): most of them mid-sentence, and at
    least a quarter running on into a word that is not capitalised.

    >>> wrap_width([
    ...     "The quick brown fox jumps over the lazy dog and then it runs",
    ...     "away into the forest where nobody can find it any more, and the",
    ...     "hunters go home without it, tired and cold and hungry after the",
    ...     "long day.",
    ... ])
    63
    >>> wrap_width(["A heading", "One sentence on its own line.", "Another one."]) is None
    True
    """
    trimmed = [line.rstrip() for line in lines]  # empty for a blank line
    ends = [
        a
        for a, b in zip(trimmed, trimmed[1:], strict=False)
        if a and b and 30 <= len(a) <= 130 and len(a.split(None, 4)) == 5  # 5+ words
    ]
    if len(ends) < 3:
        return None
    best, best_n = _widest_band(Counter(map(len, ends)))
    if best_n < 3 or best < 55:
        return None
    near = [a for a in ends if best - 12 <= len(a) <= best]
    open_ = sum(1 for a in near if not _ends_sentence(a))
    if open_ * 2 < len(near) or open_ < 3:
        return None
    # Wrapped prose mostly runs on into a lower-case word; list items and titles do not.
    nexts = [
        b
        for a, b, b_trimmed in zip(trimmed, lines[1:], trimmed[1:], strict=False)
        if a and b_trimmed and best - 12 <= len(a) <= best
    ]
    lower = sum(1 for b in nexts if not _first_alpha(b).isupper())
    if lower * 4 < len(nexts):
        return None
    return best


def _widest_band(lengths: Counter[int]) -> tuple[int, int]:
    """The length W with the most lines in W-12..W (the longest W among equals), and
    that count: one pass over the distinct lengths with a sliding window.

    >>> _widest_band(Counter([60, 61, 70, 72, 72, 40]))
    (72, 5)
    """
    order = sorted(lengths)
    best, best_n, window, low = 0, 0, 0, 0
    for w in order:
        window += lengths[w]
        while order[low] < w - 12:
            window -= lengths[order[low]]
            low += 1
        if window >= best_n:
            best, best_n = w, window
    return best, best_n


_LETTER_ITEM = (".", ")")  # "a. " or "b) " starts a list item (_LIST)


class LineInfo(NamedTuple):
    """What a line's shape says about joining, computed once per line."""

    stands_alone: bool  # list item, heading, table row, code: nothing joins onto it
    ends_alone: bool  # code, table row, heading: it joins onto nothing
    quote: str  # its ">" quotation markers
    indent: int


def _code_or_table(line: str) -> bool:
    """Code or a table row; cheap character tests first, the regexes only if needed."""
    if ("|" in line or "\t" in line or "│" in line or "─" in line or "┃" in line) and _TABLE.search(line):
        return True
    if not _code_hint(line):
        return False
    return bool(_CODE.search(line))


def _code_hint(line: str) -> bool:
    """`_CODE_HINT.search(line)`, the common miss found faster."""
    if _CODE_HINT_START.match(line):
        return True
    return _CODE_HINT_CHAR.search(line) is not None and _CODE_HINT.search(line) is not None


def line_info(line: str) -> LineInfo:
    if line[:1].isalpha() and line[1:2] not in _LETTER_ITEM:
        # most lines: no indent, quote, bullet, "#" or bracket to look for
        alone = _code_or_table(line) or _caps_heading(line)
        return LineInfo(stands_alone=alone, ends_alone=alone, quote="", indent=0)
    code_or_table = _code_or_table(line)
    caps = _caps_heading(line)
    s = line.strip()
    bracketed = s.startswith("[") and s.endswith("]")
    q = _QUOTE.match(line)
    return LineInfo(
        stands_alone=bool(_LIST.match(line)) or code_or_table or caps or bracketed,
        ends_alone=code_or_table or caps or s.startswith("#"),
        quote=q.group(1).replace(" ", "") if q else "",
        indent=_indent(line),
    )


def join_code(
    para: str,
    a: str,
    b: str,
    width: int | None,
    continued: bool,
    info_a: LineInfo | None = None,
    info_b: LineInfo | None = None,
) -> str | None:
    """Why line `a` (ending paragraph-so-far `para`) continues on line `b`, or None."""
    if not a.strip() or not b.strip():
        return None
    a_s = a.rstrip()
    if width is None and _ends_sentence(a_s):
        return None  # the common case, decided before the costlier tests
    ia = info_a or line_info(a)
    ib = info_b or line_info(b)
    if ib.stands_alone or ia.ends_alone or ia.quote != ib.quote or ib.indent > ia.indent:
        return None
    fw = _FIRST_WORD.search(b)
    first_len = len(fw.group()) if fw else 0
    if width is not None and len(a_s) <= width + 5 and (len(a_s) >= width - 8 or len(a_s) + 1 + first_len > width - 3):
        # A full line. After a full stop the next line must be full too, or end a
        # sentence itself (a short line ending in "?" or none is a heading).
        b_s = b.strip()
        if a_s.endswith(":") and not _first_alpha(b).islower():
            return None
        if not _ends_sentence(a_s) or len(b_s) >= width - 10 or b_s.rstrip(_CLOSERS)[-1:] in ".!…":
            return "hard_wrap"
    if _ends_sentence(a_s):
        return None
    start = _first_alpha(b)
    if not start:
        return None
    words = para.split(None, 4)
    if a_s.endswith("-") and len(a_s) > 1 and a_s[-2].isalpha() and start.isalpha():
        return "broken_sentence"
    short_ok = (
        1 <= len(words) <= 3
        and para[-1].isalpha()
        and len(b.strip()) >= 40
        and (len(words) == 1 or not all(w[:1].isupper() for w in para.split()))
    )
    if start.islower() and (continued or len(para) >= 30 or short_ok):
        return "broken_sentence"
    m = _LAST_WORD.search(a_s)
    last = m.group(1) if m else ""  # as written: "AM" in "10:22 AM" is not German "am"
    if last in FUNCTION_WORDS and a_s[-1].isalpha() and len(para) >= 20 and (start.isalnum()):
        return "broken_sentence"
    # A long line of prose that stops mid-sentence on a lower-case word, before a
    # capitalised name: "...she could be heard chanting" / "Hydra by the Sea, ...".
    if last[:1].islower() and start.isupper() and len(a_s) >= 80 and len(b.strip()) >= 40:
        fragment = re.split(r"[.!?]\s", a_s)[-1]
        if fragment != a_s and len(fragment.split()) >= 4:
            return "broken_sentence"
    return None


def decide_joins(lines: list[str]) -> list[str | None]:
    """For each line but the last: the join code if it continues on the next line."""
    width = wrap_width(lines)
    out: list[str | None] = []
    para = ""
    continued = False
    infos: dict[int, LineInfo] = {}

    def info(i: int) -> LineInfo:
        if i not in infos:
            infos[i] = line_info(lines[i])
        return infos[i]

    stripped = [line.strip() for line in lines]
    for i in range(len(lines) - 1):
        a_s = stripped[i]
        para = para + " " + a_s if continued else a_s
        if not a_s or not stripped[i + 1] or (width is None and _ends_sentence(a_s)):
            code = None
        else:
            code = join_code(para, lines[i], lines[i + 1], width, continued, info(i), info(i + 1))
        out.append(code)
        continued = code is not None
    return out


@dataclasses.dataclass(frozen=True)
class RejoinParams:
    """`max_rounds`: re-decide on the joined text until nothing changes, at most this often."""

    max_rounds: int = 4

    def __post_init__(self) -> None:
        if self.max_rounds < 1:
            raise ConfigError("rejoin_wraps.max_rounds must be at least 1")


class RejoinWraps(Repairer):
    name = "rejoin_wraps"
    description = "Rejoin lines hard-wrapped inside a paragraph or broken inside a sentence."
    EDITS = {
        "hard_wrap": "line break of text wrapped at a fixed width, made a space",
        "broken_sentence": "line break inside a sentence, made a space",
    }
    Params = RejoinParams

    def repair(self, text: str) -> list[Change]:
        lines = split_lines(text)
        if len(lines) < 2:
            return []
        groups = [[line.index] for line in lines]  # current lines as runs of input lines
        gaps: dict[int, str] = {}  # input line index -> code for joining it to the next
        for _ in range(self.params.max_rounds):
            current = [
                " ".join(lines[i].text.strip() if k else lines[i].text.rstrip() for k, i in enumerate(g))
                if len(g) > 1
                else lines[g[0]].text
                for g in groups
            ]
            codes = decide_joins(current)
            if not any(codes):
                break
            merged: list[list[int]] = [groups[0]]
            for g, code in zip(groups[1:], codes, strict=True):
                if code is not None:
                    gaps[merged[-1][-1]] = code
                    merged[-1] = merged[-1] + g
                else:
                    merged.append(g)
            groups = merged
        changes = []
        for i in sorted(gaps):
            a, b = lines[i], lines[i + 1]
            start = a.start + len(a.text.rstrip())
            end = b.start + _indent(b.text)
            changes.append(Change(start, end, " ", gaps[i]))
        return changes
