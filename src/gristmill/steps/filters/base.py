"""`SignalFilter`: a filter that measures a family of signals, stores them, and judges them.

A signal filter:

1. computes its family of signals (`gristmill.steps.signals.compute`) on the
   document's current text, i.e. after repair, and stores them in
   `doc.signals` under `<step>.<signal>`;
2. compares them with its thresholds, chosen by the document's language
   (`signals["language"]`, set by `language_id`): built-in per-language
   defaults (`LANGUAGE_DEFAULTS`), then the config's `languages` table;
3. drops with a declared reason code. The code is the name of the signal
   that failed, with `_low` / `_high` for a two-sided rule, so the qualified
   reason `<step>.<code>` (`gopher_repetition.dup_para_char_frac`) is also
   the signal's name and the threshold's key;
4. "rescued by repair": when it keeps a document that repairs edited, it
   judges the raw input text too (`unreplay`); if that would have been
   dropped, it counts `rescued_by_repair.<step>.<code>` and lists the
   qualified reason in `signals["rescued_by_repair"]`. If a later signal
   filter drops the document anyway, the count is taken back, so the
   counters hold documents rescued from that rule and kept by every quality filter.

Config (TOML), thresholds and a per-language override:

    [gopher_quality]
    min_words = 50

    [gopher_quality.languages.zh]
    min_mean_word_length = 1
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

from gristmill.document import Document, unreplay
from gristmill.recent import Recent
from gristmill.stats import Stats
from gristmill.steps.base import Filter
from gristmill.steps.signals.compute import Signals

RESCUED = "rescued_by_repair"


def validate_params(params: Any, step: str) -> None:
    """Shared checks for a signal filter's Params: thresholds are numbers (or
    None to switch a rule off), `languages` maps a code to known thresholds.
    Tuple fields (lists of files) are the step's own to check."""
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if isinstance(value, tuple):
            continue
        if f.name == "languages":
            if not isinstance(value, Mapping):
                raise ValueError(f"{step}.languages must be a table of language tables")
            names = {g.name for g in dataclasses.fields(params) if not isinstance(getattr(params, g.name), tuple)}
            names -= {"languages", "count_rescued"}
            for lang, table in value.items():
                if not isinstance(table, Mapping):
                    raise ValueError(f"{step}.languages.{lang} must be a table of thresholds")
                for key, v in table.items():
                    if key not in names:
                        known = ", ".join(sorted(names))
                        raise ValueError(f"unknown parameter {step}.languages.{lang}.{key} (known: {known})")
                    if v is False and not isinstance(getattr(params, key), bool):
                        continue  # switched off for this language (made None when merged)
                    _check_value(f"{step}.languages.{lang}.{key}", v, type(getattr(params, key)))
        elif f.name == "count_rescued" or isinstance(f.default, bool):
            if not isinstance(value, bool):
                raise ValueError(f"{step}.{f.name} must be true or false, not {value!r}")
        else:
            if value is False:  # `min_words = false` in TOML: the rule is off
                object.__setattr__(params, f.name, None)
                continue
            _check_value(f"{step}.{f.name}", value, float)


def _check_value(key: str, value: Any, kind: type) -> None:
    if value is None:
        return
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{key} must be true or false, not {value!r}")
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{key} must be a non-negative number (or absent to keep the default), not {value!r}")


class SignalFilter(Filter):
    """Base of the quality filters: subclasses define `measure` and `judge`."""

    BY_DOCUMENT = True  # the families share the document's words (`words_of`)
    # language code -> thresholds that differ from the defaults for that language
    LANGUAGE_DEFAULTS: ClassVar[Mapping[str, Mapping[str, Any]]] = {}

    def __init__(self, params: Any = None) -> None:
        super().__init__(params)
        merged: dict[str, dict[str, Any]] = {k: dict(v) for k, v in self.LANGUAGE_DEFAULTS.items()}
        for lang, table in self.params.languages.items():
            merged.setdefault(lang, {}).update(table)
        self._by_language = {
            lang: dataclasses.replace(self.params, languages={}, **_thresholds(self.params, table))
            for lang, table in merged.items()
        }

    def params_for(self, language: str | None) -> Any:
        return self._by_language.get(language or "", self.params)

    def measure(self, text: str, language: str | None) -> Signals:  # pragma: no cover - abstract
        raise NotImplementedError

    def judge(self, signals: Signals, params: Any) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, doc: Document) -> str | None:
        language = doc.signals.get("language")
        signals = self.measure(doc.text, language)
        doc.signals.update(signals)
        return self.judge(signals, self.params_for(language))

    def process(self, doc: Document, stats: Stats) -> None:
        super().process(doc, stats)
        rescued = doc.signals.get(RESCUED)
        if doc.decision is not None:
            for qualified in rescued or ():
                stats.add(f"{RESCUED}.{qualified}", -1)  # rescued from one rule, dropped by another
            return
        if not doc.edits or not self.params.count_rescued:
            return
        language = doc.signals.get("language")
        reason = self.judge(self.measure(raw_text(doc), language), self.params_for(language))
        if reason is not None:
            qualified = f"{self.name}.{reason}"
            doc.signals[RESCUED] = [*(rescued or ()), qualified]
            stats.add(f"{RESCUED}.{qualified}")


def _thresholds(params: Any, table: Mapping[str, Any]) -> dict[str, Any]:
    """A language table's values, `false` for a threshold meaning "off" (None)."""
    return {k: None if v is False and not isinstance(getattr(params, k), bool) else v for k, v in table.items()}


# (text, raw text) of the most recent documents: the signal filters run document by
# document (`Step.BY_DOCUMENT`), so the current one, with room to spare
_RAW: Recent[Document, tuple[str, str]] = Recent(4, max_chars=5_000_000)


def raw_text(doc: Document) -> str:
    """The document's input text, recovered from its edits (remembered for its current text)."""
    known = _RAW.get(doc)
    if known is not None and known[0] is doc.text:
        return known[1]
    raw = unreplay(doc.text, doc.edits)
    _RAW.put(doc, (doc.text, raw), len(doc.text) + len(raw))
    return raw


def above(value: float, limit: float | None) -> bool:
    return limit is not None and value > limit


def below(value: float, limit: float | None) -> bool:
    return limit is not None and value < limit
