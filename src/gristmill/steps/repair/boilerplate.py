"""Remove boilerplate lines: page chrome that survived text extraction.

Comment widgets and counts, share buttons, cookie notices, navigation,
"Read more"/"Related" links, bylines and date headers, subscription prompts,
copyright footers, separators, and a "|" or "read more" link glued to the end
of a paragraph. The patterns live in data files, one per language, under
`gristmill/data/boilerplate/` (format in its README); every language is loaded
at once. A pattern must match a whole line, so prose that merely mentions
cookies or comments is left alone. Lines longer than `max_line_chars` are never
treated as boilerplate.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from gristmill.compiled import compiled
from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import BULLET as _BULLET
from gristmill.steps.repair.lines import Line, removal_changes, split_lines
from gristmill.steps.repair.wraps import FUNCTION_WORDS

EDITS = {
    "comment_widget": "comment counts, comment forms and readers' comment headers",
    "comment_section": "readers' comments: from a comment-count header or first 'X said...' line to the end",
    "comment_header": "a reader's comment header ('Anna said...')",
    "comment_like": "the like button under a reader's comment ('LikeLiked by 1 person')",
    "teaser_byline": "a listing's 'Blog name 22 Apr 2024' line above each teaser, and the name printed again",
    "share_buttons": "share and social-media buttons",
    "cookie_notice": "cookie or consent notice",
    "navigation": "skip links, menus, breadcrumbs, search boxes and runs of navigation links",
    "related_links": '"Read more", "Related articles" and similar link labels',
    "link_list": 'a "Recent posts", "Categories" or "Related" heading and the short link lines under it',
    "byline": "author byline or posting time stamp",
    "page_marker": "a printed page's running header or footer ('User Guide Page 6 of 60') and the lines beside it",
    "message_header": "a Usenet header field printed above the posting (Archive-name:, Message-ID:, ...)",
    "member_info": "a forum post's member details (join date, post count, rank) and the poster's name above them",
    "date_header": "a line holding only a date (blog date header)",
    "subscription": "newsletter or subscription prompt",
    "copyright": "copyright or 'powered by' footer",
    "ad_label": "advertising label, shop button or page furniture",
    "separator": "a line holding only separator characters",
    "glued_separator": 'a "|" glued to the end of a paragraph',
    "glued_link": 'a "read more" link glued to the end of a paragraph',
}

_VOCAB = re.compile(r"^@(\w+)\s*=\s*(.+)$")
_SECTION = re.compile(r"^\[(\w+)\]$")
_NAV_SPLIT = re.compile(r"\s*(?:\||·|•|»|›)\s*")
_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"(\w+)\s*$")
# fewer unbulleted lines than this under a link-list heading, then prose: a title and its subheadings
MIN_ITEMS_BEFORE_PROSE = 3
_BULLET_START = frozenset("•·*▪►>-0123456789")
_NAV_CHARS = re.compile(r"[|·•»›]")
_PLAIN_MAX = 300  # no whole-line pattern (other than `.{0,N}...` ones) matches more
_VALUE = re.compile(r"[\d.,:/ -]+")


def _data_dir() -> Path:
    return Path(str(resources.files("gristmill").joinpath("data", "boilerplate")))


def available_languages() -> list[str]:
    """The languages with a pattern file.

    >>> {"en", "de", "fr", "es", "pt", "it", "pl", "ru"} <= set(available_languages())
    True
    """
    return sorted(p.stem for p in _data_dir().glob("*.txt") if p.stem != "common")


def trie_regex(words: Iterable[str]) -> str:
    """One regular expression matching any of `words`, with common prefixes factored
    out: a failing line is rejected after a character or two, not after trying
    every word of eight languages' month names.

    >>> trie_regex(["mai", "march", "mar", "may"])
    'ma(?:r(?:ch)?|[iy])'
    >>> import re; bool(re.fullmatch(trie_regex(["a b", "a.c"]), "a.c"))
    True
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [(ch, sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        singles = [re.escape(ch) for ch, sub in branches if list(sub) == [""]]
        parts = [re.escape(ch) + build(sub) for ch, sub in branches if list(sub) != [""]]
        if len(singles) == 1:
            parts.append(singles[0])
        elif singles:
            parts.append("[" + "".join(singles) + "]")
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        if end:
            body = (
                body
                if len(parts) == 1 and len(branches) == 1 and body.isalnum() and len(body) == 1
                else "(?:" + body + ")"
            ) + "?"
        return body

    return build(trie)


def parse_pattern_files(texts: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Parse pattern files (name, content) into {code: [regex, ...]}, vocabularies expanded."""
    vocab: dict[str, list[str]] = {}
    raw: list[tuple[str, str, int, str]] = []  # (code, file, line number, pattern)
    for name, content in texts:
        code = None
        for n, line in enumerate(content.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = _VOCAB.match(line)
            if m:
                vocab.setdefault(m.group(1), []).extend(a for a in m.group(2).split("|") if a)
                continue
            m = _SECTION.match(line)
            if m:
                code = m.group(1)
                if code not in EDITS:
                    raise ConfigError(f"{name}:{n}: unknown boilerplate code [{code}] (known: {', '.join(EDITS)})")
                continue
            if code is None:
                raise ConfigError(f"{name}:{n}: pattern before any [code] section")
            raw.append((code, name, n, line))
    alts = {k: trie_regex(v) for k, v in vocab.items()}
    out: dict[str, list[str]] = {}
    for code, name, n, pattern in raw:
        try:
            expanded = re.sub(r"\{([a-z_]+)\}", lambda m: f"(?:{alts[m.group(1)]})", pattern)
            re.compile(expanded)
        except KeyError as exc:
            raise ConfigError(f"{name}:{n}: unknown vocabulary {{{exc.args[0]}}}") from None
        except re.error as exc:
            raise ConfigError(f"{name}:{n}: bad pattern: {exc}") from None
        out.setdefault(code, []).append(expanded)
    return out


_ANYWHERE = re.compile(r"^\.\{0,(\d+)\}")


def first_chars(pattern: str) -> frozenset[str] | None:
    r"""The lower-cased characters a match of `pattern` can start with; None if any.

    Used to try, for each line, only the patterns that can match its first
    character: hundreds of alternatives tried at every line are the hot spot.

    >>> sorted(first_chars("(?:no|\\d+) comments?"))
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'n']
    >>> first_chars(".{0,20}cookies") is None
    True
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - Python < 3.11
        return None

    digits = frozenset("0123456789")

    def seq(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            chars, nullable = one(op, av)
            if chars is None:
                return None, False
            out |= chars
            if not nullable:
                return out, False
        return out, True

    def one(op: object, av: object) -> tuple[set[str] | None, bool]:
        if op is c.LITERAL:
            ch = chr(av)  # type: ignore[arg-type]
            return {ch.lower(), ch.upper().lower()}, False
        if op is c.IN:
            chars: set[str] = set()
            for iop, iav in av:  # type: ignore[attr-defined]
                if iop is c.LITERAL:
                    chars.add(chr(iav).lower())
                elif iop is c.RANGE and iav[1] - iav[0] <= 400:
                    chars |= {chr(x).lower() for x in range(iav[0], iav[1] + 1)}
                elif iop is c.CATEGORY and iav is c.CATEGORY_DIGIT:
                    chars |= digits
                else:
                    return None, False
            return chars, False
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            return set(digits), False
        if op is c.BRANCH:
            out: set[str] = set()
            nullable = False
            for branch in av[1]:  # type: ignore[index]
                chars_, n = seq(branch.data)
                if chars_ is None:
                    return None, False
                out |= chars_
                nullable = nullable or n
            return out, nullable
        if op is c.SUBPATTERN:
            return seq(av[-1].data)  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
            lo, _, sub = av  # type: ignore[misc]
            chars_, n = seq(sub.data)
            return chars_, (lo == 0 or n)
        if op is c.AT or op in (c.ASSERT, c.ASSERT_NOT):
            return set(), True
        return None, False

    try:
        chars, nullable = seq(parser.parse(pattern, re.IGNORECASE).data)
    except Exception:
        return None
    if chars is None or nullable:
        return None
    return frozenset(chars)


def literal_choices(pattern: str) -> list[tuple[str, ...]]:
    """Sets of lower-cased literals, in the pattern's order, such that every match of
    `pattern` contains a literal of each set.

    >>> literal_choices(r"\\|\\s*(?:posted|updated) on")
    [('|',), ('posted', 'updated'), (' on',)]
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        items = parser.parse(pattern, re.IGNORECASE).data
    except Exception:
        return []

    def prefixes(seq: list[tuple[object, object]]) -> set[str]:
        """The literal text each way through `seq` starts with."""
        out = ""
        for op, av in seq:
            if op is c.LITERAL:
                out += chr(av).lower()  # type: ignore[arg-type]
                continue
            if op is c.BRANCH:
                return {out + p for b in av[1] for p in prefixes(b.data)}  # type: ignore[index]
            if op is c.SUBPATTERN:
                return {out + p for p in prefixes(av[-1].data)}  # type: ignore[index]
            break
        return {out}

    candidates = []
    run = ""
    for op, av in [*items, (None, None)]:
        if op is c.LITERAL:
            run += chr(av).lower()  # type: ignore[arg-type]
            continue
        if run.strip():
            candidates.append((run,))
        if op is c.SUBPATTERN or op is c.BRANCH:
            lits = tuple(sorted(run + p for p in prefixes([(op, av)])))
            if all(x.strip() for x in lits):
                candidates.append(lits)
        run = ""
    return candidates


def _literals_score(lits: tuple[str, ...]) -> int:
    return min(len(x.strip()) for x in lits)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-cased literals one of which every match of `pattern` contains, or None:
    a cheap substring test that spares most lines a slow search.

    >>> required_literals(r"\\b(?:this|our) site uses cookies\\b.{0,40}")
    (' site uses cookies',)
    >>> required_literals(r"(?<=[.!?])\\s+(?:read more|continue reading)")
    ('continue reading', 'read more')
    >>> required_literals(r"\\d+ (?:a|b)") is None
    True
    """
    best: tuple[str, ...] | None = None
    for cand in literal_choices(pattern):
        if best is None or _literals_score(cand) > _literals_score(best):
            best = cand
    if best is None or (_literals_score(best) < 2 and any(x.strip().isalnum() for x in best)):
        return None
    return best


_SEQUENCE_TOKENS = 6  # how many characters of a line's start (or end) a line gate looks at
_MAX_SEQUENCES = 4000  # per pattern, before the gate gives up on it
_SPACE = r"[^\S\n]"  # the token for \s: a line holds no line break
# English letters, most frequent first: a literal is searched for from its rarest character
_FREQUENT = " etaoinshrdlcumwfgypbvkjxqz"


class _TooMany(Exception):
    pass


def start_sequences(pattern: str, k: int = _SEQUENCE_TOKENS, reverse: bool = False) -> set[tuple[str, ...]] | None:
    r"""Sequences of at most `k` tokens, one of which begins every case-insensitive match
    of `pattern` (with `reverse`: ends it, read backwards); None if a match may begin
    with anything, or the pattern has too many ways.

    A token is a literal character (a string of length 1) or a regex matching one
    character, or a run of them, in a scoped `(?i:...)` group. Zero-width assertions
    are skipped, so the sequences admit a superset of the matches.

    >>> sorted(start_sequences(r"(?:no|\d+) comments?", 3))
    [('\\d\\d{0,}', ' ', 'c'), ('n', 'o', ' ')]
    >>> sorted(start_sequences(r"(?:www\.)?[\w-]+\.com", 2))
    [('[\\w\\-][\\w\\-]{0,}', '.'), ('w', 'w')]
    >>> start_sequences(r"page \d+", 3, reverse=True)
    {('\\d\\d{0,}', ' ', 'e')}
    >>> start_sequences(r"(?:x|)") is None
    True
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        parsed = parser.parse(pattern, re.IGNORECASE)
    except Exception:
        return None
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)

    def ordered(sub: object) -> list[tuple[object, object]]:
        items = list(sub.data)  # type: ignore[attr-defined]
        return items[::-1] if reverse else items

    def starts(items: list[tuple[object, object]], k: int) -> set[tuple[str, ...]]:
        if k == 0 or not items:
            return {()}
        (op, av), rest = items[0], items[1:]
        tok = _token(c, op, av)
        if tok is not None:
            out = {(tok, *seq) for seq in starts(rest, k - 1)}
        elif op is c.SUBPATTERN:
            out = starts([*ordered(av[-1]), *rest], k)  # type: ignore[index]
        elif op is c.BRANCH:
            out = set().union(*(starts([*ordered(b), *rest], k) for b in av[1]))  # type: ignore[index]
        elif op in repeats:
            out = repeat_starts(op, av, rest, k)
        elif op in zero_width:
            out = starts(rest, k)  # skipping an assertion only admits more
        else:
            out = {()}  # anything else: what was read so far must do
        if len(out) > _MAX_SEQUENCES:
            raise _TooMany
        return out

    def repeat_starts(op: object, av: object, rest: list[tuple[object, object]], k: int) -> set[tuple[str, ...]]:
        lo, hi, sub = av  # type: ignore[misc]
        one = ordered(sub)
        if len(one) == 1 and (tok := _token(c, *one[0])) is not None:  # a run of one kind of character
            return {(_run(tok, lo, hi, c.MAXREPEAT), *seq) for seq in starts(rest, k - 1)}
        if sub.getwidth()[0] == 0:  # an empty repetition would not shorten the walk
            return starts(one, k) | starts(rest, k) if lo == 0 else starts(one, k)
        again = (op, (max(lo - 1, 0), hi if hi == c.MAXREPEAT else hi - 1, sub))
        out = starts([*one, again, *rest], k) if hi > 0 else set()
        return out | starts(rest, k) if lo == 0 else out

    try:
        seqs = starts(ordered(parsed), k)
    except (_TooMany, RecursionError):
        return None
    return None if () in seqs else seqs


def _token(c: object, op: object, av: object) -> str | None:
    """One character's element of a parsed pattern as a token (see `start_sequences`).
    A line holds no line break, so no token admits one: a gate never runs on into
    the lines after."""
    categories = {
        c.CATEGORY_DIGIT: r"\d",  # type: ignore[attr-defined]
        c.CATEGORY_NOT_DIGIT: r"\D",  # type: ignore[attr-defined]
        c.CATEGORY_SPACE: r"\s",  # type: ignore[attr-defined]
        c.CATEGORY_NOT_SPACE: r"\S",  # type: ignore[attr-defined]
        c.CATEGORY_WORD: r"\w",  # type: ignore[attr-defined]
        c.CATEGORY_NOT_WORD: r"\W",  # type: ignore[attr-defined]
    }
    breaking = {r"\D": r"[^\d\n]", r"\s": _SPACE, r"\W": r"[^\w\n]"}  # the same without a line break
    if op is c.IN and len(av) == 1 and av[0][0] is c.CATEGORY:  # type: ignore[arg-type, index, attr-defined]
        op, av = av[0]  # type: ignore[index]
    if op is c.LITERAL:  # type: ignore[attr-defined]
        return chr(av)  # type: ignore[arg-type]
    if op is c.NOT_LITERAL:  # type: ignore[attr-defined]
        return _class(f"^{re.escape(chr(av))}\\n", _cased(chr(av)))  # type: ignore[arg-type]
    if op is c.ANY:  # type: ignore[attr-defined]
        return "(?:.)"
    if op is c.CATEGORY and av in categories:  # type: ignore[attr-defined]
        return breaking.get(categories[av], categories[av])
    if op is not c.IN:  # type: ignore[attr-defined]
        return None
    members, cased = [], False
    for iop, iav in av:  # type: ignore[attr-defined]
        if iop is c.NEGATE:  # type: ignore[attr-defined]
            members.append("^")
        elif iop is c.LITERAL:  # type: ignore[attr-defined]
            members.append(re.escape(chr(iav)))
            cased = cased or _cased(chr(iav))
        elif iop is c.RANGE:  # type: ignore[attr-defined]
            members.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
            cased = cased or iav[1] - iav[0] > 1000 or any(_cased(chr(x)) for x in range(iav[0], iav[1] + 1))
        elif iop is c.CATEGORY and iav in categories:  # type: ignore[attr-defined]
            members.append(categories[iav])
        else:
            return None
    if members[0] == "^":
        return _class("".join(members) + r"\n", cased)
    if any(m in breaking for m in members):
        return f"(?:(?!\\n){_class(''.join(members), cased)})"
    return _class("".join(members), cased)


def _run(tok: str, lo: int, hi: int, unbounded: int) -> str:
    """A token repeated `lo` to `hi` times. A required first one is written out: the
    regex engine tests a plain class or character before entering a branch, but not
    a repetition."""
    one = tok if len(tok) > 1 else f"(?i:{re.escape(tok)})" if _cased(tok) else f"(?:{re.escape(tok)})"
    first, lo, hi = (one, lo - 1, hi - 1 if hi != unbounded else hi) if lo else ("", lo, hi)
    return f"{first}{one}{{{lo},{'' if hi == unbounded else hi}}}"


def _cased(ch: str) -> bool:
    return ch.lower() != ch or ch.upper() != ch


def _class(members: str, cased: bool) -> str:
    """A character class token; case-insensitive only where that matters, since the
    regex engine tests a plain class before entering a branch."""
    return f"(?i:[{members}])" if cased else f"[{members}]"


def _lower(text: str) -> str:
    """Lower case with one sigma: a final sigma is lowered by its context, which a
    line's or a tail's own lowering does not see."""
    return text.lower().replace("ς", "σ")


def case_exceptions(chars: Iterable[str]) -> str:
    """The characters that `re.IGNORECASE` matches with one of `chars` though they
    lower-case to another character ('ſ' matches 's'). Gates compare lower-cased
    text, so a text holding one of these is not gated.

    >>> case_exceptions("sk")
    'ſ'
    """
    chars = sorted(set(chars))
    if not chars:
        return ""
    cased = "".join(map(chr, range(0x20000)))  # no character beyond has a case mapping
    folded = "".join(re.findall(f"[{''.join(map(re.escape, chars))}]", cased, re.IGNORECASE))
    out = {ch for x in chars for ch in re.findall(re.escape(x), folded, re.IGNORECASE) if _lower(ch) != _lower(x)}
    return "".join(sorted(out))


def sequence_regex(seqs: set[tuple[str, ...]]) -> str:
    """The sequences as one regex for lower-cased text, common starts factored out so
    that a line is rejected after a character or two."""
    trie: dict[str, dict] = {}
    for seq in seqs:
        node = trie
        for tok in seq:
            node = node.setdefault(tok, {})
        node[""] = {}

    def render(tok: str) -> str:
        if len(tok) > 1:
            return tok
        low = _lower(tok)
        return re.escape(low) if len(low) == 1 else f"(?i:{re.escape(tok)})"

    def build(node: dict[str, dict]) -> str:
        if "" in node:
            return ""  # a shorter sequence already admits the line
        parts = [render(tok) + build(sub) for tok, sub in sorted(node.items())]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return build(trie)


def _rarity(ch: str) -> int:
    i = _FREQUENT.find(ch)
    return len(_FREQUENT) if i < 0 else i


def _anchor(lit: str) -> int:
    """Where the literal's rarest character is."""
    return max(range(len(lit)), key=lambda i: _rarity(lit[i]))


def rare_literals(pattern: str) -> tuple[str, ...] | None:
    """The literals of `literal_choices` that are found least often in prose: no short
    word ("by "), and rare characters to search for."""

    def cost(lits: tuple[str, ...]) -> tuple[bool, int]:
        short = any(len(lit.strip()) < 4 and any(ch.isalnum() for ch in lit) for lit in lits)
        anchors = {lit[_anchor(lit)] for lit in lits}
        return short, sum(len(_FREQUENT) - _rarity(ch) for ch in anchors)

    choices = literal_choices(pattern)
    return min(choices, key=cost) if choices else None


def anchored_regex(lits: Iterable[str]) -> str:
    """One regex finding any of `lits` from its rarest character: every branch starts
    with a literal character, so the engine skips to those and tests the rest there.

    >>> anchored_regex(["cookies", "|"])
    'k(?:(?<=cook)ies)|\\\\|'
    """
    groups: dict[str, list[str]] = {}
    for lit in sorted(set(lits)):
        i = _anchor(lit)
        behind = f"(?<={re.escape(lit[: i + 1])})" if i else ""
        groups.setdefault(lit[i], []).append(behind + re.escape(lit[i + 1 :]))
    return "|".join(
        re.escape(ch) + (f"(?:{'|'.join(alts)})" if any(alts) else "") for ch, alts in sorted(groups.items())
    )


def _wide(tok: str) -> bool:
    """A token for almost any character ('.', '\\S', '[^x]'): a gate that starts with
    one runs along the whole line."""
    return tok.startswith(("(?:.)", r"\S", "[^", "(?i:[^")) and not tok.startswith(_SPACE)


def _specificity(seqs: set[tuple[str, ...]] | None) -> int:
    """The fewest literal characters that a sequence holds before its first wide token
    (a line passes the gate only with these); -1 for None."""
    if seqs is None:
        return -1

    def literals(seq: tuple[str, ...]) -> int:
        n = 0
        for tok in seq:
            if _wide(tok):
                break
            n += len(tok) == 1
        return n

    return min(map(literals, seqs))


class LineGates(NamedTuple):
    """Regexes over a whole (lower-cased) text that find every line a pattern might
    match: most lines are prose that none matches, and these scans, in C, spare them
    the per-line work. Each is a necessary condition, never a sufficient one."""

    starts: re.Pattern[str]  # after a line break: a whole-line pattern might match the line
    ends: re.Pattern[str]  # the same in the reversed text: an `anywhere` or `glued` pattern might end the line
    literals: re.Pattern[str]  # a literal that an `anywhere` or `glued` pattern needs, or a navigation separator
    pieces: tuple[str, ...]  # those literals, for the compiled scan (`literal_offsets`)
    case_exceptions: str  # texts holding one of these are not gated
    ascii_exceptions: bool  # one of them is ASCII (then an ASCII text may hold one too)

    def literal_offsets(self, lowered: str) -> list[int]:
        """Where the literals occur in the lowered text: by one compiled pass over a text
        of one byte a character, else by the regex (which reports an occurrence at its
        rarest character, on the same line: literals hold no line break)."""
        if compiled is not None:
            offsets = compiled.piece_offsets(lowered, self.pieces)
            if offsets is not None:
                return offsets
        return [m.start() for m in self.literals.finditer(lowered)]

    def misled(self, text: str) -> bool:
        """Whether lower-casing the text might hide a line from a gate (see `case_exceptions`)."""
        if text.isascii() and not self.ascii_exceptions:
            return False  # most texts; an exception is ASCII only when a pattern holds a letter like 'ſ'
        return any(ch in text for ch in self.case_exceptions)


def line_gates(whole: list[str], at_end: list[str]) -> LineGates | None:
    """The gates for whole-line patterns and for patterns that end a line; None when a
    pattern has neither a start or end nor a literal to gate it by."""
    bullet = _BULLET.pattern.removeprefix("^").replace(r"\s", r"[^\S\n]")  # a trimmed line has no line break
    lead = r"\n[^\S\n]*"  # a line break and what trimming removes
    starts, ends, lits = set(), set(), set(_NAV_CHARS.pattern.strip("[]"))
    for pattern in whole:  # it matches a whole line: gate by its start or its end, whichever is more specific
        forward, backward = start_sequences(pattern), start_sequences(pattern, reverse=True)
        if forward is None and backward is None:
            return None
        if _specificity(backward) > _specificity(forward):
            ends |= backward  # type: ignore[arg-type]
        else:
            starts |= forward  # type: ignore[arg-type]
    for pattern in at_end:
        seqs = start_sequences(pattern, reverse=True)
        if seqs is not None and not any(_wide(tok) for seq in seqs for tok in seq):
            ends |= seqs
            continue
        literals = rare_literals(pattern)  # a pattern that ends in "any character": its literals are cheaper
        if literals is None:
            return None
        lits.update(map(_lower, literals))
    if any("\n" in lit for lit in lits):
        return None  # a literal must lie within one line
    exceptions = case_exceptions(tok for seq in starts | ends for tok in seq if len(tok) == 1)
    return LineGates(
        starts=re.compile(rf"{lead}(?:{bullet})?(?={sequence_regex(starts) or '(?!)'})"),
        ends=re.compile(rf"{lead}(?={sequence_regex(ends) or '(?!)'})"),
        literals=re.compile(anchored_regex(lits)),
        pieces=tuple(sorted(lits)),
        case_exceptions=exceptions,
        ascii_exceptions=any(ch.isascii() for ch in exceptions),
    )


class Patterns(NamedTuple):
    """Compiled patterns, one named group per code.

    `whole` must match a whole line. Patterns that start with `.{0,N}` ("the line
    may begin with anything") are slow at the start of an alternation, so they
    are compiled without that prefix into `anywhere`, searched, and accepted when
    the match starts within `anywhere_max` characters and runs to the line's end.
    """

    whole: re.Pattern[str]
    by_first: dict[str, re.Pattern[str]]
    wildcard: re.Pattern[str]
    anywhere: list[tuple[tuple[str, ...] | None, re.Pattern[str]]]  # (literals, pattern); None: always
    anywhere_max: int
    glued: list[tuple[tuple[str, ...] | None, re.Pattern[str]]]
    anywhere_literals: re.Pattern[str]  # any literal of a gated `anywhere` group
    glued_literals: re.Pattern[str]
    gates: LineGates | None  # None: every line is tried


@lru_cache(maxsize=8)
def compiled_patterns(languages: tuple[str, ...], extra_files: tuple[str, ...]) -> Patterns:
    """The merged pattern files, compiled."""
    base = _data_dir()
    names = list(languages) if languages else available_languages()
    texts = []
    for lang in ["common", *names]:
        path = base / f"{lang}.txt"
        if not path.is_file():
            raise ConfigError(
                f"no boilerplate patterns for language {lang!r} (have: {', '.join(available_languages())})"
            )
        texts.append((path.name, path.read_text(encoding="utf-8")))
    for extra in extra_files:
        try:
            texts.append((extra, Path(extra).read_text(encoding="utf-8")))
        except OSError as exc:
            raise ConfigError(f"cannot read boilerplate patterns {extra!r}: {exc}") from None
    by_code = parse_pattern_files(texts)
    line_groups, anywhere_groups = [], []
    anywhere_items: list[tuple[str, str]] = []
    glued_items: list[tuple[str, str]] = []
    keyed: list[tuple[str, str, frozenset[str] | None]] = []
    anywhere_max = 0
    for code, patterns in by_code.items():
        if code.startswith("glued_"):
            glued_items += [(code, p) for p in patterns]
            continue
        plain, anywhere = [], []
        for pattern in patterns:
            m = _ANYWHERE.match(pattern)
            if m:
                anywhere.append(pattern[m.end() :])
                anywhere_items.append((code, pattern[m.end() :]))
                anywhere_max = max(anywhere_max, int(m.group(1)))
            else:
                plain.append(pattern)
                keyed.append((code, pattern, first_chars(pattern)))
        if plain:
            line_groups.append(f"(?P<{code}>{'|'.join(plain)})")
        if anywhere:
            anywhere_groups.append(f"(?P<{code}>{'|'.join(anywhere)})")
    flags = re.IGNORECASE

    def combine(items: list[tuple[str, str]]) -> re.Pattern[str]:
        codes: dict[str, list[str]] = {}
        for code, pattern in items:
            codes.setdefault(code, []).append(pattern)
        return re.compile("|".join(f"(?P<{c}>{'|'.join(p)})" for c, p in codes.items()) or "(?!)", flags)

    wild = [(c, p) for c, p, f in keyed if f is None]
    all_chars = sorted({ch for _, _, f in keyed if f is not None for ch in f})
    by_first = {ch: combine([(c, p) for c, p, f in keyed if f is None or ch in f]) for ch in all_chars}

    def all_literals(items: list[tuple[str, str]]) -> re.Pattern[str]:
        lits = {lit for _, p in items for lit in (required_literals(p) or ())}
        return re.compile(trie_regex(lits) if lits else "(?!)")

    def gated(items: list[tuple[str, str]], suffix: str) -> list[tuple[tuple[str, ...] | None, re.Pattern[str]]]:
        groups: dict[tuple[str, ...] | None, list[tuple[str, str]]] = {}
        for code, pattern in items:
            groups.setdefault(required_literals(pattern), []).append((code, pattern))
        out = []
        for lits, members in groups.items():
            combined = combine(members)
            out.append((lits, re.compile(f"(?:{combined.pattern}){suffix}", flags)))
        return out

    return Patterns(
        whole=re.compile("|".join(line_groups) or "(?!)", flags),
        by_first=by_first,
        wildcard=combine(wild),
        anywhere=gated(anywhere_items, r"\Z"),
        anywhere_max=anywhere_max,
        glued=gated(glued_items, r"\s*\Z"),
        anywhere_literals=all_literals(anywhere_items),
        glued_literals=all_literals(glued_items),
        gates=line_gates([p for _, p, _ in keyed], [p for _, p in anywhere_items + glued_items]),
    )


def _navigation_run(stripped: str) -> bool:
    """Three or more short items separated by | · • » ›: a menu or breadcrumb trail.

    >>> _navigation_run("Home | News | Sport | Weather")
    True
    >>> _navigation_run("Price | 10 EUR")
    False

    A line that starts and ends with "|" is a table row (as trafilatura and Markdown
    write tables), not a menu:

    >>> _navigation_run("| Auckland | 23/16 | 74/60 | 14/7 | 58/45 |")
    False
    """
    if stripped[:1] == "|" and stripped[-1:] == "|":
        return False
    parts = [p for p in _NAV_SPLIT.split(stripped) if p]
    if len(parts) < 3 or len(parts) < stripped.count("|") - 1:
        return False
    return all(len(p) <= 30 and len(_WORD.findall(p)) <= 4 and not p.endswith((".", ",", ";")) for p in parts)


def _name_like(line: str) -> bool:
    """A poster's name or title: a few words on a line, no sentence punctuation.

    >>> _name_like("Talarus Luan"), _name_like("Ancient Archaean Dragon"), _name_like("I agree, no more bots.")
    (True, True, False)
    """
    stripped = line.strip()
    return 0 < len(stripped) <= 40 and len(stripped.split()) <= 4 and stripped[-1] not in ".!?:;,"


def _removed_blocks(lines: list[Line], remove: dict[int, str]) -> list[list[int]]:
    """Runs of adjacent removed lines (their indexes)."""
    blocks: list[list[int]] = []
    for line in lines:
        if line.index in remove and not line.blank:
            if blocks and blocks[-1][-1] == line.index - 1:
                blocks[-1].append(line.index)
            else:
                blocks.append([line.index])
    return blocks


def _name_and_title_above(first: int, details: list[str], lines: list[Line], remove: dict[int, str]) -> int:
    """Remove the one or two short lines without sentence punctuation that touch a
    block of member details from above (one only when the block holds a rank such as
    "Registered User", which is the title); return the index of the line above them."""
    ranked = any(not any(ch.isdigit() for ch in text) and ":" not in text for text in details)
    above = first - 1
    for _ in range(1 if ranked else 2):
        if above < 0 or above in remove or not _name_like(lines[above].text):
            break
        remove[above] = "member_info"
        above -= 1
    return above


def _dated_below(i: int, lines: list[Line], remove: dict[int, str]) -> bool:
    """Whether one of the two lines after line i is a removed date or time stamp: a
    WordPress comment's header ("Anna says:") stands above the comment's date."""
    below = [line for line in lines[i + 1 : i + 4] if not line.blank][:2]
    return any(remove.get(line.index) in ("date_header", "byline") for line in below)


def _name_shown_again(above: int, first: int, shown: str, lines: list[Line], remove: dict[int, str]) -> None:
    """Farther up, past blank and removed lines: a name that the details print again
    ("3. Berny" over "Berny Erfahrener Benutzer"), a post number before it."""
    while above >= 0 and first - above <= 8:
        if lines[above].blank or above in remove:
            above -= 1
            continue
        name = _BULLET.sub("", lines[above].text.strip(), count=1)
        if len(name) < 3 or not _name_like(name) or name not in shown:
            break
        remove[above] = "member_info"
        above -= 1


def _recipient_below(last: int, lines: list[Line], remove: dict[int, str]) -> None:
    """A message header's empty recipient field ("to") right under it, as Google Groups prints it."""
    below = last + 1
    if below < len(lines) and lines[below].text.strip().lower() in ("to", "to:"):
        remove[below] = "member_info"


@dataclasses.dataclass(frozen=True)
class BoilerplateParams:
    """`languages`: pattern files to load (empty: all); `extra_files`: more pattern
    files in the same format; lines longer than `max_line_chars` are never removed."""

    languages: tuple[str, ...] = ()
    extra_files: tuple[str, ...] = ()
    max_line_chars: int = 600
    comment_section_from: float = 0.25
    link_list_max_words: int = 12

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "extra_files", tuple(self.extra_files))
        if self.max_line_chars < 1:
            raise ConfigError("remove_boilerplate.max_line_chars must be positive")
        if not 0.0 <= self.comment_section_from <= 1.0:
            raise ConfigError("remove_boilerplate.comment_section_from must be a fraction of the text (0 to 1)")
        compiled_patterns(self.languages, self.extra_files)  # fail on the driver


class RemoveBoilerplate(Repairer):
    name = "remove_boilerplate"
    description = "Remove page chrome lines (widgets, share buttons, cookie notices, navigation, bylines, footers)."
    EDITS = EDITS
    Params = BoilerplateParams

    def __init__(self, params: BoilerplateParams | None = None) -> None:
        super().__init__(params)
        self._patterns = compiled_patterns(self.params.languages, self.params.extra_files)
        self._whole = self._patterns.whole
        self._glued = self._patterns.glued

    def _fullmatch(self, line: str) -> re.Match[str] | None:
        """The whole-line patterns that can start with the line's first character."""
        pattern = self._patterns.by_first.get(line[0].lower(), self._patterns.wildcard)
        return pattern.fullmatch(line)

    def classify(self, line: str) -> str | None:
        """The boilerplate code for a whole line, or None if it is content.

        >>> step = RemoveBoilerplate()
        >>> step.classify("Posted by Jane Doe at 10:22 AM"), step.classify("Skip to content")
        ('byline', 'navigation')
        >>> step.classify("We walked home at 10:22 AM and posted the letter.") is None
        True
        """
        stripped = line.strip()
        if not stripped or len(stripped) > self.params.max_line_chars:
            return None
        if len(stripped) <= _PLAIN_MAX:  # whole-line patterns are for short lines
            m = self._fullmatch(stripped)
            if m is None and stripped[0] in _BULLET_START:
                unbulleted = _BULLET.sub("", stripped, count=1)
                if unbulleted != stripped and unbulleted:
                    m = self._fullmatch(unbulleted)
            if m is not None:
                return m.lastgroup
        lower = stripped.lower()
        some = self._patterns.anywhere_literals.search(lower) is not None
        for lits, pattern in self._patterns.anywhere:
            if lits is None or (some and any(lit in lower for lit in lits)):
                m = pattern.search(stripped)
                if m is not None and m.start() <= self._patterns.anywhere_max:
                    return m.lastgroup
        if len(stripped) <= _PLAIN_MAX and _NAV_CHARS.search(stripped) and _navigation_run(stripped):
            return "navigation"
        return None

    def glued_suffix(self, line: Line) -> Change | None:
        """Separators or links glued to the end of a content line (stripped until none is left)."""
        text = line.text.rstrip()
        if len(text) > 100_000:
            return None
        end, code = len(text), None
        tail = text[-90:].lower()
        some = self._patterns.glued_literals.search(tail) is not None
        live = [p for lits, p in self._glued if lits is None or (some and any(lit in tail for lit in lits))]
        if not live:
            return None
        for _ in range(5):
            head = text[:end]
            m = None
            for pattern in live:
                m = pattern.search(head, max(0, len(head) - 90))
                if m is not None:
                    break
            if m is None or not head[: m.start()].strip():
                break  # nothing glued, or nothing left before it
            if m.lastgroup == "glued_separator" and "|" in head[: m.start()]:
                break  # a table row, not a stray separator
            end, code = m.start(), m.lastgroup
        if code is None:
            return None
        return Change(line.start + end, line.start + len(text), "", code)

    @staticmethod
    def _runs_on(line: Line, lines: list[Line], remove: dict[int, str]) -> bool:
        """The line is inside a wrapped paragraph: it ends on a function word
        ("...identified as the") before a line starting in lower case, or it
        starts in lower case right after an unfinished line."""
        i = line.index
        m = _LAST_WORD.search(line.text)
        if m is not None and m.group(1) in FUNCTION_WORDS and i + 1 < len(lines) and (i + 1) not in remove:
            if lines[i + 1].text.lstrip()[:1].islower():
                return True
        if i == 0 or lines[i - 1].blank or (i - 1) in remove:
            return False
        return line.text.lstrip()[:1].islower() and lines[i - 1].text.rstrip()[-1:].isalpha()

    @staticmethod
    def _field_values(lines: list[Line], remove: dict[int, str]) -> None:
        """A removed label ending in ":" ("Posts:", "Dabei seit:") takes its value
        along when the value sits alone on the next line and is a number or date."""
        for i in sorted(k for k, code in remove.items() if code in ("byline", "member_info")):
            if not lines[i].text.rstrip().endswith(":") or i + 1 >= len(lines):
                continue
            value = lines[i + 1].text.strip()
            if value and len(value) <= 20 and _VALUE.fullmatch(value):
                remove.setdefault(i + 1, remove[i])

    @staticmethod
    def _running_heads(lines: list[Line], remove: dict[int, str]) -> None:
        """A PDF pasted page by page repeats its running header and footer at every
        page break: a short line that stands right before or after a page marker
        ("Page 6 of 60") at two page breaks or more is part of them."""
        markers = [i for i, code in remove.items() if code == "page_marker"]
        if len(markers) < 2:
            return
        beside: dict[str, list[int]] = {}
        for i in markers:
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and j not in remove and _name_like(lines[j].text):
                    beside.setdefault(lines[j].text.strip(), []).append(j)
        for places in beside.values():
            if len(places) >= 2:
                for j in places:
                    remove[j] = "page_marker"

    @staticmethod
    def _poster_names(lines: list[Line], remove: dict[int, str]) -> None:
        """A forum post starts with the poster's name, often a title ("Ancient
        Dragon"), then member details (join date, post count, rank). Both name lines
        go with the details they head."""
        if "member_info" not in remove.values():
            return  # most pages: no forum post
        for block in _removed_blocks(lines, remove):
            details = [lines[i].text for i in block if remove[i] == "member_info"]
            if details:
                above = _name_and_title_above(block[0], details, lines, remove)
                _name_shown_again(above, block[0], " ".join(details), lines, remove)
                _recipient_below(block[-1], lines, remove)

    def _link_lists(self, lines: list[Line], remove: dict[int, str]) -> None:
        """Under a link-list heading, the following short lines without sentence
        punctuation (post titles, category names, months) are links too."""
        headers = sorted(k for k, code in remove.items() if code == "link_list")
        for i in headers:
            items, bulleted, prose_follows = self._list_items(lines, i, headers, remove)
            if prose_follows and not bulleted and len(items) < MIN_ITEMS_BEFORE_PROSE:
                del remove[i]  # a section title and its subheadings, with the text they head right after
                continue
            for k in items:
                remove[k] = "link_list"

    def _list_items(
        self, lines: list[Line], header: int, headers: list[int], remove: dict[int, str]
    ) -> tuple[list[int], bool, bool]:
        """The lines of the link list under `header`, whether they all have bullets, and
        whether a paragraph of prose follows the last with no blank line between them."""
        bulleted, gap = None, False
        items: list[int] = []
        for line in lines[header + 1 : header + 60]:
            if line.blank:
                gap = True
                continue
            s = line.text.strip()
            has_bullet = bool(_BULLET.match(s))
            if line.index in remove:
                if line.index in headers:
                    break  # the next list has its own heading
                if remove[line.index] == "link_list":  # an item of an earlier list
                    bulleted = has_bullet if bulleted is None else bulleted and has_bullet
                    gap = False
                continue
            if len(s.split()) > self.params.link_list_max_words or len(s) > 100 or s[-1] in ".:;!?":
                return items, bool(bulleted), not gap and len(s.split()) > self.params.link_list_max_words
            if gap and bulleted and not has_bullet:
                break  # a bulleted list ended at the blank line: this is a heading
            bulleted = has_bullet if bulleted is None else bulleted and has_bullet
            gap = False
            items.append(line.index)
        return items, bool(bulleted), False

    @staticmethod
    def _teaser_bylines(lines: list[Line], remove: dict[int, str]) -> None:
        """A listing page heads each teaser with its blog or author and the date. One such
        line could be a dated heading, so one alone stays; with two or more, each goes,
        and so does the name alone on one of the next six lines (printed again)."""
        bylines = [i for i, code in remove.items() if code == "teaser_byline"]
        if len(bylines) < 2:
            for i in bylines:
                del remove[i]
            return
        for i in bylines:
            byline = lines[i].text.strip()
            for line in lines[i + 1 : i + 7]:
                name = line.text.strip()
                if name and line.index not in remove and len(name) >= 3 and byline.startswith(name + " "):
                    remove[line.index] = "teaser_byline"
                    break

    def _comment_likes(self, text: str, lines: list[Line], remove: dict[int, str]) -> None:
        """On a blog each reader's comment ends with its like button ("LikeLiked by 1
        person"). Two or more of them in the last part of the page: the comments run
        from the comment above the first button to the end."""
        likes = sorted(i for i, code in remove.items() if code == "comment_like")
        if len(likes) < 2:
            return
        start = likes[0]
        above = start - 1
        while above >= 0 and lines[above].blank:
            above -= 1
        if above >= 0 and above not in remove:
            start = above  # the first comment's text
        self._comments_from(start, text, lines, remove)

    def _comment_section(self, text: str, lines: list[Line], remove: dict[int, str]) -> None:
        """Readers' comments run from their header to the end of the page. Only a
        header in the last part of the text starts a section; elsewhere (a listing
        page with a comment count under each teaser) only the header line goes."""
        for i in [i for i, code in remove.items() if code == "comment_header"]:
            if lines[i].text.rstrip().endswith("says:") and not _dated_below(i, lines, remove):
                del remove[i]  # "Jane Smith says:" before a quotation, not a comment's header
        headers = sorted(i for i, code in remove.items() if code == "comment_header")
        if len(headers) < 2:  # one "that said..." line is prose, not a comment thread
            for i in headers:
                del remove[i]
        starts = [i for i, code in remove.items() if code in ("comment_section", "comment_header")]
        if starts:
            self._comments_from(min(starts), text, lines, remove)

    def _comments_from(self, first: int, text: str, lines: list[Line], remove: dict[int, str]) -> None:
        """Line `first` and every line after it are readers' comments, if `first` is in the
        last part of the page (earlier, it is a teaser's comment count on a listing)."""
        if lines[first].start < self.params.comment_section_from * len(text):
            return
        for line in lines[first:]:
            if not line.blank:
                remove.setdefault(line.index, "comment_section")

    def _candidate_lines(self, text: str, lines: list[Line]) -> list[Line]:
        """The lines that `classify` or `glued_suffix` might not pass (see `LineGates`)."""
        gates = self._patterns.gates
        lowered = _lower(text)
        if gates is None or len(lowered) != len(text) or gates.misled(text):
            return lines  # offsets would shift (a character lowered to two), or the lowered text misleads
        starts = [line.start for line in lines]
        hits = {bisect_right(starts, offset) - 1 for offset in gates.literal_offsets(lowered)}
        hits.update(bisect_right(starts, m.start()) - 1 for m in gates.starts.finditer("\n" + lowered))
        end = len(text)  # a match at i in the reversed text marks the line ending at end - i
        hits.update(bisect_right(starts, end - m.start()) - 1 for m in gates.ends.finditer("\n" + lowered[::-1]))
        return [lines[i] for i in sorted(hits)]

    def repair(self, text: str) -> list[Change]:
        lines = split_lines(text)
        remove: dict[int, str] = {}
        glued: list[Change] = []
        for line in self._candidate_lines(text, lines):
            if line.blank:
                continue
            code = self.classify(line.text)
            if code is not None:
                remove[line.index] = code
                continue
            change = self.glued_suffix(line)
            if change is not None:
                rest = self.classify(text[line.start : change.start])
                if rest is not None:
                    remove[line.index] = rest  # what is left is boilerplate too
                else:
                    glued.append(change)
        if not remove:  # most pages: the passes below only revise lines already found
            return sorted(glued, key=lambda c: c.start)
        for i in [i for i, code in remove.items() if code != "separator"]:
            if self._runs_on(lines[i], lines, remove):
                del remove[i]  # a line of a wrapped paragraph, not a line of its own
        self._field_values(lines, remove)
        self._poster_names(lines, remove)
        self._running_heads(lines, remove)
        self._link_lists(lines, remove)
        self._teaser_bylines(lines, remove)
        self._comment_likes(text, lines, remove)
        self._comment_section(text, lines, remove)
        glued = [c for c in glued if not any(lines[i].start <= c.start <= lines[i].end for i in remove)]
        changes = removal_changes(text, lines, remove) + glued
        return sorted(changes, key=lambda c: c.start)
