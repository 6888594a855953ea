#!/usr/bin/env python3
"""Adapter for ../shared/bench/peers_dedup.py: run `gristmill dedup` and write its clusters.

Usage (from the folder holding shared/ and main/):
  .venv-peers/bin/python shared/bench/peers_dedup.py --corpus C.jsonl --truth C.truth.json \\
      --workdir scratch/bench/dd --peers rensa \\
      --extra-peer 'gristmill=python3 main/bench/dedup_adapter.py {corpus} {workdir} {clusters}'

Extra arguments after {clusters} go to `gristmill dedup` (e.g. --threshold 0.8 --workers 2).
The adapter runs with gristmill's interpreter (it re-executes itself with it) and calls
`gristmill dedup` in that process, as the `gristmill` command does, then turns
`dedup/clusters.parquet` into the harness's JSON with the pyarrow gristmill has loaded.
The harness times the whole process (start-up, reading and writing included).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path

PYTHON = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "python"


def main() -> int:
    if Path(sys.prefix).resolve() != PYTHON.parent.parent.resolve():  # started by another venv (the peers')
        os.execv(str(PYTHON), [str(PYTHON), __file__, *sys.argv[1:]])
    corpus, workdir, clusters_path, *extra = sys.argv[1:]
    out = Path(workdir) / "gristmill-out"
    shutil.rmtree(out, ignore_errors=True)
    from gristmill.cli import main as gristmill

    if gristmill(["dedup", corpus, "-o", str(out), "--quiet", *extra]) != 0:
        return 1
    import pyarrow.parquet as pq

    path = out / "dedup" / "clusters.parquet"
    groups: dict[str, list[str]] = defaultdict(list)
    if path.exists():
        table = pq.ParquetFile(path).read(columns=["id", "cluster"])
        for doc_id, cluster in zip(table.column("id").to_pylist(), table.column("cluster").to_pylist(), strict=True):
            groups[cluster].append(doc_id)
    clusters = [ids for ids in groups.values() if len(ids) > 1]
    Path(clusters_path).write_text(json.dumps({"clusters": clusters}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
