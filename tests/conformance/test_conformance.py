"""Keep/drop agreement with datatrove's Gopher, C4 and FineWeb filters (repair off, same thresholds).

- Shipped data (`data/synthetic.jsonl`, written for gristmill) against the
  decisions datatrove 0.10.1 made on it (`data/synthetic.datatrove.jsonl`,
  recorded with `datatrove_decisions.py`): always runs, no datatrove needed.
- The same, and a sample of the real corpora in `../shared/data/corpora/`
  when present, against datatrove run live (marked `conformance`). datatrove
  comes from the `conformance` extra, or from another interpreter named by
  `GRISTMILL_PEERS_PYTHON` (e.g. a venv kept apart from the project's).

Every systematic disagreement is explained in docs/signals.md.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from compare import FILTERS, agreement, gristmill_decisions  # noqa: E402

HERE = Path(__file__).parent
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "corpora"
REQUIRED = 0.99


def _load(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _peers_python() -> str | None:
    env = os.environ.get("GRISTMILL_PEERS_PYTHON")
    if env:
        return env
    try:
        import datatrove  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def _datatrove(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    python = _peers_python()
    if python is None:
        pytest.skip("datatrove not found: set GRISTMILL_PEERS_PYTHON to a Python that has it (`make test` does)")
    payload = "".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in records)
    proc = subprocess.run(
        [python, str(HERE / "datatrove_decisions.py")], input=payload, capture_output=True, text=True, check=True
    )
    return {row["id"]: row for row in map(json.loads, proc.stdout.splitlines())}


def _check(report: dict[str, dict[str, Any]]) -> None:
    lines = [f"{name}: {r['agreement']:.4f} of {r['n']}  {r['diffs']}" for name, r in report.items()]
    print("\n".join(lines))
    for name in FILTERS:
        assert report[name]["agreement"] >= REQUIRED, "\n".join(lines)


def test_shipped_data_agrees_with_recorded_datatrove() -> None:
    records = _load(HERE / "data" / "synthetic.jsonl")
    theirs = {row["id"]: row for row in _load(HERE / "data" / "synthetic.datatrove.jsonl")}
    assert len(theirs) == len(records)
    _check(agreement(gristmill_decisions(records), theirs))


@pytest.mark.conformance
def test_shipped_data_agrees_with_live_datatrove() -> None:
    records = _load(HERE / "data" / "synthetic.jsonl")
    theirs = _datatrove(records)
    recorded = {row["id"]: row for row in _load(HERE / "data" / "synthetic.datatrove.jsonl")}
    assert theirs == recorded, "datatrove's decisions changed: re-record data/synthetic.datatrove.jsonl"
    _check(agreement(gristmill_decisions(records), theirs))


@pytest.mark.conformance
def test_real_corpora_agree_with_live_datatrove() -> None:
    sample = {"bbc-news": 600, "reuters-21578": 800, "imdb-reviews": 800, "readability-pages": 130}
    if not all((SHARED / name / f"{name}.jsonl.gz").exists() for name in sample):
        pytest.skip(f"real corpora not found in {SHARED}")
    rng = random.Random(1)
    records: list[dict[str, Any]] = []
    for name, n in sample.items():
        docs = [r for r in _load(SHARED / name / f"{name}.jsonl.gz") if r.get("text")]
        records += [{"id": f"{name}:{r['id']}", "text": r["text"]} for r in rng.sample(docs, min(n, len(docs)))]
    _check(agreement(gristmill_decisions(records), _datatrove(records)))
