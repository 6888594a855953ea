"""`machine_text`: pages that carry a language model's words to its user.

Web spam is now written by language models and published unread: it keeps the
model's self-description ("as an AI language model"), its refusals, or its
notes on the prompt's input ("The provided input data is insufficient to
generate a report"). Such a page reads as fluent prose, so the Gopher, C4 and
FineWeb rules keep it; one of these phrases is enough to drop it.

Not from the Gopher, C4 or FineWeb papers: the same idea is common practice
when cleaning instruction data (e.g. removing "As an AI language model"
replies from ShareGPT-derived sets). The phrases live in
`gristmill/data/machine_text/phrases.txt`; `extra_files` adds a user's own.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from gristmill.compiled import compiled
from gristmill.errors import ConfigError
from gristmill.steps.filters.base import SignalFilter, above, validate_params
from gristmill.steps.signals.compute import Signals


def parse_phrases(sources: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    """One pattern from phrase files given as (name, text), to be matched against
    lower-cased text (faster than a case-insensitive match): phrases are written in lower case.

    >>> bool(parse_phrases([("x", "as an ai language model")]).search("as an ai language model, i think"))
    True
    """
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in phrase_lines(sources)) + r")\b")


def phrase_lines(sources: Sequence[tuple[str, str]]) -> list[str]:
    """The phrases (regular expressions) of phrase files, each checked to compile."""
    phrases = []
    for name, text in sources:
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                re.compile(line)
            except re.error as e:
                raise ConfigError(f"bad phrase in {name} line {number}: {e}") from None
            phrases.append(line)
    if not phrases:
        raise ConfigError("machine_text has no phrases")
    return phrases


def required_pieces(phrase: str) -> list[frozenset[str]]:
    """Sets of plain strings that every match of `phrase` draws on: a match holds
    at least one string of each set (a fixed run of characters is a set of one; a
    required group of alternatives gives one string per alternative). The sets
    that are cheapest to test and most telling come first (pieces of five
    characters or more, fewest pieces, longest). A text that misses a set cannot
    match, so the regex, far slower than substring tests, runs on few pages.

    >>> required_pieces("as an ai (?:language )?model")
    [frozenset({'as an ai '}), frozenset({'model'})]
    >>> [sorted(s) for s in required_pieces("the (?:provided|given) text")]
    [[' text'], ['given', 'provided'], ['the ']]
    """
    from re import _parser  # type: ignore[attr-defined]

    return sorted(_required(_parser.parse(phrase), _parser), key=_test_order)


def _test_order(pieces: frozenset[str]) -> tuple[bool, int, int]:
    shortest = min(map(len, pieces))
    return shortest < 5, len(pieces), -shortest


def _required(seq: Any, parser: Any) -> list[frozenset[str]]:
    """`required_pieces` of a parsed sequence (unsorted)."""
    sets: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*seq, (None, None)]:
        if op is parser.LITERAL:
            run.append(chr(av))
            continue
        if run:
            sets.append(frozenset(["".join(run)]))
            run = []
        if op is parser.SUBPATTERN:
            sets += _required(av[-1], parser)
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and av[0] >= 1:
            sets += _required(av[-1], parser)
        elif op is parser.BRANCH:
            alternatives = [_required(alt, parser) for alt in av[1]]
            if all(alternatives):  # one set: the best set of each alternative, together
                sets.append(frozenset().union(*(max(a, key=lambda c: min(map(len, c))) for a in alternatives)))
    return sets


class Phrases:
    """Counts phrase matches in lower-cased text, running the regex only on texts
    where some phrase finds a piece of each of its required sets (same count: exact)."""

    def __init__(self, sources: Sequence[tuple[str, str]]) -> None:
        self.pattern = parse_phrases(sources)
        self.pieces = [required_pieces(p) for p in phrase_lines(sources)]
        # the pieces of each phrase's first set, the one tested on every text
        self.first_pieces = tuple(sorted({piece for sets in self.pieces for piece in sets[0]}))
        self._phrases_with_first: dict[str, list[int]] = {}  # piece -> phrases whose first set holds it
        for i, sets in enumerate(self.pieces):
            for piece in sets[0]:
                self._phrases_with_first.setdefault(piece, []).append(i)

    def may_match(self, lowered: str) -> bool:
        phrases = self.pieces
        found: dict[str, bool] = {}  # each piece is looked for once per text
        if compiled is not None:  # the first sets' pieces, all in one pass over the text:
            hits = compiled.pieces_in(lowered, self.first_pieces)  # most texts hold none
            if not hits:
                return False
            phrases = [self.pieces[i] for i in sorted({i for p in hits for i in self._phrases_with_first[p]})]
            found = dict.fromkeys(self.first_pieces, False)
            found.update(dict.fromkeys(hits, True))
        for sets in phrases:
            for pieces in sets:
                for piece in pieces:
                    hit = found.get(piece)
                    if hit is None:
                        hit = found[piece] = piece in lowered
                    if hit:
                        break
                else:
                    break  # no piece of this set: the phrase cannot match
            else:
                return True
        return False

    def count(self, lowered: str) -> int:
        return len(self.pattern.findall(lowered)) if self.may_match(lowered) else 0


@lru_cache(maxsize=4)
def load_phrases(extra_files: tuple[str, ...] = ()) -> Phrases:
    shipped = resources.files("gristmill") / "data" / "machine_text" / "phrases.txt"
    sources = [("phrases.txt", shipped.read_text(encoding="utf-8"))]
    for path in extra_files:
        try:
            sources.append((path, Path(path).read_text(encoding="utf-8")))
        except OSError as e:
            raise ConfigError(f"machine_text.extra_files: cannot read {path}: {e.strerror}") from None
    return Phrases(sources)


@dataclasses.dataclass(frozen=True)
class MachineTextParams:
    max_llm_phrases: int | None = 0
    extra_files: tuple[str, ...] = ()
    count_rescued: bool = False  # repairs never remove these phrases
    languages: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_files", tuple(self.extra_files))
        if not all(isinstance(f, str) for f in self.extra_files):
            raise ValueError("machine_text.extra_files must be a list of paths")
        validate_params(self, "machine_text")


class MachineText(SignalFilter):
    """Drops a page holding more than `max_llm_phrases` (0) phrases that a
    language model addresses to its user; stores `machine_text.llm_phrases`,
    the number of such phrases found."""

    name = "machine_text"
    description = "Drop pages that carry a language model's words to its user ('as an AI language model', refusals)."
    Params = MachineTextParams
    REASONS = {"llm_phrases": "the text holds a language model's self-description, refusal or note on its input"}

    def __init__(self, params: Any = None) -> None:
        super().__init__(params)
        self._phrases = load_phrases(self.params.extra_files)

    def __getstate__(self) -> dict[str, Any]:
        return {"params": self.params, "_by_language": self._by_language}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._phrases = load_phrases(self.params.extra_files)

    def measure(self, text: str, language: str | None) -> Signals:
        return {"machine_text.llm_phrases": float(self._phrases.count(text.lower()))}

    def judge(self, s: Signals, p: MachineTextParams) -> str | None:
        return "llm_phrases" if above(s["machine_text.llm_phrases"], p.max_llm_phrases) else None
