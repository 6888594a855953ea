"""`gristmill verify OUTDIR`: re-check a finished run against its inputs.

Re-reads every input with the same readers and options, and checks that each
input record (file, line) appears in exactly one output place — kept, dropped
or quarantine — with the same id, that nothing else does, and that the counts
in summary.json match the files.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gristmill.errors import OutputError
from gristmill.exec.layout import Layout, read_json
from gristmill.io.readers import Quarantined, ReadOptions, read_file
from gristmill.io.sources import InputFile
from gristmill.io.writers import iter_jsonl, read_records
from gristmill.stats import Stats

Key = tuple[str, int]


@dataclass
class VerifyReport:
    inputs: int = 0
    kept: int = 0
    dropped: int = 0
    quarantined: int = 0
    problems: list[str] = field(default_factory=list)
    duplicate_ids: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _output_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def verify(outdir: str | os.PathLike[str], max_problems: int = 20) -> VerifyReport:
    layout = Layout(Path(outdir))
    if not layout.manifest.exists() or not layout.summary.exists():
        raise OutputError(f"{outdir} holds no finished gristmill run (no manifest or summary.json)")
    manifest = read_json(layout.manifest)
    summary = read_json(layout.summary)
    cfg = manifest["config"]
    options = ReadOptions(cfg["text_field"], cfg["id_field"], cfg["max_line_bytes"], cfg.get("html_field", ""))
    report = VerifyReport()

    def problem(msg: str) -> None:
        if len(report.problems) < max_problems:
            report.problems.append(msg)
        elif len(report.problems) == max_problems:
            report.problems.append("... (more problems not shown)")

    expected: dict[Key, str | None] = {}
    for entry in manifest["inputs"]:
        f = InputFile(entry["path"], entry["name"], entry["kind"])
        if not os.path.exists(f.path):
            problem(f"input {f.path} no longer exists")
            continue
        if os.path.getsize(f.path) != entry["size"]:
            problem(f"input {f.path} changed size since the run")
        for record in read_file(f, options, Stats()):
            key = (record.source, record.line)
            expected[key] = None if isinstance(record, Quarantined) else record.id
    report.inputs = len(expected)

    seen: Counter[Key] = Counter()
    ids: Counter[str] = Counter()
    for place, folder in (("kept", layout.kept), ("dropped", layout.dropped)):
        for path in _output_files(folder):
            for rec in read_records(path):
                key = (rec["source"], rec["line"])
                seen[key] += 1
                ids[rec["id"]] += 1
                setattr(report, place, getattr(report, place) + 1)
                if key not in expected:
                    problem(f"{place} record {rec['id']!r} ({key[0]}:{key[1]}) matches no input record")
                elif expected[key] is not None and expected[key] != rec["id"]:
                    problem(f"{place} record at {key[0]}:{key[1]} has id {rec['id']!r}, input has {expected[key]!r}")
    for path in _output_files(layout.quarantine):
        for rec in iter_jsonl(path):
            key = (rec["source"], rec["line"])
            seen[key] += 1
            report.quarantined += 1
            if key not in expected:
                problem(f"quarantine record {key[0]}:{key[1]} matches no input record")

    for key, n in seen.items():
        if n > 1:
            problem(f"input record {key[0]}:{key[1]} appears {n} times in the output")
    missing = [k for k in expected if k not in seen]
    for key in missing[:max_problems]:
        problem(f"input record {key[0]}:{key[1]} is missing from the output")
    report.duplicate_ids = sum(1 for n in ids.values() if n > 1)

    for name in ("kept", "dropped", "quarantined"):
        if summary[name] != getattr(report, name):
            problem(f"summary.json says {name}={summary[name]}, the files hold {getattr(report, name)}")
    if summary["read"] != report.inputs:
        problem(f"summary.json says read={summary['read']}, the inputs hold {report.inputs} records")
    if report.inputs != report.kept + report.dropped + report.quarantined:
        problem(
            f"inputs {report.inputs} != kept {report.kept} + dropped {report.dropped} "
            f"+ quarantined {report.quarantined}"
        )
    return report
