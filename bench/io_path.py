#!/usr/bin/env python3
"""I/O-path benchmark: read JSONL.gz -> trivial pipeline -> write, beside `zcat`.

Builds SHARDS gzip JSON Lines files from a corpus (repeated until it reaches
--mb uncompressed megabytes), then times, in one run on the same files:

  zcat     `zcat FILES > /dev/null`: the physical limit of reading them (one core)
  1 worker `gristmill run FILES --steps '' --workers 1` (no steps: read, write)
  2 workers the same with --workers 2

and reports uncompressed MB/s per worker, the ratio to zcat, the 2/1 scaling, and
the peak resident memory of the largest gristmill process (it should not grow
with --mb: reading streams).
Wall times include process start-up. Targets (foundation issue): >= 30 % of zcat
per worker; 2 workers >= 1.7x one.

Usage: bench/io_path.py --corpus CORPUS.jsonl [--mb 400] [--shards 8] [--workdir DIR]
       [--compression gzip|zstd|none] [--gristmill PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def build_inputs(corpus: Path, target_mb: float, shards: int, workdir: Path) -> tuple[list[Path], int]:
    lines = corpus.read_bytes().splitlines(keepends=True)
    files = [workdir / f"input-{i:03d}.jsonl.gz" for i in range(shards)]
    if all(f.exists() for f in files):
        return files, sum(len(x) for f in files for x in gzip.open(f))
    outs = [gzip.open(f, "wb", compresslevel=6) for f in files]
    total, rep = 0, 0
    while total < target_mb * 1e6:
        for i, line in enumerate(lines):
            rec = json.loads(line)
            rec["id"] = f"{rec.get('id', i)}-r{rep}"
            data = (json.dumps(rec, ensure_ascii=False) + "\n").encode()
            outs[(i + rep) % shards].write(data)
            total += len(data)
        rep += 1
    for o in outs:
        o.close()
    return files, total


def timed(cmd: list[str] | str, shell: bool = False) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, shell=shell, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss_mib(cmd: list[str]) -> float:
    """Largest resident set of any process in the command's tree (GNU time's %M)."""
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, capture_output=True, text=True)
    return int(proc.stderr.strip().splitlines()[-1]) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--mb", type=float, default=400)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--workdir", type=Path, default=Path("scratch/bench/io"))
    ap.add_argument("--compression", default="gzip")
    ap.add_argument("--gristmill", default=shutil.which("gristmill") or str(Path(sys.executable).parent / "gristmill"))
    ap.add_argument("--repeats", type=int, default=2, help="best of N timings")
    args = ap.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    files, nbytes = build_inputs(args.corpus, args.mb, args.shards, args.workdir)
    mb = nbytes / 1e6
    names = " ".join(str(f) for f in files)
    zcat = min(timed(f"zcat {names} > /dev/null", shell=True) for _ in range(args.repeats))
    results = {
        "input_mb": round(mb, 1),
        "files": len(files),
        "zcat_s": round(zcat, 3),
        "zcat_mb_s": round(mb / zcat, 1),
    }
    for workers in (1, 2):
        best = float("inf")
        for _ in range(args.repeats):
            out = args.workdir / f"out-w{workers}"
            shutil.rmtree(out, ignore_errors=True)
            cmd = [
                args.gristmill,
                "run",
                *map(str, files),
                "-o",
                str(out),
                "--steps",
                "",
                "--quiet",
                "--workers",
                str(workers),
                "--compression",
                args.compression,
            ]
            best = min(best, timed(cmd))
        shutil.rmtree(out, ignore_errors=True)
        if os.path.exists("/usr/bin/time"):
            results[f"w{workers}_peak_rss_mib"] = round(peak_rss_mib(cmd), 1)
        results[f"w{workers}_s"] = round(best, 3)
        results[f"w{workers}_mb_s_per_worker"] = round(mb / best / workers, 1)
        results[f"w{workers}_vs_zcat_per_worker"] = round(mb / best / workers / (mb / zcat), 3)
    results["scaling_2_over_1"] = round(results["w1_s"] / results["w2_s"], 3)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
