"""`run`: discover inputs, plan the passes, execute them resumably, account for every document."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from gristmill import __version__
from gristmill.config import RunConfig
from gristmill.errors import AccountingError, OutputError
from gristmill.exec.layout import Layout, read_json, remove_temporaries, write_json_atomic
from gristmill.exec.local import Executor, make_executor
from gristmill.exec.tasks import Plan, Task
from gristmill.io.sources import InputFile, Shard, discover, make_shards
from gristmill.report import prepare_cluster_examples, write_report
from gristmill.stats import Stats
from gristmill.steps.dedup.clusters import merge_clusters
from gristmill.steps.extract import fit_to_inputs

# Called at the start of each pass with (description, total bytes or None, total docs or None);
# returns the callback that receives (bytes, documents) deltas.
ProgressFactory = Callable[[str, int | None, int | None], Callable[[int, int], None]]


def run(
    inputs: list[str],
    outdir: str | os.PathLike[str],
    config: RunConfig | None = None,
    *,
    executor: Executor | None = None,
    progress: ProgressFactory | None = None,
) -> dict[str, Any]:
    """Run the pipeline over `inputs` into `outdir` and return the summary.

    Running the same call again after a crash resumes it: finished shards are
    skipped, and the output is identical to an uninterrupted run.
    """
    config = config or RunConfig()
    files = discover(inputs)
    config = fit_to_inputs(config, files)
    shards = make_shards(files, config.shard_bytes)
    layout = Layout(Path(outdir))
    plan = Plan.from_steps(config.build_steps())
    executor = executor or make_executor(config)
    _claim_outdir(layout, _manifest(files, shards, config), plan.passes)
    started = time.perf_counter()
    total_bytes = sum(os.path.getsize(f.path) for f in files)
    try:
        for p in range(plan.passes):
            todo = [
                Task(p, shard, config, str(layout.root))
                for shard in shards
                if not layout.task_marker(p, shard.index).exists()
            ]
            if todo:
                label = f"pass {p + 1}/{plan.passes}" if plan.passes > 1 else "run"
                docs = None if p == 0 else _documents_after_pass0(layout, shards)
                on_progress = progress(label, total_bytes if p == 0 else None, docs) if progress else _ignore
                for _task, _stats in executor.run(todo, on_progress):
                    pass
            if p < plan.passes - 1 and not layout.resolve_marker(p).exists():
                executor.resolve(p, shards, config, layout)
            if p == plan.passes - 2:
                prepare_cluster_examples(layout)  # the last pass keeps their texts for the report
    finally:
        executor.close()
    merge_clusters(layout.root / "dedup", temp_dir=layout.duckdb, memory_limit=config.dedup_memory)
    stats = _collect_stats(layout, plan, shards)
    summary = build_summary(stats, config, files, shards, layout, time.perf_counter() - started)
    write_json_atomic(layout.summary, summary)
    if not summary["accounting"]["balanced"]:
        raise AccountingError(summary["accounting"]["equation"])
    shutil.rmtree(layout.work, ignore_errors=True)
    shutil.rmtree(layout.duckdb, ignore_errors=True)
    remove_temporaries(layout)  # left by attempts that died (a retried task writes under a new name)
    write_report(layout.root)
    return summary


def _ignore(nbytes: int, ndocs: int) -> None:
    pass


def _documents_after_pass0(layout: Layout, shards: list[Shard]) -> int:
    """How many documents later passes see (for their progress bars)."""
    total = Stats()
    for shard in shards:
        total = total + Stats.from_json(read_json(layout.task_marker(0, shard.index)))
    return int(total["read"] - total["quarantined"])


def _manifest(files: list[InputFile], shards: list[Shard], config: RunConfig) -> dict[str, Any]:
    """What identifies a run: its inputs (with size and mtime) and the config that shapes output."""
    cfg = config.to_json()
    for how_not_what in ("workers", "strict", "executor", "ray_address"):
        cfg.pop(how_not_what)
    manifest = {
        "gristmill": __version__,
        "inputs": [
            {
                "path": f.path,
                "name": f.name,
                "kind": f.kind,
                "size": os.path.getsize(f.path),
                "mtime_ns": os.stat(f.path).st_mtime_ns,
            }
            for f in files
        ],
        "shards": [[[f.name, f.start, f.end] for f in s.files] for s in shards],
        "config": cfg,
    }
    return orjson.loads(orjson.dumps(manifest))  # as it reads back from disk (tuples become lists)


def _claim_outdir(layout: Layout, manifest: dict[str, Any], passes: int) -> None:
    """Start a new run in an empty folder, or resume the same run; refuse anything else."""
    root = layout.root
    if layout.manifest.exists():
        previous = read_json(layout.manifest)
        if previous != manifest:
            what = [k for k in ("inputs", "shards", "config", "gristmill") if previous.get(k) != manifest.get(k)]
            raise OutputError(
                f"{root} holds a different run (its {', '.join(what)} differ); "
                "choose a new output folder or delete this one"
            )
    elif root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise OutputError(f"output folder {root} is not empty and holds no gristmill run; choose a new one")
    try:
        layout.make_dirs(passes)
        remove_temporaries(layout)
        if not layout.manifest.exists():
            write_json_atomic(layout.manifest, manifest)
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {root}: {exc.strerror or exc}") from None


def _collect_stats(layout: Layout, plan: Plan, shards: list[Shard]) -> Stats:
    total = Stats()
    for p in range(plan.passes):
        for shard in shards:
            total = total + Stats.from_json(read_json(layout.task_marker(p, shard.index)))
        if p < plan.passes - 1:
            total = total + Stats.from_json(read_json(layout.resolve_marker(p)))
    return total


def _guardrail_warnings(stats: Stats, config: RunConfig) -> list[str]:
    warnings = []
    counts = stats.with_prefix("guardrail")
    for key, seen in counts.items():
        if key.endswith(".seen"):
            step = key[: -len(".seen")]
            removed = counts[f"{step}.removed"]
            warnings.append(
                f"{step} removed {removed:,.0f} of {seen:,.0f} documents ({removed / seen:.0%}), "
                f"over the dedup_max_share guardrail of {config.dedup_max_share:.0%}"
            )
    return warnings


def build_summary(
    stats: Stats, config: RunConfig, files: list[InputFile], shards: list[Shard], layout: Layout, seconds: float
) -> dict[str, Any]:
    read, kept, dropped, quarantined = (int(stats[k]) for k in ("read", "kept", "dropped", "quarantined"))
    table = stats.steps_table()
    balanced = read == kept + dropped + quarantined
    sign = "=" if balanced else "!="
    mb = stats["bytes_read"] / 1e6
    return {
        "read": read,
        "kept": kept,
        "dropped": dropped,
        "quarantined": quarantined,
        "accounting": {
            "balanced": balanced,
            "equation": f"read {read} {sign} kept {kept} + dropped {dropped} + quarantined {quarantined}",
        },
        "dropped_by_reason": {k: int(v) for k, v in stats.with_prefix("dropped_by_reason").items()},
        "quarantined_by_error": {k: int(v) for k, v in stats.with_prefix("quarantined_by_error").items()},
        # kept documents a quality filter would have dropped on the raw text, by <step>.<reason>
        "rescued_by_repair": {k: int(v) for k, v in stats.with_prefix("rescued_by_repair").items() if v},
        "blank_lines_skipped": int(stats["blank_lines"]),
        # WARC records that are no document (request, metadata, ...): not read, not in the equation
        "skipped_records": {k: int(v) for k, v in stats.with_prefix("skipped_records").items()},
        "warnings": _guardrail_warnings(stats, config),
        "inputs": {"files": len(files), "shards": len(shards), "megabytes": round(mb, 3)},
        "outputs": {
            "kept": str(layout.kept),
            "dropped": str(layout.dropped),
            "quarantine": str(layout.quarantine),
        },
        "steps": {name: table[name] for name in config.steps if name in table},
        "timings": {
            "this_invocation_seconds": round(seconds, 3),
            "passes_cpu_seconds": {k.split(".")[0]: round(v, 3) for k, v in stats.with_prefix("timing").items()},
            "workers": config.resolved_workers,
        },
        "config": config.to_json(),
        "gristmill_version": __version__,
    }
