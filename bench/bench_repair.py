"""Throughput of the repair steps alone, in MB/s of input text per worker (one process).

Usage: python bench/bench_repair.py [CORPUS.jsonl.gz ...] [--limit-mb 20] [--profile]

Defaults to the real corpora in ../shared/data/corpora (BBC News, Reuters-21578,
IMDb reviews). Each step is timed separately on the text it receives in the
pipeline, and the whole repair chain is reported too. Target: >= 5 MB/s per worker.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import sys
import time
from pathlib import Path

from gristmill.document import Document
from gristmill.registry import step_class
from gristmill.stats import Stats

REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora"
DEFAULT = [
    CORPORA / "bbc-news" / "bbc-news.jsonl.gz",
    CORPORA / "reuters-21578" / "reuters-21578.jsonl.gz",
    CORPORA / "imdb-reviews" / "imdb-reviews.jsonl.gz",
]


def load(paths: list[Path], limit_bytes: int) -> list[str]:
    texts, total = [], 0
    for path in paths:
        per_file = 0
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("text") or ""
                texts.append(text)
                n = len(text.encode("utf-8"))
                total += n
                per_file += n
                if per_file >= limit_bytes // len(paths):
                    break
    return texts


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="*", type=Path)
    ap.add_argument("--limit-mb", type=float, default=20.0)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    paths = a.corpora or [p for p in DEFAULT if p.exists()]
    if not paths:
        sys.exit("no corpus found; pass a .jsonl.gz with a 'text' field")
    texts = load(paths, int(a.limit_mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    steps = [step_class(n)() for n in REPAIR]
    docs = [Document(str(i), t) for i, t in enumerate(texts)]
    stats = Stats()
    prof = cProfile.Profile() if a.profile else None
    times = {}
    t_all = time.perf_counter()
    for step in steps:
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        for doc in docs:
            step.process(doc, stats)
        if prof:
            prof.disable()
        times[step.name] = time.perf_counter() - t0
    total = time.perf_counter() - t_all
    print(f"{len(texts)} documents, {mb:.1f} MB from {', '.join(p.name for p in paths)}")
    for name, t in times.items():
        print(f"  {name:22s} {mb / t:8.1f} MB/s")
    print(f"  {'repair chain':22s} {mb / total:8.1f} MB/s per worker")
    edits = sum(len(d.edits) for d in docs)
    print(f"  {edits} edits on {sum(1 for d in docs if d.edits)} documents")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
