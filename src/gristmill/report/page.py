"""The report page: one self-contained HTML file (inline CSS and SVG, no script).

Each section is one function returning HTML. Numbers taken from summary.json
carry `data-summary` with their place in it, so a test can check every one.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from gristmill.report.collect import BOILERPLATE_STEPS, Collector
from gristmill.report.diffs import step_example, word_diff
from gristmill.report.signals import plot_data
from gristmill.report.svg import DROPPED, KEPT, Bar, hbars, histogram, number, stacked_hbars, summary_attr

Summary = Mapping[str, Any]

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:20px 28px 60px}
header{background:#1f2d3d;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px;font-weight:600} header p{margin:4px 0 0;color:#c8d3df}
nav{max-width:1180px;margin:0 auto;padding:8px 28px;font-size:13px}
nav a{margin-right:14px;color:#3b74b8;text-decoration:none}
section{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:14px 20px;margin:16px 0}
h2{font-size:18px;margin:2px 0 10px} h3{font-size:14px;margin:14px 0 6px}
.lead{color:#555;margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #e1e4e8;border-radius:6px;padding:10px 16px;flex:1 1 110px}
.card .n{font-size:24px;font-weight:600} .card .l{color:#555;font-size:12px;text-transform:uppercase}
table{border-collapse:collapse;font-size:13px} td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:10px}
figure{margin:0;padding:6px;border:1px solid #eee;border-radius:4px}
figcaption{font-size:12px;font-family:ui-monospace,Menlo,Consolas,monospace;margin-bottom:2px}
figcaption .muted,.muted{color:#777}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;vertical-align:middle}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin-bottom:14px}
.sbs pre{white-space:pre-wrap;word-break:break-word;font:12px/1.45 ui-monospace,Menlo,Consolas,monospace;
 background:#fafbfc;border:1px solid #e1e4e8;border-radius:4px;padding:8px;margin:0;max-height:320px;overflow:auto}
.sbs.one{grid-template-columns:1fr}
.sbs .h{font-size:12px;color:#555;margin-bottom:2px}
del{background:#fbd5d0;color:#8a1c10} ins{background:#d3f2d6;color:#145c1e;text-decoration:none}
sup.code{font-size:9px;color:#8a1c10;background:#fff0ee;border-radius:3px;padding:0 2px;margin-left:1px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.fold{color:#888;background:#eef1f4;border-radius:3px;padding:0 4px;font-style:italic}
details summary{cursor:pointer;color:#3b74b8;margin:8px 0}
"""


def render(summary: Summary, data: Collector, clusters: list[dict[str, Any]], sizes: dict[str, Any], title: str) -> str:
    sections = [
        ("funnel", "Where the documents went", funnel_section(summary, data)),
        ("drops", "Drops by reason", drops_section(summary)),
        ("repairs", "Repairs", repairs_section(summary, data)),
        ("pii", "Personal data redacted", pii_section(summary)),
        ("boilerplate", "Most removed boilerplate lines", boilerplate_section(data)),
        ("signals", "Quality signals", signals_section(summary, data)),
        ("languages", "Languages", languages_section(data)),
        ("examples", "Edits, side by side", examples_section(summary, data)),
        ("dedup", "Duplicate clusters", clusters_section(data, clusters, sizes)),
        ("time", "Time and throughput per step", timing_section(summary)),
    ]
    sections = [(a, h, body) for a, h, body in sections if body]
    nav = "".join(f'<a href="#{a}">{escape(h)}</a>' for a, h, _ in sections)
    body = "".join(f'<section id="{a}"><h2>{escape(h)}</h2>{b}</section>' for a, h, b in sections)
    version = escape(str(summary.get("gristmill_version", "")))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>gristmill report: {escape(title)}</title>"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>gristmill report</h1><p>{escape(title)} · gristmill {version}</p></header>"
        f"<nav>{nav}</nav><main>{cards(summary, data)}{body}</main></body></html>"
    )


def _n(value: float, *key: str) -> str:
    return f"<span{summary_attr(key)}>{number(value)}</span>"


def cards(summary: Summary, data: Collector) -> str:
    items = [
        ("read", _n(summary["read"], "read")),
        ("kept", _n(summary["kept"], "kept")),
        ("dropped", _n(summary["dropped"], "dropped")),
        ("quarantined", _n(summary["quarantined"], "quarantined")),
        ("repaired", number(sum(data.edited_docs.values()))),
        ("rescued by repair", number(data.rescued_docs)),
    ]
    seconds = summary["timings"]["this_invocation_seconds"]
    items.append(("seconds", _n(seconds, "timings", "this_invocation_seconds")))
    return (
        '<div class="cards">'
        + "".join(f'<div class="card"><div class="n">{v}</div><div class="l">{escape(k)}</div></div>' for k, v in items)
        + "</div>"
    )


def _step_kind(step: str) -> str:
    from gristmill.registry import STEPS
    from gristmill.steps.base import CorpusStep

    cls = STEPS[step].cls if step in STEPS else None
    return "dedup" if cls is not None and issubclass(cls, CorpusStep) else "filter"


def _drops_by_kind(summary: Summary) -> dict[str, int]:
    out = {"filter": 0, "dedup": 0}
    for qualified, n in summary["dropped_by_reason"].items():
        out[_step_kind(qualified.split(".")[0])] += n
    return out


def funnel_section(summary: Summary, data: Collector) -> str:
    read, quarantined = summary["read"], summary["quarantined"]
    drops = _drops_by_kind(summary)
    readable = read - quarantined
    filtered = readable - drops["filter"]
    repaired = sum(data.edited_docs.values())
    bars = [
        Bar("read", read, key=("read",)),
        Bar("readable (not quarantined)", readable, f"− {number(quarantined)} quarantined", color="#5b8fcb"),
        Bar("repaired (one edit or more)", repaired, f"of {number(readable)} readable", color="#7fb07a"),
        Bar("passed the quality filters", filtered, f"− {number(drops['filter'])} dropped", color="#5b8fcb"),
        Bar("not a duplicate: kept", summary["kept"], f"− {number(drops['dedup'])} duplicates", key=("kept",)),
    ]
    equation = escape(summary["accounting"]["equation"])
    ok = "balanced" if summary["accounting"]["balanced"] else "NOT balanced"
    return f'<p class="lead">Every document ends in exactly one place: <code>{equation}</code> ({ok}).</p>' + hbars(
        bars, "funnel"
    )


def drops_section(summary: Summary) -> str:
    reasons = sorted(summary["dropped_by_reason"].items(), key=lambda kv: (-kv[1], kv[0]))
    out = []
    if reasons:
        bars = [Bar(k, v, key=("dropped_by_reason", k), color=DROPPED) for k, v in reasons]
        out.append('<p class="lead">Each drop names the rule that failed (<code>step.reason</code>).</p>')
        out.append(hbars(bars, "drops by reason"))
    else:
        out.append('<p class="lead">No document was dropped.</p>')
    errors = summary["quarantined_by_error"]
    if errors:
        bars = [Bar(k, v, key=("quarantined_by_error", k), color="#999") for k, v in sorted(errors.items())]
        out.append("<h3>Quarantined (unreadable input), by error</h3>" + hbars(bars, "quarantined by error"))
    return "".join(out)


def repairs_section(summary: Summary, data: Collector) -> str:
    rows = []
    for step, entry in summary["steps"].items():
        for code, n in sorted(entry["edited"].items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append(
                f"<tr><td><code>{escape(step)}</code></td><td><code>{escape(code)}</code></td>"
                f'<td class="num">{_n(n, "steps", step, "edited", code)}</td></tr>'
            )
    if not rows:
        return ""
    docs = "".join(
        f'<tr><td><code>{escape(s)}</code></td><td class="num">{number(n)}</td></tr>'
        for s, n in sorted(data.edited_docs_by_step.items(), key=lambda kv: -kv[1])
    )
    out = [
        f'<p class="lead">{number(sum(data.edited_docs.values()))} documents were edited; every edit is recorded '
        "with its code (<code>gristmill explain OUTDIR ID</code> shows one document's).</p>",
        '<div style="display:flex;gap:40px;flex-wrap:wrap">',
        '<div><h3>Edits by code</h3><table><tr><th>step</th><th>code</th><th class="num">edits</th></tr>'
        + "".join(rows)
        + "</table></div>",
        '<div><h3>Documents edited, by step</h3><table><tr><th>step</th><th class="num">documents</th></tr>'
        + docs
        + "</table></div></div>",
    ]
    rescued = summary.get("rescued_by_repair") or {}
    out.append(
        f"<h3>Rescued by repair: {number(data.rescued_docs)} kept documents</h3>"
        '<p class="lead">Kept documents that a quality filter would have dropped on their raw text, by the rule '
        "they would have failed (a document can be rescued from several).</p>"
    )
    if rescued:
        bars = [Bar(k, v, key=("rescued_by_repair", k), color="#7fb07a") for k, v in rescued.items()]
        out.append(hbars(sorted(bars, key=lambda b: -b.value), "rescued by repair"))
    return "".join(out)


def pii_section(summary: Summary) -> str:
    pii = summary["steps"].get("pii")
    if pii is None:
        return ""
    edited = pii["edited"]
    if not edited:
        return (
            f'<p class="lead">The <code>pii</code> step saw {number(pii["seen"])} documents and redacted nothing.</p>'
        )
    bars = [Bar(t, n, key=("steps", "pii", "edited", t), color="#8e6bb8") for t, n in sorted(edited.items())]
    return (
        '<p class="lead">Redactions by type (each one an edit with a typed placeholder). '
        "The removed values are not shown in this report.</p>" + hbars(bars, "pii redactions by type")
    )


def boilerplate_section(data: Collector) -> str:
    lines = sorted(data.removed_lines.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
    if not lines:
        return ""
    rows = []
    for key, n in lines:
        step, code, line = key.split("\t", 2)
        rows.append(
            f'<tr><td class="num">{number(n)}</td><td><code>{escape(line)}</code></td>'
            f'<td class="muted">{escape(step)}.{escape(code)}</td></tr>'
        )
    return (
        f'<p class="lead">Lines removed by {", ".join(f"<code>{s}</code>" for s in BOILERPLATE_STEPS)}, '
        "the most frequent first (counts are exact for small runs, a lower bound for very large ones).</p>"
        '<table><tr><th class="num">times</th><th>line</th><th>code</th></tr>' + "".join(rows) + "</table>"
    )


def signals_section(summary: Summary, data: Collector) -> str:
    plots = [
        plot_data(name, by_fate["passed"], by_fate["dropped"], summary["config"])
        for name, by_fate in sorted(data.signals.items())
    ]
    if not plots:
        return ""
    judged = [p for p in plots if p.thresholds]
    other = [p for p in plots if not p.thresholds]
    if not judged:  # no filter ran (`--annotate-only`): every signal is worth a look
        judged, other = other, []
    legend = (
        f'<p class="lead legend">Documents per value of each signal: <span style="background:{KEPT}"></span>'
        f'passed its step <span style="background:{DROPPED}"></span>dropped by its step (on this or another '
        "rule of the step); dashed red: the default threshold (per-language overrides are not drawn). "
        "Values are measured on the repaired text.</p>"
    )
    out = [legend, '<div class="grid">', *(_figure(p) for p in judged), "</div>"]
    if other:
        out += [
            f"<details><summary>{len(other)} more signals without a threshold</summary>",
            '<div class="grid">',
            *(_figure(p) for p in other),
            "</div></details>",
        ]
    return "".join(out)


def _figure(p: Any) -> str:
    note = f' <span class="muted">({number(p.above)} above the scale)</span>' if p.above else ""
    return f"<figure><figcaption>{escape(p.name)}{note}</figcaption>{histogram(p.bins, p.thresholds, p.name)}</figure>"


def languages_section(data: Collector) -> str:
    rows = sorted(data.languages.items(), key=lambda kv: (-(kv[1]["kept"] + kv[1]["dropped"]), kv[0]))
    if not rows:
        return ""
    shown = rows[:20]
    rest = rows[20:]
    bars = [(lang, c["kept"], c["dropped"]) for lang, c in shown]
    if rest:
        bars.append((f"{len(rest)} others", sum(c["kept"] for _, c in rest), sum(c["dropped"] for _, c in rest)))
    return '<p class="lead">Language of each document (fastText lid.176), kept and dropped.</p>' + stacked_hbars(
        bars, "language mix"
    )


def _reasons(step: str) -> dict[str, str]:
    from gristmill.registry import STEPS

    return dict(STEPS[step].cls.EDITS) if step in STEPS else {}


def examples_section(summary: Summary, data: Collector) -> str:
    out = []
    for step in summary["steps"]:
        for _, record in data.examples.get(step, []):
            sides = step_example(record, step, _reasons(step))
            if sides is None:
                continue
            fate = "kept" if "reason" not in record else f"dropped ({record['step']}.{record['reason']})"
            out.append(
                f"<h3><code>{escape(step)}</code> on document <code>{escape(record['id'])}</code> "
                f'<span class="muted">({escape(fate)})</span></h3>'
                + _side_by_side(("text the step received", sides[0]), ("after the step", sides[1]))
            )
    if not out:
        return ""
    lead = (
        '<p class="lead">Documents each repair step edited (a sample: the smallest hashes of their ids), '
        "showing only that step's edits: removals struck through in red with their code (hover for the reason), "
        "replacements in green.</p>"
    )
    return lead + "".join(out)


def _side_by_side(left: tuple[str, str], right: tuple[str, str]) -> str:
    return (
        '<div class="sbs">'
        + "".join(f'<div><div class="h">{escape(h)}</div><pre>{body}</pre></div>' for h, body in (left, right))
        + "</div>"
    )


def clusters_section(data: Collector, clusters: list[dict[str, Any]], sizes: dict[str, Any]) -> str:
    if not sizes["clusters"]:
        return ""
    out = [
        f'<p class="lead">{number(sizes["clusters"])} clusters hold {number(sizes["documents"])} documents; each '
        "keeps one copy (<code>OUTDIR/dedup/clusters.parquet</code> lists them all).</p>",
        "<h3>Clusters by size</h3>",
        hbars([Bar(f"{s} documents", n, color="#5b8fcb") for s, n in _size_groups(sizes["by_size"])], "cluster sizes"),
    ]
    near_first = sorted(clusters, key=lambda ex: (ex["step"] != "near_dedup", ex["step"]))
    out += [_cluster_example(ex, data.cluster_docs) for ex in near_first if ex["kept_id"] in data.cluster_docs]
    return "".join(out)


def _cluster_example(ex: dict[str, Any], docs: dict[str, dict[str, Any]]) -> str:
    """A near-duplicate beside its kept copy, words that differ highlighted; exact
    copies (same text up to case and spacing) shown once."""
    kept = docs[ex["kept_id"]]
    out = [
        f"<h3><code>{escape(ex['step'])}</code>: kept <code>{escape(ex['kept_id'])}</code>, "
        f"{number(ex['dropped'])} dropped as its copies</h3>"
    ]
    for member in ex["members"]:
        doc = docs.get(member)
        if doc is None:
            continue
        if " ".join(doc["text"].lower().split()) == " ".join(kept["text"].lower().split()):
            out.append(
                f'<p class="muted">dropped <code>{escape(doc["id"])}</code> ({escape(str(doc["reason"]))}): '
                "the same text up to case and spacing</p>"
                f'<div class="sbs one"><pre>{escape(_clip(kept["text"], 600))}</pre></div>'
            )
            continue
        left, right = word_diff(kept["text"], doc["text"])
        out.append(_side_by_side((f"kept: {kept['id']}", left), (f"dropped: {doc['id']} ({doc['reason']})", right)))
    return "".join(out)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _size_groups(by_size: list[tuple[int, int]]) -> list[tuple[str, int]]:
    groups = [(2, 2), (3, 3), (4, 4), (5, 9), (10, 99), (100, 999), (1000, 10**12)]
    out = []
    for lo, hi in groups:
        n = sum(c for s, c in by_size if lo <= s <= hi)
        if n:
            out.append((str(lo) if lo == hi else f"{lo}+" if hi == 10**12 else f"{lo}-{hi}", n))
    return out


def timing_section(summary: Summary) -> str:
    rows, bars = [], []
    for step, entry in summary["steps"].items():
        seen, secs = entry["seen"], entry["seconds"]
        rate = f"{seen / secs:,.0f}" if secs > 0 else "–"
        rows.append(
            f"<tr><td><code>{escape(step)}</code></td><td class='num'>{_n(seen, 'steps', step, 'seen')}</td>"
            f"<td class='num'>{_n(secs, 'steps', step, 'seconds')}</td><td class='num'>{rate}</td></tr>"
        )
        bars.append(Bar(step, secs, f"s · {rate} docs/s" if secs > 0 else "s"))
    t = summary["timings"]
    return (
        f'<p class="lead">CPU seconds per step, summed over {_n(t["workers"], "timings", "workers")} worker(s); '
        f"the run took {_n(t['this_invocation_seconds'], 'timings', 'this_invocation_seconds')} s of wall time "
        f"for {_n(summary['inputs']['megabytes'], 'inputs', 'megabytes')} MB of input. "
        "Documents per second are per CPU.</p>"
        + hbars(bars, "seconds per step")
        + '<table><tr><th>step</th><th class="num">documents</th><th class="num">CPU seconds</th>'
        '<th class="num">docs/s</th></tr>' + "".join(rows) + "</table>"
    )
