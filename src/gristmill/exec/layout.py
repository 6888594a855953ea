"""Where a run keeps its files.

OUTDIR/kept/part-00000.jsonl.gz        kept documents
OUTDIR/dropped/part-00000.jsonl.gz     dropped documents, with reason
OUTDIR/quarantine/part-00000.jsonl     unreadable input, with file, line, error
OUTDIR/summary.json                    counts, reasons, config, timings
OUTDIR/report.html                     the run for people: funnel, reasons, signals, examples
OUTDIR/.gristmill/manifest.json        what the run is (inputs, config): resumption key
OUTDIR/.gristmill/done/                one marker per finished task, holding its stats
OUTDIR/.gristmill/work/                intermediate shards between passes (deleted at the end)
OUTDIR/.gristmill/report/              what the report needs, gathered by the last pass (small)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from gristmill.io.writers import temporary


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def kept(self) -> Path:
        return self.root / "kept"

    @property
    def dropped(self) -> Path:
        return self.root / "dropped"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def summary(self) -> Path:
        return self.root / "summary.json"

    @property
    def state(self) -> Path:
        return self.root / ".gristmill"

    @property
    def manifest(self) -> Path:
        return self.state / "manifest.json"

    @property
    def done(self) -> Path:
        return self.state / "done"

    @property
    def work(self) -> Path:
        return self.state / "work"

    @property
    def duckdb(self) -> Path:
        """DuckDB's spill files while corpus steps resolve."""
        return self.state / "duckdb"

    @property
    def report(self) -> Path:
        return self.root / "report.html"

    @property
    def report_data(self) -> Path:
        return self.state / "report"

    def report_part(self, shard: int) -> Path:
        """The report data the last pass gathered from one shard's documents."""
        return self.report_data / f"part-{shard:05d}.json"

    @property
    def report_clusters(self) -> Path:
        """The duplicate clusters chosen as examples before the last pass."""
        return self.report_data / "clusters.json"

    def part(self, folder: Path, shard: int) -> Path:
        return folder / f"part-{shard:05d}"

    def work_shard(self, pass_no: int, shard: int) -> Path:
        """Base name (the writer adds `.jsonl.zst`) of a pass's intermediate shard."""
        return self.work / f"pass{pass_no}" / f"shard-{shard:05d}"

    def keys(self, pass_no: int, shard: int, step: str) -> Path:
        """A corpus step's keys for one shard (Parquet)."""
        return self.work / f"pass{pass_no}" / f"keys-{step}-{shard:05d}.parquet"

    def decisions(self, pass_no: int) -> Path:
        """Folder of a pass's corpus decisions, one Parquet part per shard (`shard=N/`)."""
        return self.work / f"pass{pass_no}" / "decisions"

    def task_marker(self, pass_no: int, shard: int) -> Path:
        return self.done / f"pass{pass_no}-shard{shard:05d}.json"

    def resolve_marker(self, pass_no: int) -> Path:
        return self.done / f"resolve{pass_no}.json"

    def make_dirs(self, passes: int) -> None:
        for d in (self.kept, self.dropped, self.quarantine, self.done):
            d.mkdir(parents=True, exist_ok=True)
        for p in range(passes - 1):
            (self.work / f"pass{p}").mkdir(parents=True, exist_ok=True)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON under a temporary name, fsync, then rename into place."""
    tmp = temporary(path)
    with open(tmp, "wb") as fh:
        fh.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_json(path: Path) -> Any:
    return orjson.loads(path.read_bytes())


def remove_temporaries(layout: Layout) -> None:
    """Half-written files from a killed run: never under a final name, always dot-prefixed `.tmp`."""
    for folder in (layout.kept, layout.dropped, layout.quarantine, layout.done, layout.work, layout.root):
        if folder.is_dir():
            for p in folder.rglob(".*.tmp"):
                p.unlink(missing_ok=True)
