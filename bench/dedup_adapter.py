#!/usr/bin/env python3
"""Adapter for ../shared/bench/peers_dedup.py: run `gristmill dedup` and write its clusters.

Usage (from the folder holding shared/ and main/):
  .venv-peers/bin/python shared/bench/peers_dedup.py --corpus C.jsonl --truth C.truth.json \\
      --workdir scratch/bench/dd --peers rensa \\
      --extra-peer 'gristmill=python3 main/bench/dedup_adapter.py {corpus} {workdir} {clusters}'

Extra arguments after {clusters} go to `gristmill dedup` (e.g. --threshold 0.8 --workers 2).
The whole `gristmill dedup` process is timed by the harness (start-up, reading and writing included).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

GRISTMILL = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "gristmill"
PYTHON = GRISTMILL.parent / "python"


def main() -> int:
    corpus, workdir, clusters_path, *extra = sys.argv[1:]
    out = Path(workdir) / "gristmill-out"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([str(GRISTMILL), "dedup", corpus, "-o", str(out), "--quiet", *extra], check=True)
    import pyarrow.parquet as pq

    path = out / "dedup" / "clusters.parquet"
    groups: dict[str, list[str]] = defaultdict(list)
    if path.exists():
        for row in pq.read_table(path, columns=["id", "cluster"]).to_pylist():
            groups[row["cluster"]].append(row["id"])
    clusters = [ids for ids in groups.values() if len(ids) > 1]
    Path(clusters_path).write_text(json.dumps({"clusters": clusters}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
