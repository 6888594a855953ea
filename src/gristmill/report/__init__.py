"""`OUTDIR/report.html`: a run explained to a person, in one offline file.

    collect.py   what the report needs, gathered per shard by the last pass (bounded)
    clusters.py  example duplicate clusters and cluster sizes (DuckDB over dedup/)
    signals.py   histogram bins and thresholds of each signal
    svg.py       the charts, as inline SVG
    diffs.py     side-by-side diffs
    page.py      the page, one function per section

`write_report(outdir)` runs at the end of every run and from `gristmill report
OUTDIR`. A run folder without the gathered parts (made by an older gristmill)
is read once from its output files instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gristmill.errors import InputError
from gristmill.exec.layout import Layout, read_json
from gristmill.io.writers import iter_jsonl, read_records, temporary
from gristmill.report.clusters import cluster_sizes, load_examples, prepare_examples, wanted_ids
from gristmill.report.collect import FORMAT, Collector
from gristmill.report.page import render

__all__ = ["Collector", "collector_for_last_pass", "prepare_cluster_examples", "write_report"]


def prepare_cluster_examples(layout: Layout) -> None:
    """Before the last pass: choose the example clusters whose texts it keeps."""
    prepare_examples(layout.root / "dedup", layout.report_clusters)


def collector_for_last_pass(layout: Layout) -> Collector:
    return Collector(wanted_ids(load_examples(layout.report_clusters)))


def write_report(outdir: str | os.PathLike[str]) -> Path:
    """Write `OUTDIR/report.html` from summary.json and the gathered report data."""
    layout = Layout(Path(outdir))
    if not layout.summary.exists():
        raise InputError(f"{outdir} holds no finished run (no summary.json)")
    summary = read_json(layout.summary)
    data = gathered(layout, summary["kept"] + summary["dropped"])
    html = render(
        summary,
        data,
        load_examples(layout.report_clusters),
        cluster_sizes(layout.root / "dedup"),
        title=str(layout.root),
    )
    tmp = temporary(layout.report)
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, layout.report)
    return layout.report


def gathered(layout: Layout, documents: int) -> Collector:
    """The parts the run saved, merged; read from the output files when they do not
    account for every document."""
    parts = sorted(layout.report_data.glob("part-*.json")) if layout.report_data.is_dir() else []
    data = Collector()
    for path in parts:
        part = read_json(path)
        if part.get("format") != FORMAT:
            break
        data.merge(Collector.from_json(part))
    else:
        if sum(data.docs.values()) == documents:
            return data
    print(f"gristmill: reading {layout.root}'s output for the report (no report data of this version)", file=sys.stderr)
    return collect_from_output(layout)


def collect_from_output(layout: Layout) -> Collector:
    """Stream every kept and dropped file through one collector."""
    from gristmill.document import Document

    prepare_cluster_examples(layout)
    data = collector_for_last_pass(layout)
    for folder in (layout.kept, layout.dropped):
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.name.startswith("."):
                continue
            records = read_records(path) if path.name.endswith(".parquet") else iter_jsonl(path)
            for record in records:
                data.add(Document.from_record(record))
    return data
