"""gristmill's decisions with datatrove's thresholds, and agreement with recorded datatrove decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from gristmill.document import Document
from gristmill.steps.filters import C4Quality, FineWebQuality, GopherQuality, GopherRepetition

# datatrove 0.10.1's defaults, in gristmill's parameter names
DATATROVE_PARAMS: Mapping[str, Mapping[str, Any]] = {
    "gopher_repetition": {"labels_may_repeat": False},
    "gopher_quality": {"count_punctuation_as_words": True, "min_lines": 0},
    "c4_quality": {"min_sentences": 5, "max_curly_bracket_lines": 0, "require_terminal_punct": False},
    "fineweb_quality": {
        "min_lines": 0,
        "long_lines_are_prose": False,
        "min_prose_chars": None,
        "labels_may_repeat": False,
    },
}
CLASSES = {c.name: c for c in (GopherRepetition, GopherQuality, C4Quality, FineWebQuality)}
FILTERS = tuple(DATATROVE_PARAMS)


def gristmill_decisions(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str | None]]:
    """{id: {filter: reason or None}} with each filter run alone on the raw text, as English."""
    steps = {name: CLASSES[name].from_config(dict(opts)) for name, opts in DATATROVE_PARAMS.items()}
    out: dict[str, dict[str, str | None]] = {}
    for rec in records:
        row: dict[str, str | None] = {}
        for name, step in steps.items():
            row[name] = step.check(Document(str(rec["id"]), rec["text"]))
        out[str(rec["id"])] = row
    return out


def agreement(
    ours: Mapping[str, Mapping[str, str | None]], theirs: Mapping[str, Mapping[str, str | None]]
) -> dict[str, dict[str, Any]]:
    """Per filter: share of documents with the same keep/drop decision, and the disagreements."""
    report: dict[str, dict[str, Any]] = {}
    for name in FILTERS:
        same = 0
        diffs: Counter[str] = Counter()
        examples: list[tuple[str, str | None, str | None]] = []
        for doc_id, row in theirs.items():
            a, b = ours[doc_id][name], row[name]
            if (a is None) == (b is None):
                same += 1
            else:
                diffs[f"gristmill={a} datatrove={b}"] += 1
                examples.append((doc_id, a, b))
        report[name] = {
            "agreement": same / len(theirs),
            "n": len(theirs),
            "diffs": dict(diffs),
            "examples": examples[:20],
        }
    return report
