#!/usr/bin/env python3
"""Dedup at scale: time and peak memory of `gristmill dedup` as the corpus grows.

Builds N-document JSON Lines corpora from a seed corpus (each document gets a
unique first line, so copies are near-duplicates, not exact ones; every 10th
is an exact copy), then runs `gristmill dedup` on each size and reports
docs/s and the peak resident memory of the largest process. Memory should stay
flat as N grows: keys spill to DuckDB on disk, documents stream.

Usage: bench/dedup_scale.py --seed-corpus C.jsonl --sizes 100000 1000000 [--workdir DIR] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

GRISTMILL = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "gristmill"


def build(seed: list[str], n: int, path: Path) -> None:
    if path.exists():
        return
    rng = random.Random(n)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for i in range(n):
            if i % 10 == 9:
                text = seed[rng.randrange(len(seed))]  # exact copy of a seed document
            else:
                text = (
                    f"Item {i} of the scale corpus, variant {rng.randrange(10**9)}.\n{seed[rng.randrange(len(seed))]}"
                )
            out.write(json.dumps({"id": f"s{i}", "text": text}) + "\n")
    tmp.replace(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed-corpus", type=Path, required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--workdir", type=Path, default=Path("scratch/bench/scale"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    seed = [json.loads(line)["text"] for line in args.seed_corpus.open(encoding="utf-8")]
    for n in args.sizes:
        corpus = args.workdir / f"scale-{n}.jsonl"
        build(seed, n, corpus)
        out = args.workdir / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%M",
                str(GRISTMILL),
                "dedup",
                str(corpus),
                "-o",
                str(out),
                "--quiet",
                "--workers",
                str(args.workers),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - t0
        summary = json.loads((out / "summary.json").read_text())
        result = {
            "docs": n,
            "input_mb": round(os.path.getsize(corpus) / 1e6, 1),
            "seconds": round(seconds, 1),
            "docs_per_s": round(n / seconds),
            "peak_rss_mib_largest_process": round(int(proc.stderr.strip().splitlines()[-1]) / 1024),
            "dropped_by_reason": summary["dropped_by_reason"],
            "kept": summary["kept"],
        }
        print(json.dumps(result), flush=True)
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
