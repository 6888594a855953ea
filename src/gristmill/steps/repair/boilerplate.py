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
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer
from gristmill.steps.repair.lines import Line, removal_changes, split_lines

EDITS = {
    "comment_widget": "comment counts, comment forms and readers' comment headers",
    "comment_section": "readers' comments: from a comment-count header or first 'X said...' line to the end",
    "share_buttons": "share and social-media buttons",
    "cookie_notice": "cookie or consent notice",
    "navigation": "skip links, menus, breadcrumbs, search boxes and runs of navigation links",
    "related_links": '"Read more", "Related articles" and similar link labels',
    "link_list": 'a "Recent posts", "Categories" or "Related" heading and the short link lines under it',
    "byline": "author byline or posting time stamp",
    "date_header": "a line holding only a date (blog date header)",
    "subscription": "newsletter or subscription prompt",
    "copyright": "copyright or 'powered by' footer",
    "ad_label": "advertising label, shop button or page furniture",
    "separator": "a line holding only separator characters",
    "glued_separator": 'a "|" glued to the end of a paragraph',
    "glued_link": 'a "read more" link glued to the end of a paragraph',
}

_BULLET = re.compile(r"^(?:[•·*▪►>-]|\d{1,3}[.)])\s+")
_VOCAB = re.compile(r"^@(\w+)\s*=\s*(.+)$")
_SECTION = re.compile(r"^\[(\w+)\]$")
_NAV_SPLIT = re.compile(r"\s*(?:\||·|•|»|›)\s*")
_WORD = re.compile(r"\w+")


def _data_dir() -> Path:
    return Path(str(resources.files("gristmill").joinpath("data", "boilerplate")))


def available_languages() -> list[str]:
    """The languages with a pattern file.

    >>> {"en", "de", "fr", "es", "pt", "it", "pl", "ru"} <= set(available_languages())
    True
    """
    return sorted(p.stem for p in _data_dir().glob("*.txt") if p.stem != "common")


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
    alts = {k: "|".join(sorted(set(v), key=lambda a: (-len(a), a))) for k, v in vocab.items()}
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


@lru_cache(maxsize=8)
def compiled_patterns(languages: tuple[str, ...], extra_files: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(whole-line pattern, glued-suffix pattern), each with one named group per code."""
    base = _data_dir()
    names = list(languages) if languages else available_languages()
    texts = []
    for lang in ["common", *names]:
        path = base / f"{lang}.txt"
        if not path.is_file():
            raise ConfigError(f"no boilerplate patterns for language {lang!r} (have: {', '.join(available_languages())})")
        texts.append((path.name, path.read_text(encoding="utf-8")))
    for extra in extra_files:
        try:
            texts.append((extra, Path(extra).read_text(encoding="utf-8")))
        except OSError as exc:
            raise ConfigError(f"cannot read boilerplate patterns {extra!r}: {exc}") from None
    by_code = parse_pattern_files(texts)
    line_groups = [f"(?P<{c}>{'|'.join(p)})" for c, p in by_code.items() if not c.startswith("glued_")]
    glued_groups = [f"(?P<{c}>{'|'.join(p)})" for c, p in by_code.items() if c.startswith("glued_")]
    flags = re.IGNORECASE
    whole = re.compile("|".join(line_groups) or "(?!)", flags)
    glued = re.compile("(?:" + ("|".join(glued_groups) or "(?!)") + r")\s*\Z", flags)
    return whole, glued


def _navigation_run(stripped: str) -> bool:
    """Three or more short items separated by | · • » ›: a menu or breadcrumb trail.

    >>> _navigation_run("Home | News | Sport | Weather")
    True
    >>> _navigation_run("Price | 10 EUR")
    False
    """
    parts = [p for p in _NAV_SPLIT.split(stripped) if p]
    if len(parts) < 3 or len(parts) < stripped.count("|") - 1:
        return False
    return all(len(p) <= 30 and len(_WORD.findall(p)) <= 4 and not p.endswith((".", ",", ";")) for p in parts)


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
        self._whole, self._glued = compiled_patterns(self.params.languages, self.params.extra_files)

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
        m = self._whole.fullmatch(stripped)
        if m is None:
            unbulleted = _BULLET.sub("", stripped, count=1)
            if unbulleted != stripped and unbulleted:
                m = self._whole.fullmatch(unbulleted)
        if m is not None:
            return m.lastgroup
        if _navigation_run(stripped):
            return "navigation"
        return None

    def glued_suffix(self, line: Line) -> Change | None:
        """Separators or links glued to the end of a content line (stripped until none is left)."""
        text = line.text.rstrip()
        if len(text) > 100_000:
            return None
        end, code = len(text), None
        for _ in range(5):
            head = text[:end]
            m = self._glued.search(head, max(0, len(head) - 200))
            if m is None or not head[: m.start()].strip():
                break
            if m.lastgroup == "glued_separator" and "|" in head[: m.start()]:
                break  # a table row, not a stray separator
            end, code = m.start(), m.lastgroup
        if code is None:
            return None
        return Change(line.start + end, line.start + len(text), "", code)

    def _link_lists(self, lines: list[Line], remove: dict[int, str]) -> None:
        """Under a link-list heading, the following short lines without sentence
        punctuation (post titles, category names, months) are links too."""
        for i in sorted(k for k, code in remove.items() if code == "link_list"):
            for line in lines[i + 1 : i + 60]:
                if line.blank or line.index in remove:
                    continue
                s = line.text.strip()
                if len(s.split()) > self.params.link_list_max_words or len(s) > 100 or s[-1] in ".:;!?":
                    break
                remove[line.index] = "link_list"

    def _comment_section(self, text: str, lines: list[Line], remove: dict[int, str]) -> None:
        """Readers' comments run from their header to the end of the page. Only a
        header in the last part of the text starts a section; elsewhere (a listing
        page with a comment count under each teaser) only the header line goes."""
        first = next((i for i, code in sorted(remove.items()) if code == "comment_section"), None)
        if first is None or lines[first].start < self.params.comment_section_from * len(text):
            return
        for line in lines[first:]:
            if not line.blank:
                remove.setdefault(line.index, "comment_section")

    def repair(self, text: str) -> list[Change]:
        lines = split_lines(text)
        remove: dict[int, str] = {}
        glued: list[Change] = []
        for line in lines:
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
        self._link_lists(lines, remove)
        self._comment_section(text, lines, remove)
        glued = [c for c in glued if not any(lines[i].start <= c.start <= lines[i].end for i in remove)]
        changes = removal_changes(text, lines, remove) + glued
        return sorted(changes, key=lambda c: c.start)
