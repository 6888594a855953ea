#!/usr/bin/env python3
"""Dedup at scale: time and peak memory of `gristmill dedup` as the corpus grows.

Builds N-document JSON Lines corpora from a seed corpus (each document gets a
unique first line, so copies are near-duplicates, not exact ones; every 10th
is an exact copy), then runs `gristmill dedup` on each size and reports
docs/s and the peak resident memory of the largest process. Memory should stay
flat as N grows: keys spill to DuckDB on disk, documents stream.

While a run goes, the driver's and the workers' resident memory and the size of the
work folder (`OUTDIR/.gristmill`: key files, pair files, DuckDB's spill) are sampled
every few seconds; near_dedup's resolve stages are logged with their times (--log).

Usage: bench/dedup_scale.py --seed-corpus C.jsonl --sizes 100000 1000000 [--workdir DIR] [--workers 2]
       [--log FILE] [--keep-corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

GRISTMILL = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "gristmill"
PYTHON = GRISTMILL.parent / "python"
# `gristmill dedup` with near_dedup's stage log (INFO) on stderr, each line stamped with the clock
WITH_STAGE_LOG = (
    "import logging, sys; from gristmill.cli import main; "
    "logging.basicConfig(level=logging.WARNING, format='%(asctime)s %(name)s %(message)s'); "
    "logging.getLogger('gristmill.near_dedup').setLevel(logging.INFO); sys.argv[0] = 'gristmill'; sys.exit(main())"
)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def folder_bytes(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


class Monitor(threading.Thread):
    """Peak resident memory of the driver and of the largest worker, and peak size of the
    work folder and of DuckDB's spill files in it, sampled every `every` seconds."""

    def __init__(self, pid: int, out: Path, every: float = 3.0) -> None:
        super().__init__(daemon=True)
        self.pid, self.out, self.every = pid, out, every
        self.driver = self.worker = self.work = self.spill = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            self.driver = max(self.driver, rss_kib(self.pid))
            self.worker = max([self.worker, *(rss_kib(p) for p in descendants(self.pid))])
            work = self.out / ".gristmill"
            self.work = max(self.work, folder_bytes(work))
            self.spill = max(self.spill, sum(folder_bytes(d) for d in work.rglob("duckdb*") if d.is_dir()))


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
    ap.add_argument("--log", type=Path, help="append gristmill's stderr (near_dedup's stage log) to this file")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    seed = [json.loads(line)["text"] for line in args.seed_corpus.open(encoding="utf-8")]
    for n in args.sizes:
        corpus = args.workdir / f"scale-{n}.jsonl"
        build(seed, n, corpus)
        out = args.workdir / f"out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        log = open(args.log, "a") if args.log else subprocess.DEVNULL  # noqa: SIM115
        command = [str(PYTHON), "-c", WITH_STAGE_LOG, "dedup", str(corpus), "-o", str(out), "--quiet"]
        proc = subprocess.Popen([*command, "--workers", str(args.workers)], stderr=log)
        monitor = Monitor(proc.pid, out)
        monitor.start()
        if proc.wait() != 0:
            raise SystemExit(f"gristmill dedup failed with exit code {proc.returncode}")
        monitor.done.set()
        monitor.join()
        seconds = time.perf_counter() - t0
        summary = json.loads((out / "summary.json").read_text())
        result = {
            "docs": n,
            "input_mb": round(os.path.getsize(corpus) / 1e6, 1),
            "seconds": round(seconds, 1),
            "docs_per_s": round(n / seconds),
            "peak_rss_mib_driver": round(monitor.driver / 1024),
            "peak_rss_mib_largest_worker": round(monitor.worker / 1024),
            "peak_work_folder_gb": round(monitor.work / 1e9, 2),
            "peak_duckdb_spill_gb": round(monitor.spill / 1e9, 2),
            "load_average": os.getloadavg(),
            "dropped_by_reason": summary["dropped_by_reason"],
            "kept": summary["kept"],
        }
        print(json.dumps(result), flush=True)
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
