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


def diff_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): the smallest span where `old` and `new` differ.

    >>> diff_span("caf\\u00c3\\u00a9 au lait", "caf\\u00e9 au lait")
    (3, 5, 4)
    """
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, end_new


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
            fixed, explanation = self._ftfy.fix_and_explain(s, config=self._config)
            if fixed == s:
                continue
            start, old_end, new_end = diff_span(s, fixed)
            changes.append(
                Change(line.start + start, line.start + old_end, fixed[start:new_end], _plan_code(explanation))
            )
        return changes
