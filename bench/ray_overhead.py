#!/usr/bin/env python3
"""Ray executor against the local process pool: throughput on the same corpus and pipeline.

Starts one local Ray (2 CPUs by default, like the local pool's 2 workers), then runs
`gristmill.run` on the same input alternately with the local executor and the Ray
executor (local, ray, local, ray, ...), so that load from other processes on the
machine falls on both alike. Reports each run's wall time and docs/s, and the ratio
of the medians (Ray time / local time; the overhead is that minus 1). Ray's own
start-up happens once, before the timed runs, as it does on an existing cluster; it
is reported separately. Output folders are deleted after each run.

Usage: bench/ray_overhead.py --corpus scratch/bench/n100k.jsonl [--pipeline dedup|default]
           [--rounds 2] [--workers 2] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from gristmill.config import RunConfig
from gristmill.exec.local import LocalExecutor
from gristmill.exec.ray import RayExecutor
from gristmill.runner import run

PIPELINES = {"dedup": ("exact_dedup", "near_dedup"), "default": None}


def timed(corpus: str, out: Path, config: RunConfig, executor: object) -> tuple[float, dict]:
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    summary = run([corpus], out, config, executor=executor)  # type: ignore[arg-type]
    seconds = time.perf_counter() - t0
    shutil.rmtree(out, ignore_errors=True)
    return seconds, summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--pipeline", choices=sorted(PIPELINES), default="dedup")
    ap.add_argument("--rounds", type=int, default=2, help="pairs of runs (local, then ray)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=Path("scratch/bench/ray"))
    args = ap.parse_args()

    import ray

    steps = PIPELINES[args.pipeline]
    base = RunConfig(workers=args.workers, **({"steps": steps} if steps else {}))
    t0 = time.perf_counter()
    ray.init(address="local", num_cpus=args.workers, include_dashboard=False, logging_level="WARNING")
    startup = time.perf_counter() - t0
    args.workdir.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {"local": [], "ray": []}
    reference = None
    try:
        for r in range(args.rounds):
            for name in ("local", "ray"):
                executor = LocalExecutor(args.workers) if name == "local" else RayExecutor()
                seconds, summary = timed(args.corpus, args.workdir / name, base, executor)
                outcome = (summary["kept"], summary["dropped_by_reason"])
                if reference is None:
                    reference = outcome
                elif outcome != reference:
                    raise SystemExit(f"{name} gave a different result: {outcome} != {reference}")
                times[name].append(seconds)
                n = summary["read"]
                print(f"round {r + 1} {name:5s} {seconds:7.2f} s  {n / seconds:8,.0f} docs/s  kept {summary['kept']:,}")
    finally:
        ray.shutdown()
    local, on_ray = statistics.median(times["local"]), statistics.median(times["ray"])
    print(f"ray start-up (once, not in the runs): {startup:.1f} s")
    ratio = on_ray / local
    print(f"median local {local:.2f} s, ray {on_ray:.2f} s: ray/local = {ratio:.2f} (overhead {ratio - 1:+.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
