"""The single ordered registry of steps.

A step's `name` is its config key, its stats prefix, its edit-log entry and its
CLI spelling. Order here is the order of the default "web" pipeline; `default`
says whether the step is in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gristmill.errors import ConfigError
from gristmill.steps.base import Step
from gristmill.steps.dedup.exact import ExactDedup
from gristmill.steps.dedup.lines import LineDedup
from gristmill.steps.dedup.near import NearDedup
from gristmill.steps.dedup.url import UrlDedup
from gristmill.steps.extract import ExtractHtml
from gristmill.steps.filters import C4Quality, FineWebQuality, GopherQuality, GopherRepetition, MachineText
from gristmill.steps.repair import FixUnicode, RejoinWraps, RemoveBoilerplate, RemoveRepeats
from gristmill.steps.repair.pii import RedactPii
from gristmill.steps.signals.annotate import QualitySignals
from gristmill.steps.signals.language import LanguageId
from gristmill.steps.whitespace import NormalizeWhitespace


@dataclass(frozen=True)
class Registered:
    cls: type[Step]
    default: bool


STEPS: dict[str, Registered] = {
    r.cls.name: r
    for r in (
        # HTML input only: left out of a run whose inputs hold no HTML (steps.extract.fit_to_inputs)
        Registered(ExtractHtml, default=True),
        Registered(NormalizeWhitespace, default=True),
        Registered(FixUnicode, default=True),
        Registered(RemoveBoilerplate, default=True),
        Registered(RejoinWraps, default=True),
        Registered(RemoveRepeats, default=True),
        Registered(RedactPii, default=True),
        Registered(LineDedup, default=True),
        # quality: language first (filters pick per-language thresholds), generated spam,
        # then datatrove's FineWeb order
        Registered(LanguageId, default=True),
        Registered(MachineText, default=True),
        Registered(GopherRepetition, default=True),
        Registered(GopherQuality, default=True),
        Registered(C4Quality, default=True),
        Registered(FineWebQuality, default=True),
        Registered(QualitySignals, default=False),
        Registered(ExactDedup, default=True),
        # off by default: some corpora hold many documents per URL (forum threads, review pages)
        Registered(UrlDedup, default=False),
        Registered(NearDedup, default=True),
    )
}


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
            if QualitySignals.name not in out:
                out.append(QualitySignals.name)
        elif (not cls.REASONS or cls is ExtractHtml) and name not in out:  # pages need their text
            out.append(name)
    if QualitySignals.name not in out:
        out.append(QualitySignals.name)
    return out


def step_class(name: str) -> type[Step]:
    try:
        return STEPS[name].cls
    except KeyError:
        raise ConfigError(f"unknown step {name!r} (run `gristmill steps` to list them)") from None
