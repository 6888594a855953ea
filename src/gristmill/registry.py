"""The single ordered registry of steps.

A step's `name` is its config key, its stats prefix, its edit-log entry and its
CLI spelling. Order here is the order of the default "web" pipeline; `default`
says whether the step is in it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from gristmill.errors import ConfigError
from gristmill.steps.base import Step


@dataclass(frozen=True)
class Registered:
    """A step class, or where it lives ("module:Class"), imported on first use: a run
    loads only the steps it has (a dedup-only run, none of the repairs and filters)."""

    where: type[Step] | str
    default: bool

    @property
    def cls(self) -> type[Step]:
        return self.where if isinstance(self.where, type) else _load(self.where)


@cache
def _load(where: str) -> type[Step]:
    module, name = where.split(":")
    cls: type[Step] = getattr(importlib.import_module(module), name)
    return cls


def _registered(name: str, where: str, default: bool) -> tuple[str, Registered]:
    return name, Registered(f"gristmill.steps.{where}", default)


STEPS: dict[str, Registered] = dict(
    (
        # HTML input only: left out of a run whose inputs hold no HTML (steps.extract.fit_to_inputs)
        _registered("extract_html", "extract:ExtractHtml", default=True),
        _registered("normalize_whitespace", "whitespace:NormalizeWhitespace", default=True),
        _registered("fix_unicode", "repair:FixUnicode", default=True),
        _registered("remove_boilerplate", "repair:RemoveBoilerplate", default=True),
        _registered("rejoin_wraps", "repair:RejoinWraps", default=True),
        _registered("remove_repeats", "repair:RemoveRepeats", default=True),
        _registered("pii", "repair.pii:RedactPii", default=True),
        _registered("line_dedup", "dedup.lines:LineDedup", default=True),
        # quality: language first (filters pick per-language thresholds), generated spam,
        # then datatrove's FineWeb order
        _registered("language_id", "signals.language:LanguageId", default=True),
        _registered("machine_text", "filters:MachineText", default=True),
        _registered("gopher_repetition", "filters:GopherRepetition", default=True),
        _registered("gopher_quality", "filters:GopherQuality", default=True),
        _registered("c4_quality", "filters:C4Quality", default=True),
        _registered("fineweb_quality", "filters:FineWebQuality", default=True),
        _registered("quality_signals", "signals.annotate:QualitySignals", default=False),
        _registered("exact_dedup", "dedup.exact:ExactDedup", default=True),
        # off by default: some corpora hold many documents per URL (forum threads, review pages)
        _registered("url_dedup", "dedup.url:UrlDedup", default=False),
        _registered("near_dedup", "dedup.near:NearDedup", default=True),
    )
)
QUALITY_SIGNALS = "quality_signals"
EXTRACT_HTML = "extract_html"


def default_step_names() -> list[str]:
    return [name for name, r in STEPS.items() if r.default]


def annotate_only_steps(names: Iterable[str]) -> list[str]:
    """The steps of `run --annotate-only`: every step that can drop documents (it
    declares REASONS: filters, dedup) is left out, repairs and annotators stay, and
    `quality_signals` stores all quality signals in place of the first quality
    filter, so nothing is dropped and every signal is there."""
    from gristmill.steps.filters.base import SignalFilter

    out: list[str] = []
    for name in names:
        cls = step_class(name)
        if issubclass(cls, SignalFilter):
            if QUALITY_SIGNALS not in out:
                out.append(QUALITY_SIGNALS)
        elif (not cls.REASONS or name == EXTRACT_HTML) and name not in out:  # pages need their text
            out.append(name)
    if QUALITY_SIGNALS not in out:
        out.append(QUALITY_SIGNALS)
    return out


def step_class(name: str) -> type[Step]:
    try:
        return STEPS[name].cls
    except KeyError:
        raise ConfigError(f"unknown step {name!r} (run `gristmill steps` to list them)") from None
