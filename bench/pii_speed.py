"""Cost of the `pii` step against the repair steps, on a real corpus, in one run.

Usage: python bench/pii_speed.py [CORPUS.jsonl[.gz] ...] [--limit-mb 20] [--show N] [--profile]

Defaults to the real corpora in ../shared/data/corpora (BBC News, Reuters-21578,
IMDb reviews, Readability pages). The repair steps (normalize_whitespace,
fix_unicode, remove_boilerplate, rejoin_wraps, remove_repeats) run in pipeline
order, then `pii` on the text they produce; each step is timed separately.
Target: pii < 10 % of the repair steps' time. `--show N` prints N redactions
with their context, to look for false positives.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from bench_repair import CORPORA, load  # same folder: the corpus loader both benchmarks share

from gristmill.document import Document
from gristmill.registry import step_class
from gristmill.stats import Stats

REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]
DEFAULT = [
    CORPORA / "bbc-news" / "bbc-news.jsonl.gz",
    CORPORA / "reuters-21578" / "reuters-21578.jsonl.gz",
    CORPORA / "imdb-reviews" / "imdb-reviews.jsonl.gz",
    CORPORA / "readability-pages" / "readability-pages.jsonl.gz",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="*", type=Path)
    ap.add_argument("--limit-mb", type=float, default=20.0)
    ap.add_argument("--show", type=int, default=0, help="print this many redactions with context")
    ap.add_argument("--profile", action="store_true", help="profile the pii step")
    a = ap.parse_args()
    paths = a.corpora or [p for p in DEFAULT if p.exists()]
    if not paths:
        sys.exit("no corpus found; pass a .jsonl or .jsonl.gz with a 'text' field")
    texts = load(paths, int(a.limit_mb * 1e6))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    docs = [Document(str(i), t) for i, t in enumerate(texts)]
    stats = Stats()
    times: dict[str, float] = {}
    prof = cProfile.Profile() if a.profile else None
    for name in [*REPAIR, "pii"]:
        step = step_class(name)()
        if name == "pii":
            before = {d.id: len(d.edits) for d in docs}
            if prof:
                prof.enable()
        t0 = time.perf_counter()
        for doc in docs:
            step.process(doc, stats)
        times[name] = time.perf_counter() - t0
        if prof:
            prof.disable()
    repair = sum(times[n] for n in REPAIR)
    print(f"{len(texts)} documents, {mb:.1f} MB from {', '.join(p.name for p in paths)}")
    for name, t in times.items():
        print(f"  {name:22s} {t:7.2f} s {mb / t:9.1f} MB/s")
    print(f"  {'repair steps':22s} {repair:7.2f} s")
    print(f"pii / repair steps: {times['pii'] / repair:.1%} (target < 10%)")
    counts = {k.rsplit(".", 1)[1]: int(v) for k, v in stats.values.items() if k.startswith("steps.pii.edited.")}
    print(f"redactions: {counts}")
    shown = 0
    for doc in docs:
        for e in doc.edits[before[doc.id] :]:
            if shown >= a.show:
                break
            print(f"  {e.code:5s} {e.removed!r}")
            shown += 1
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
