"""Small inline-SVG charts: horizontal bars and histograms with threshold marks.

Each chart is an `<svg class="plot">` with a viewBox, so it scales with the page;
every drawn data mark has the class `mark` (the browser test counts them).
No script, no fonts to fetch: the page renders offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

KEPT = "#3b74b8"
DROPPED = "#e59a5b"
THRESHOLD = "#c0392b"
AXIS = "#777"
TEXT = "#222"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""  # shown after the value, muted
    key: tuple[str, ...] | None = None  # where the value is in summary.json (for the browser test)
    color: str = KEPT


@dataclass(frozen=True)
class Bin:
    """Documents whose signal value is in [lo, hi): passed the signal's step, or dropped by it."""

    lo: float
    hi: float
    passed: int
    dropped: int


def number(x: float) -> str:
    """A count with thousands separators, or a short decimal.

    >>> number(1234567), number(0.125), number(12.5), number(3.0)
    ('1,234,567', '0.125', '12.5', '3')
    """
    if float(x).is_integer():
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def compact(n: float) -> str:
    """An axis label that fits in a few characters.

    >>> compact(98578), compact(1_250_000), compact(950)
    ('98.6k', '1.25M', '950')
    """
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.3g}{unit}"
    return number(n)


def summary_attr(key: tuple[str, ...] | None) -> str:
    """`data-summary` names the summary.json value a shown number must equal."""
    return f" data-summary='{escape(json.dumps(list(key)))}'" if key else ""


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg class="plot" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def hbars(bars: list[Bar], label: str, *, width: int = 780, label_width: int = 300, row: int = 24) -> str:
    """One horizontal bar per row: label on the left, value (and note) after the bar."""
    if not bars:
        return ""
    top = max(b.value for b in bars) or 1
    value_room = 250  # for "1,000,000 − 47,369 dropped" after the longest bar
    span = width - label_width - value_room
    body = []
    for i, b in enumerate(bars):
        y = i * row
        w = max(1.0, span * b.value / top) if b.value else 0.0
        body.append(
            f'<text x="{label_width - 8}" y="{y + row * 0.68:.1f}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(_clip(b.label, 44))}<title>{escape(b.label)}</title></text>'
        )
        body.append(
            f'<rect class="mark" x="{label_width}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
            f'rx="2" fill="{b.color}"/>'
        )
        note = f'<tspan fill="{AXIS}"> {escape(b.note)}</tspan>' if b.note else ""
        body.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + row * 0.68:.1f}" font-size="13" fill="{TEXT}">'
            f"<tspan{summary_attr(b.key)}>{number(b.value)}</tspan>{note}</text>"
        )
    return _svg(width, row * len(bars) + 4, body, label)


def stacked_hbars(rows: list[tuple[str, int, int]], label: str, *, width: int = 720, label_width: int = 120) -> str:
    """Kept and dropped side by side in one bar per row (the language mix)."""
    if not rows:
        return ""
    row = 22
    top = max(k + d for _, k, d in rows) or 1
    span = width - label_width - 240
    body = []
    for i, (name, kept, dropped) in enumerate(rows):
        y = i * row
        wk, wd = span * kept / top, span * dropped / top
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{escape(name)}</text>"
        )
        body.append(f'<rect class="mark" x="{label_width}" y="{y + 4}" width="{wk:.1f}" height="14" fill="{KEPT}"/>')
        body.append(
            f'<rect class="mark" x="{label_width + wk:.1f}" y="{y + 4}" width="{wd:.1f}" height="14" fill="{DROPPED}"/>'
        )
        body.append(
            f'<text x="{label_width + wk + wd + 6:.1f}" y="{y + 15}" font-size="12" fill="{TEXT}">'
            f'{number(kept)} kept<tspan fill="{AXIS}"> · {number(dropped)} dropped</tspan></text>'
        )
    return _svg(width, row * len(rows) + 4, body, label)


def histogram(
    bins: list[Bin], thresholds: list[tuple[float, str]], label: str, *, width: int = 330, height: int = 150
) -> str:
    """Bars of documents that passed the step (blue) and that it dropped (orange) per bin, a dashed red
    line at each threshold (an arrow at the edge when it lies off the scale)."""
    if not bins:
        return ""
    left, right, top, bottom = 40, 10, 18, 24
    pw, ph = width - left - right, height - top - bottom
    lo, hi = bins[0].lo, bins[-1].hi
    peak = max(b.passed + b.dropped for b in bins) or 1

    def x(v: float) -> float:
        return left + pw * (v - lo) / (hi - lo)

    body = [
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="{AXIS}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="{AXIS}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="10" fill="{AXIS}">{compact(peak)}</text>',
        f'<text x="{left - 4}" y="{top + ph}" text-anchor="end" font-size="10" fill="{AXIS}">0</text>',
    ]
    for v, anchor in ((lo, "start"), ((lo + hi) / 2, "middle"), (hi, "end")):
        body.append(
            f'<text x="{x(v):.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="10" fill="{AXIS}">'
            f"{number(round(v, 4))}</text>"
        )
    for b in bins:
        bx, bw = x(b.lo), max(0.8, x(b.hi) - x(b.lo) - 0.6)
        hk, hd = ph * b.passed / peak, ph * b.dropped / peak
        if b.passed:
            body.append(
                f'<rect class="mark" x="{bx:.1f}" y="{top + ph - hk:.1f}" width="{bw:.1f}" height="{hk:.1f}" '
                f'fill="{KEPT}"><title>{_bin_title(b)}</title></rect>'
            )
        if b.dropped:
            body.append(
                f'<rect class="mark" x="{bx:.1f}" y="{top + ph - hk - hd:.1f}" width="{bw:.1f}" height="{hd:.1f}" '
                f'fill="{DROPPED}"><title>{_bin_title(b)}</title></rect>'
            )
    for value, name in thresholds:
        body.append(_threshold_mark(value, name, x, lo, hi, top, ph, left, pw))
    return _svg(width, height, body, label)


def _threshold_mark(
    value: float, name: str, x: Callable[[float], float], lo: float, hi: float, top: int, ph: int, left: int, pw: int
) -> str:
    text = f"{name} {number(value)}"
    if lo <= value <= hi:
        tx = x(value)
        anchor = "end" if tx > left + pw * 0.6 else "start"
        dx = -3 if anchor == "end" else 3
        return (
            f'<line class="threshold" x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{top + ph}" '
            f'stroke="{THRESHOLD}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{tx + dx:.1f}" y="{top - 6}" text-anchor="{anchor}" font-size="10" fill="{THRESHOLD}">'
            f"{escape(text)}</text>"
        )
    at_right = value > hi  # noted inside the plot, below the labels of drawn thresholds
    tx = left + pw - 2 if at_right else left + 4
    arrow = f"{escape(text)} ▸" if at_right else f"◂ {escape(text)}"
    return (
        f'<text class="threshold" x="{tx}" y="{top + 10}" text-anchor="{"end" if at_right else "start"}" '
        f'font-size="10" fill="{THRESHOLD}">{arrow}</text>'
    )


def _bin_title(b: Bin) -> str:
    return f"{number(round(b.lo, 4))} to {number(round(b.hi, 4))}: {b.passed:,} passed, {b.dropped:,} dropped"


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
