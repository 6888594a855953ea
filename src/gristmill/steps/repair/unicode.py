"""Repair broken Unicode with ftfy, conservatively.

Only what is unambiguously damage is fixed: mojibake (UTF-8 decoded as
Latin-1, Windows-1252 and friends), C1 control characters standing for
Windows-1252 punctuation, lone surrogates and terminal escape codes. Left
alone on purpose: HTML entities (may be the text's subject), curly quotes,
ligatures, full-width characters, Unicode normalisation and line breaks,
all of which change legitimate text. Each changed line is one edit covering
only the characters that differ.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import split_lines

_CODES = {
    "fix_encoding": "mojibake",
    "decode_inconsistent_utf8": "mojibake",
    "restore_byte_a0": "mojibake",
    "replace_lossy_sequences": "mojibake",
    "fix_c1_controls": "c1_control",
    "fix_surrogates": "surrogate",
    "remove_terminal_escapes": "terminal_escape",
}


def _config():  # type: ignore[no-untyped-def]
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=True,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _plan_code(explanation: list[tuple[str, str]] | None) -> str:
    for action, name in explanation or ():
        if action in ("encode", "decode", "transcode"):
            return "mojibake"
        if name in _CODES:
            return _CODES[name]
    return "mojibake"


_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _mojibake_chars() -> re.Pattern[str] | None:
    """A class of every non-ASCII character that ftfy's `BADNESS_RE` names, or
    None when its pattern cannot be read (then every line goes to ftfy).

    Each alternative of that pattern has one of these characters among its first
    three (`[a-z]\\s?[ÃÂ] ` is the longest lead-in), so a line is "bad" exactly
    when the pattern matches at one of the two positions before such a character
    or at the character itself. `tests/property/test_unicode_prefilter.py` checks
    this against `ftfy.badness.is_bad`.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        from ftfy.badness import BADNESS_RE

        codes: set[int] = set()
        _collect_codes(_parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags), _parser, codes)
    except Exception:  # pragma: no cover - another Python or ftfy: no prefilter
        return None
    wide = sorted(c for c in codes if c >= 0x80)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in wide) + "]")


def _collect_codes(tree: Any, parser: Any, codes: set[int]) -> None:
    """Every code point the parsed pattern names: literals, class members and ranges."""
    for op, av in tree:
        if op is parser.LITERAL:
            codes.add(av)
        elif op is parser.IN:
            for item_op, item in av:
                if item_op is parser.LITERAL:
                    codes.add(item)
                elif item_op is parser.RANGE:
                    codes.update(range(item[0], item[1] + 1))
        elif op is parser.BRANCH:
            for alternative in av[1]:
                _collect_codes(alternative, parser, codes)
        elif op is parser.SUBPATTERN:
            _collect_codes(av[-1], parser, codes)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
            _collect_codes(av[-1], parser, codes)


def looks_bad(line: str) -> bool:
    """`ftfy.badness.is_bad(line)`, trying the pattern only next to the characters
    it names instead of at every position (a long line of prose with a few curly
    quotes is a handful of tries, not a scan of thousands of positions)."""
    from ftfy.badness import BADNESS_RE, is_bad

    chars = _mojibake_chars()
    if chars is None:
        return is_bad(line)
    starts = [m.start() for m in chars.finditer(line)]
    if len(starts) * 6 > len(line):  # mostly such characters (Cyrillic, Greek): one scan is cheaper
        return is_bad(line)
    match = BADNESS_RE.match
    tried = -1
    for k in starts:
        for s in range(max(k - 2, tried + 1), k + 1):
            if match(line, s):
                return True
        tried = k
    return False


def ftfy_may_change(line: str) -> bool:
    """False when the configured fixers are sure to leave a non-ASCII line as it is:
    no mojibake by ftfy's own test (`is_bad`), no C1 control (those are "bad" too),
    no surrogate, no terminal escape. Exact: every fixer in `_config` starts with one
    of these tests."""
    return looks_bad(line) or "\x1b" in line or _SURROGATE.search(line) is not None


# the bytes of ASCII and of the C1 controls (U+0080-U+009F) in Latin-1, but SUB
# (0x1A), which ftfy's lossy-sequence fixer reads as a lost character
_ASCII_AND_C1 = bytes(b for b in range(0xA0) if b != 0x1A)
_WINDOWS_1252_STEPS = [("encode", "latin-1"), ("decode", "windows-1252")]


def c1_punctuation(line: str) -> tuple[str, list[tuple[str, str]]] | None:
    """What ftfy (with `_config`, `looks_bad` as its test) makes of a line of ASCII and C1
    controls alone, told without it; None for any other line.

    Windows-1252 punctuation read as Latin-1 ("don\x92t", "wait\x85") is common in
    scraped text, and ftfy takes hundreds of microseconds on a long line to conclude
    what this follows step by step: no encoding of such a line decodes as UTF-8 (its
    C1 bytes have no lead byte), no UTF-8 lead character is in it (none of ftfy's is a
    C1 control), so ftfy decodes its Latin-1 bytes as Windows-1252, and stops there when
    the result no longer looks bad. A C1 control Windows-1252 leaves undefined (0x81,
    0x8D, 0x8F, 0x90, 0x9D), an escape or a line that does not look bad goes to ftfy.
    `tests/property/test_speed_shortcuts.py` checks the answer against ftfy's.
    """
    if "\x1b" in line or not _leads_above_c1():
        return None
    try:
        raw = line.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if raw.translate(None, _ASCII_AND_C1) or not looks_bad(line):
        return None  # a Latin-1 letter or SUB; or a line ftfy would leave to fix_c1_controls
    try:
        fixed = raw.decode("windows-1252")
    except UnicodeDecodeError:
        return None
    if looks_bad(fixed):
        return None
    return fixed, list(_WINDOWS_1252_STEPS)


@cache
def _leads_above_c1() -> bool:
    """Whether every character ftfy's UTF-8 detector can start a match with lies above
    the C1 controls (so a line of ASCII and C1 controls never starts one)."""
    try:
        from ftfy.chardata import UTF8_CLUES

        leads = "".join(UTF8_CLUES[k] for k in ("utf8_first_of_2", "utf8_first_of_3", "utf8_first_of_4"))
    except Exception:  # pragma: no cover - another ftfy
        return False
    return all(ch > "\x9f" for ch in leads)


def diff_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): the smallest span where `old` and `new` differ.

    >>> diff_span("caf\\u00c3\\u00a9 au lait", "caf\\u00e9 au lait")
    (3, 5, 4)
    """
    start = _same_run(old, new, min(len(old), len(new)))
    same_end = _same_run(old[::-1], new[::-1], min(len(old), len(new)) - start)
    return start, len(old) - same_end, len(new) - same_end


def _same_run(a: str, b: str, limit: int) -> int:
    """How many leading characters of `a` and `b` agree, at most `limit`
    (a binary search over slice comparisons, which run in C)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclasses.dataclass(frozen=True)
class FixUnicodeParams:
    """`max_line_chars`: longer lines are left alone (bounds the work per line)."""

    max_line_chars: int = 100_000


class FixUnicode(Repairer):
    name = "fix_unicode"
    description = "Repair mojibake and broken Unicode (ftfy, conservative settings)."
    EDITS = {
        "mojibake": "text decoded with the wrong encoding, decoded again correctly",
        "c1_control": "C1 control character standing for Windows-1252 punctuation",
        "surrogate": "lone or paired UTF-16 surrogates, made the character they encode",
        "terminal_escape": "terminal colour escape sequence",
    }
    Params = FixUnicodeParams
    requires = ("ftfy",)

    def __init__(self, params: FixUnicodeParams | None = None) -> None:
        super().__init__(params)
        try:
            import ftfy
        except ImportError:  # pragma: no cover - ftfy is a dependency
            from gristmill.errors import ConfigError

            raise ConfigError("step fix_unicode needs ftfy: pip install 'ftfy>=6.1'") from None
        self._ftfy = ftfy
        self._config = _config()

    def repair(self, text: str) -> list[Change]:
        if text.isascii() and "\x1b" not in text:
            return []
        changes = []
        for line in split_lines(text):
            s = line.text
            if s.isascii() and "\x1b" not in s or len(s) > self.params.max_line_chars:
                continue
            if not ftfy_may_change(s):
                continue
            fixed, explanation = self._fix(s)
            if fixed == s:
                continue
            start, old_end, new_end = diff_span(s, fixed)
            changes.append(
                Change(line.start + start, line.start + old_end, fixed[start:new_end], _plan_code(explanation))
            )
        return changes

    def _fix(self, line: str) -> tuple[str, Any]:
        """ftfy's `fix_and_explain`, with its mojibake test swapped for `looks_bad`
        (the same answer, far faster on long lines: ftfy tests every fixed line
        again, so a repaired paragraph was scanned whole at least twice)."""
        known = c1_punctuation(line)
        if known is not None:
            return known
        ftfy = self._ftfy
        original = ftfy.is_bad
        ftfy.is_bad = looks_bad
        try:
            return tuple(ftfy.fix_and_explain(line, config=self._config))  # type: ignore[return-value]
        finally:
            ftfy.is_bad = original
