"""What report.html costs on a finished run: its size, how long chromium takes to
open it, and how long writing it takes, beside the physical limits of the same run.

    main/.venv/bin/python main/bench/report_cost.py scratch/report/out-1m [--repeats 3]

- size: `report.html` in bytes (target: under 10 MB for a 1M-document run);
- open: seconds from navigation to the load event in headless chromium, beside a
  tiny page in the same browser (target: under 2 s);
- write: `write_report` from the data the run gathered, and from the output files
  alone (a run folder without `.gristmill/report/`), beside `zcat` of the same
  output files (the floor for anything that reads the output again) and DuckDB
  scanning them once for signals (the SQL alternative to gathering during the run).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.chromium: the browser driver

from tests.chromium import Chromium  # noqa: E402

from gristmill.exec.layout import Layout  # noqa: E402
from gristmill.report import collect_from_output, write_report  # noqa: E402


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def open_seconds(page_path: Path, repeats: int) -> float:
    times = []
    with Chromium() as browser:
        for _ in range(repeats):
            page = browser.open(page_path)
            times.append(page.load_seconds)  # type: ignore[attr-defined]
            assert not page.errors, page.errors
            page.close()
    return statistics.median(times)


def collector_cost(files: list[str], limit: int = 8) -> tuple[float, float, int]:
    """Seconds to read documents from `limit` output files, and to read them and feed a
    Collector (the run's extra work per document in its last pass); and how many."""
    from gristmill.document import Document
    from gristmill.io.writers import iter_jsonl
    from gristmill.report.collect import Collector

    docs = [Document.from_record(r) for f in files[:limit] for r in iter_jsonl(Path(f))]
    t = time.perf_counter()
    c = Collector()
    for d in docs:
        c.add(d)
    collect = time.perf_counter() - t
    t = time.perf_counter()
    for f in files[:limit]:
        for r in iter_jsonl(Path(f)):
            Document.from_record(r).to_record()
    read_write = time.perf_counter() - t
    return collect, read_write, len(docs)


def output_files(layout: Layout) -> list[str]:
    return [str(p) for d in (layout.kept, layout.dropped) for p in sorted(d.glob("part-*"))]


def zcat_seconds(files: list[str]) -> float:
    t = time.perf_counter()
    for f in files:
        subprocess.run(["zcat", "-f", f], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def duckdb_scan_seconds(files: list[str]) -> float:
    import duckdb

    db = duckdb.connect()
    db.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    db.execute(
        "SELECT k, reason IS NULL, count(*) FROM (SELECT reason, unnest(json_keys(signals)) AS k FROM "
        "read_json(?, format='newline_delimited', columns={'signals': 'JSON', 'reason': 'VARCHAR'})) GROUP BY ALL",
        [files],
    ).fetchall()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    layout = Layout(args.outdir)
    from_parts = timed(write_report, layout.root)
    size = layout.report.stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank.html"
        blank.write_text("<!DOCTYPE html><title>x</title><p>x</p>")
        open_report = open_seconds(layout.report, args.repeats)
        open_blank = open_seconds(blank, args.repeats)
    files = output_files(layout)
    from_output = timed(collect_from_output, layout)
    zcat = zcat_seconds(files)
    duck = duckdb_scan_seconds(files) if all(f.endswith(".jsonl.gz") for f in files) else float("nan")
    collect, read_write, n = collector_cost(files)
    print(f"report.html: {size:,} bytes ({size / 1e6:.2f} MB)")
    print(f"open in chromium (median of {args.repeats}): {open_report:.3f} s; a tiny page: {open_blank:.3f} s")
    print(f"write_report from the gathered data: {from_parts:.2f} s")
    print(f"gathering from the output files alone: {from_output:.1f} s")
    print(f"  zcat of the same {len(files)} files: {zcat:.1f} s; one DuckDB scan of their signals: {duck:.1f} s")
    print(
        f"gathering during the run: {collect / n * 1e6:.1f} µs per document; reading and re-encoding "
        f"the same {n:,} documents: {read_write / n * 1e6:.1f} µs per document"
    )


if __name__ == "__main__":
    main()
