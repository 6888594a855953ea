#!/usr/bin/env python3
"""gristmill's repair + signals + filters against datatrove's filter chain, in one run.

Runs `gristmill run` with the default pipeline's per-document steps (repair,
language id, Gopher / C4 / FineWeb filters; dedup left out, as the peer does
not dedup) on a corpus from `shared/bench/make_corpus.py`, with the same
worker counts as `shared/bench/peers_filter.py`, and, when a Python with
datatrove is given, runs that script on the same file right before. Prints
docs/s per worker count and the ratio to datatrove; `--rounds N` alternates the
two N times and prints each round's ratio and their median; `--repeats K` runs
gristmill K times a round and takes the median run.

docs/s for gristmill is the corpus size over `run()`'s own wall time
(`timings.this_invocation_seconds` in summary.json: reading, every step,
writing; interpreter start and imports excluded, as for the peer's figure).

Example (from the folder holding main/ and shared/):
  main/.venv/bin/python main/bench/filter_speed.py --corpus scratch/n20k.jsonl --workdir scratch/fs \\
      --workers 1 2 --peers-python .venv-peers/bin/python --rounds 3 --repeats 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEERS_FILTER = HERE.parents[1] / "shared" / "bench" / "peers_filter.py"


def gristmill_steps() -> list[str]:
    from gristmill.registry import STEPS, default_step_names
    from gristmill.steps.base import CorpusStep

    return [n for n in default_step_names() if not issubclass(STEPS[n].cls, CorpusStep)]


def run_gristmill(corpus: str, workdir: Path, workers: int, steps: list[str]) -> dict[str, object]:
    out = workdir / f"gristmill_w{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "gristmill",
        "run",
        corpus,
        "-o",
        str(out),
        "--workers",
        str(workers),
        "--steps",
        ",".join(steps),
        "--quiet",
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - t0
    summary = json.loads((out / "summary.json").read_text())
    secs = summary["timings"]["this_invocation_seconds"]
    return {
        "seconds": secs,
        "process_seconds": wall,
        "read": summary["read"],
        "kept": summary["kept"],
        "docs_per_s": summary["read"] / secs,
        "dropped_by_reason": summary["dropped_by_reason"],
        "rescued_by_repair": summary.get("rescued_by_repair", {}),
    }


def _speed(result: dict[str, Any]) -> float:
    return float(result["docs_per_s"])


def run_peers(python: str, corpus: str, workdir: Path, workers: list[int], script: Path) -> dict[str, float]:
    out = workdir / "peers.json"
    subprocess.run(
        [
            python,
            str(script),
            "--corpus",
            corpus,
            "--workdir",
            str(workdir / "peers"),
            "--workers",
            *map(str, workers),
            "--quiet",
            "--json-out",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    data = json.loads(out.read_text())
    return {str(w): data["docs"] / r["seconds"] for w, r in data["results"]["chain"].items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--peers-python", help="a Python with datatrove: also run peers_filter.py in this run")
    ap.add_argument("--peers-script", default=str(PEERS_FILTER))
    ap.add_argument("--steps", help="comma-separated steps (default: the default pipeline without dedup)")
    ap.add_argument("--rounds", type=int, default=1, help="alternate datatrove and gristmill this many times")
    ap.add_argument("--repeats", type=int, default=1, help="gristmill runs per round (its median counts)")
    ap.add_argument("--json-out")
    a = ap.parse_args()
    workdir = Path(a.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    steps = a.steps.split(",") if a.steps else gristmill_steps()
    # the two alternate, round after round: a shared machine's speed drifts between runs,
    # and each round's ratio compares runs made minutes apart
    rounds: list[tuple[dict[str, float], dict[str, dict[str, Any]]]] = []
    for n in range(1, a.rounds + 1):
        peers: dict[str, float] = {}
        if a.peers_python:
            print(f"round {n}: datatrove chain, workers {a.workers} ...", file=sys.stderr, flush=True)
            peers = run_peers(a.peers_python, os.path.abspath(a.corpus), workdir, a.workers, Path(a.peers_script))
        results = {}
        for w in a.workers:
            print(f"round {n}: gristmill, {w} worker(s): {','.join(steps)} ...", file=sys.stderr, flush=True)
            # its run is short next to the peer's (seconds against minutes): the median of
            # a few runs evens out the machine's noise as the peer's long run does
            runs = sorted((run_gristmill(a.corpus, workdir, w, steps) for _ in range(a.repeats)), key=_speed)
            results[str(w)] = runs[len(runs) // 2]
        rounds.append((peers, results))
    print(f"\n{'round':>5} {'workers':>7} {'gristmill docs/s':>17} {'datatrove docs/s':>17} {'ratio':>7}   kept")
    ratios: dict[str, list[float]] = {}
    for n, (peers, results) in enumerate(rounds, 1):
        for w, r in results.items():
            theirs = peers.get(w)
            if theirs:
                ratios.setdefault(w, []).append(r["docs_per_s"] / theirs)
            ratio = f"{r['docs_per_s'] / theirs:6.1f}x" if theirs else "      -"
            theirs_s = f"{theirs:17.0f}" if theirs else f"{'-':>17}"
            print(f"{n:>5} {w:>7} {r['docs_per_s']:17.0f} {theirs_s} {ratio}   {r['kept']}/{r['read']}")
    for w, values in ratios.items():
        print(f"median ratio, {w} worker(s): {statistics.median(values):.1f}x over {len(values)} round(s)")
    first = next(iter(results.values()))
    print("dropped by reason:", ", ".join(f"{k} {v}" for k, v in first["dropped_by_reason"].items()))
    if first["rescued_by_repair"]:
        print("rescued by repair:", ", ".join(f"{k} {v}" for k, v in first["rescued_by_repair"].items()))
    if a.json_out:
        data = [{"gristmill": results, "datatrove": peers} for peers, results in rounds]
        Path(a.json_out).write_text(json.dumps({"steps": steps, "rounds": data}, indent=1))


if __name__ == "__main__":
    main()
