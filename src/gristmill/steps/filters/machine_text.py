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

from gristmill.errors import ConfigError
from gristmill.steps.filters.base import SignalFilter, above, validate_params
from gristmill.steps.signals.compute import Signals


def parse_phrases(sources: Sequence[tuple[str, str]]) -> re.Pattern[str]:
    """One pattern from phrase files given as (name, text), to be matched against
    lower-cased text (faster than a case-insensitive match): phrases are written in lower case.

    >>> bool(parse_phrases([("x", "as an ai language model")]).search("as an ai language model, i think"))
    True
    """
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
            phrases.append(f"(?:{line})")
    if not phrases:
        raise ConfigError("machine_text has no phrases")
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


@lru_cache(maxsize=4)
def load_phrases(extra_files: tuple[str, ...] = ()) -> re.Pattern[str]:
    shipped = resources.files("gristmill") / "data" / "machine_text" / "phrases.txt"
    sources = [("phrases.txt", shipped.read_text(encoding="utf-8"))]
    for path in extra_files:
        try:
            sources.append((path, Path(path).read_text(encoding="utf-8")))
        except OSError as e:
            raise ConfigError(f"machine_text.extra_files: cannot read {path}: {e.strerror}") from None
    return parse_phrases(sources)


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
        return {"machine_text.llm_phrases": float(len(self._phrases.findall(text.lower())))}

    def judge(self, s: Signals, p: MachineTextParams) -> str | None:
        return "llm_phrases" if above(s["machine_text.llm_phrases"], p.max_llm_phrases) else None
