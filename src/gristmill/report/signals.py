"""Signal histograms: display bins from the collected value counts, and each
signal's thresholds from the run's resolved config."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gristmill.report.svg import Bin

BINS = 30
STRETCH = 3  # the scale grows to show a threshold up to this many times the data's 99.5th percentile
# a signal whose threshold parameter is not named min_<signal> / max_<signal>
_PARAM_NAMES = {"word_count": "words"}
# signals that only say whether a rule applies (min_lines): no drop threshold to draw
_NOT_THRESHOLDS = {"lines"}


@dataclass(frozen=True)
class SignalPlot:
    name: str  # <step>.<signal>
    bins: list[Bin]
    thresholds: list[tuple[float, str]]
    above: int  # documents with values past the last bin (not drawn)
    total: int


def thresholds(name: str, config: Mapping[str, Any]) -> list[tuple[float, str]]:
    """The default (not per-language) thresholds of `<step>.<signal>`: the step's
    `min_<signal>` and `max_<signal>` parameters that are set in the run's config (or
    the step's defaults, when it did not run)."""
    step, _, signal = name.partition(".")
    if not signal or signal in _NOT_THRESHOLDS:
        return []
    params = next((s["params"] for s in config.get("steps", []) if s["name"] == step), None)
    if params is None:  # the step did not run (`--annotate-only`): its defaults say what it would drop
        params = _default_params(step)
    base = _PARAM_NAMES.get(signal, signal)
    out = []
    for side in ("min", "max"):
        value = params.get(f"{side}_{base}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append((float(value), side))
    return out


def _default_params(step: str) -> dict[str, Any]:
    from gristmill.registry import STEPS

    return STEPS[step].cls().params_dict() if step in STEPS else {}


def plot_data(
    name: str, passed: Mapping[float, int], dropped: Mapping[float, int], config: Mapping[str, Any]
) -> SignalPlot:
    """Bins over [lowest value, 99.5th percentile] (stretched to show a threshold
    close by); integer signals with a small range get one bin per integer."""
    marks = thresholds(name, config)
    values = sorted(set(passed) | set(dropped))
    total = sum(passed.values()) + sum(dropped.values())
    lo = min(0.0, values[0])
    hi = _quantile(values, passed, dropped, 0.995)
    for t, _ in marks:  # a threshold near the data is drawn in place: how far the mass is from the cut
        if hi < t <= hi * STRETCH + 1e-9 or (hi == lo and t > lo):
            hi = t * 1.05
    integers = all(float(v).is_integer() for v in values)
    if integers and hi - lo <= 40:
        hi = max(hi, lo + 10)  # a few empty bins beside a lone value, not one bar across the plot
        edges = [lo - 0.5 + i for i in range(int(hi - lo) + 2)]
    else:
        hi = hi if hi > lo else lo + 1
        edges = [lo + (hi - lo) * i / BINS for i in range(BINS + 1)]
    counts = [[0, 0] for _ in edges[1:]]
    above = 0
    for fate, source in ((0, passed), (1, dropped)):
        for v, n in source.items():
            i = _bin_index(v, edges)
            if i is None:
                above += n
            else:
                counts[i][fate] += n
    bins = [Bin(edges[i], edges[i + 1], k, d) for i, (k, d) in enumerate(counts)]
    return SignalPlot(name, bins, marks, above, total)


def _bin_index(v: float, edges: list[float]) -> int | None:
    if v > edges[-1]:
        return None
    width = edges[1] - edges[0]
    return min(len(edges) - 2, max(0, math.floor((v - edges[0]) / width)))


def _quantile(values: list[float], passed: Mapping[float, int], dropped: Mapping[float, int], q: float) -> float:
    total = sum(passed.values()) + sum(dropped.values())
    seen = 0
    for v in values:
        seen += passed.get(v, 0) + dropped.get(v, 0)
        if seen >= q * total:
            return v
    return values[-1]
