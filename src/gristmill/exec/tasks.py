"""The work of one shard in one pass, and the driver-side resolution between passes.

A pipeline is cut at each corpus step (dedup): pass 0 reads the input and runs
the per-document steps up to the first corpus step, writing each kept
document's key; the executor resolves the keys over the whole corpus into drop
decisions; pass 1 applies them and runs on to the next corpus step; and so on.
The last pass writes `kept/` and `dropped/`. Every task's output is committed
atomically and then marked done, so a rerun skips finished tasks.
"""

from __future__ import annotations

import gc
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from gristmill.config import RunConfig
from gristmill.document import Decision, Document
from gristmill.errors import GuardrailError, ReadError
from gristmill.exec.layout import Layout, write_json_atomic
from gristmill.io.readers import Quarantined, ReadOptions, read_file
from gristmill.io.sources import Shard
from gristmill.io.writers import JsonlWriter, Writer, iter_jsonl, open_writer
from gristmill.pipeline import batches, process_batch
from gristmill.report import Collector, collector_for_last_pass
from gristmill.stats import Stats
from gristmill.steps.base import CorpusEdit, CorpusStep, Step
from gristmill.steps.dedup.keys import FanOut, KeyStore, KeyWriter, key_schema, read_decisions

ProgressFn = Callable[[int, int], None]  # (bytes delta, documents delta)


@dataclass(frozen=True)
class Plan:
    """The passes of a run: the per-document steps of each pass, and the corpus
    steps resolved after it (consecutive corpus steps share one pass)."""

    segments: tuple[tuple[str, ...], ...]
    corpus: tuple[tuple[str, ...], ...]

    @classmethod
    def from_steps(cls, steps: list[Step]) -> Plan:
        segments: list[tuple[str, ...]] = []
        corpus: list[tuple[str, ...]] = []
        current: list[str] = []
        group: list[str] = []
        for step in steps:
            if isinstance(step, CorpusStep):
                group.append(step.name)
                continue
            if group:
                segments.append(tuple(current))
                corpus.append(tuple(group))
                current, group = [], []
            current.append(step.name)
        if group:
            segments.append(tuple(current))
            corpus.append(tuple(group))
            current = []
        segments.append(tuple(current))
        return cls(tuple(segments), tuple(corpus))

    @property
    def passes(self) -> int:
        return len(self.segments)

    @property
    def rereads_input(self) -> bool:
        """A pipeline that starts with a corpus step (a dedup-only run) leaves pass 0's
        documents as they were read: pass 1 reads them from the input again, since
        writing and reading a copy costs more than parsing them twice."""
        return self.passes > 1 and not self.segments[0]

    def keeps_copy(self, pass_no: int) -> bool:
        """Whether a pass writes its documents for the next pass (its work shard)."""
        return pass_no < self.passes - 1 and not (pass_no == 0 and self.rereads_input)


@dataclass(frozen=True)
class Task:
    pass_no: int
    shard: Shard
    config: RunConfig
    root: str

    @property
    def layout(self) -> Layout:
        return Layout(Path(self.root))


_step_cache: list[tuple[RunConfig, dict[str, Step]]] = []


def _steps(config: RunConfig) -> dict[str, Step]:
    """Steps are built once per worker process (per config), not once per task."""
    if not _step_cache or _step_cache[0][0] != config:
        _step_cache[:] = [(config, {s.name: s for s in config.build_steps()})]
    return _step_cache[0][1]


class _Quarantine:
    """The task's quarantine file, opened on the first bad record."""

    def __init__(self, path: Path, strict: bool) -> None:
        self.path = path
        self.strict = strict
        self.writer: JsonlWriter | None = None

    def add(self, q: Quarantined, stats: Stats) -> None:
        if self.strict:
            raise ReadError(q.source, q.line, q.error)
        if self.writer is None:
            self.writer = JsonlWriter(self.path, "none")
        self.writer.write(q.to_record())
        stats.add("quarantined")
        stats.add(f"quarantined_by_error.{q.kind}")


GC_YOUNG_THRESHOLD = 20_000  # container allocations between young collections (Python's default: 700)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while the block runs.

    A task allocates millions of short-lived containers (records, words,
    lines, edits) and no reference cycles to speak of; at Python's default
    threshold the collector took about 5 % of a run's time (py-spy, n20k
    benchmark), at this one under 1 %. Restored afterwards: the process may
    be a user's.
    """
    before = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_task(task: Task, progress: ProgressFn | None = None) -> dict[str, float]:
    """Run one shard through one pass; returns its stats (also saved in its done marker)."""
    with _fewer_collections():
        return _run_task(task, progress)


def _run_task(task: Task, progress: ProgressFn | None) -> dict[str, float]:
    layout = task.layout
    config = task.config
    steps = _steps(config)
    plan = Plan.from_steps(list(steps.values()))
    p, s = task.pass_no, task.shard.index
    stats = Stats()
    started = time.perf_counter()
    suffix = "" if p == 0 else f"-pass{p}"
    quarantine = _Quarantine(layout.quarantine / f"part-{s:05d}{suffix}", config.strict)
    segment = [steps[name] for name in plan.segments[p]]
    last = p == plan.passes - 1
    corpus = [] if last else [steps[name] for name in plan.corpus[p]]
    report = collector_for_last_pass(layout) if last else Collector()  # what report.html needs

    writers: list[Writer] = []
    key_writers: list[KeyWriter] = []
    try:
        if p == 0:
            docs = _read_shard(task, stats, quarantine, progress)
        elif p == 1 and plan.rereads_input:
            docs = _with_decisions(_reread_shard(task), layout, p - 1, s, steps, stats, progress)
        else:
            docs = _with_decisions(_read_work(layout, p - 1, s), layout, p - 1, s, steps, stats, progress)
        work: JsonlWriter | None = None
        if last:
            kept = open_writer(layout.part(layout.kept, s), config.format, config.resolved_compression)
            dropped = open_writer(layout.part(layout.dropped, s), config.format, config.resolved_compression)
            writers += [kept, dropped]
        else:
            if plan.keeps_copy(p):
                work = JsonlWriter(layout.work_shard(p, s), "zstd", level=1)
                writers.append(work)
            for step in corpus:
                assert isinstance(step, CorpusStep)
                key_writers.append(KeyWriter(layout.keys(p, s, step.name), key_schema(step.key_fields())))
        batch: list[tuple[int, Document]] = []
        out_index = 0
        for doc in _processed(docs, segment, stats, quarantine, config.strict):
            if last:
                report.add(doc)
                if doc.decision is None:
                    kept.write(doc.to_record())
                    stats.add("kept")
                else:
                    dropped.write(doc.to_record())
                    stats.add("dropped")
                    stats.add(f"dropped_by_reason.{doc.decision.step}.{doc.decision.reason}")
            else:
                if work is not None:
                    work.write(doc.to_record())
                if doc.decision is None:
                    batch.append((out_index, doc))
                    if len(batch) >= KEY_BATCH:
                        _write_keys(s, batch, corpus, key_writers, stats)
                out_index += 1
        _write_keys(s, batch, corpus, key_writers, stats)
        for kw in key_writers:
            kw.commit()
        for w in writers:
            if w.count or not last:  # intermediate files always exist, final ones only when non-empty
                w.commit()
            else:
                w.abort()
        if quarantine.writer is not None:
            quarantine.writer.commit()
    except BaseException:
        for w in writers:
            w.abort()
        for kw in key_writers:
            kw.abort()
        if quarantine.writer is not None:
            quarantine.writer.abort()
        raise
    if last:
        report.save(layout.report_part(s))
    stats.add(f"timing.pass{p}.seconds", time.perf_counter() - started)
    write_json_atomic(layout.task_marker(p, s), stats.to_json())
    return stats.to_json()


KEY_BATCH = 512  # documents per call of a corpus step's keys(): vectorised work wants batches


def _write_keys(
    shard: int, batch: list[tuple[int, Document]], corpus: list[Step], writers: list[KeyWriter], stats: Stats
) -> None:
    if not batch:
        return
    docs = [doc for _, doc in batch]
    base = {"shard": [shard] * len(batch), "idx": [i for i, _ in batch], "id": [doc.id for doc in docs]}
    for step, writer in zip(corpus, writers, strict=True):
        assert isinstance(step, CorpusStep)
        t0 = time.perf_counter()
        writer.write({**base, **step.keys(docs)})
        stats.add(f"steps.{step.name}.seen", len(docs))
        stats.add(f"steps.{step.name}.seconds", time.perf_counter() - t0)
    batch.clear()


def _processed(
    docs: Iterator[Document], segment: list[Step], stats: Stats, quarantine: _Quarantine, strict: bool
) -> Iterator[Document]:
    """The documents after the pass's steps, in input order, run in batches;
    a document a step crashed on is quarantined instead."""
    for batch in batches(docs):
        yield from _process_batch(batch, segment, stats, quarantine, strict)


def _process_batch(
    batch: list[Document], segment: list[Step], stats: Stats, quarantine: _Quarantine, strict: bool
) -> list[Document]:
    failures = process_batch(batch, segment, stats, strict)
    for doc, error in failures:
        quarantine.add(Quarantined(doc.source, doc.line, str(error), "step_error", doc.text[:65536]), stats)
    failed = {id(doc) for doc, _ in failures}
    return [doc for doc in batch if id(doc) not in failed]


def _read_options(config: RunConfig) -> ReadOptions:
    return ReadOptions(config.text_field, config.id_field, config.max_line_bytes, config.html_field)


def _read_shard(task: Task, stats: Stats, quarantine: _Quarantine, progress: ProgressFn | None) -> Iterator[Document]:
    options = _read_options(task.config)
    report = progress or _no_progress
    unreported = 0
    for f in task.shard.files:
        last_pos = 0

        def report_bytes(pos: int) -> None:
            nonlocal last_pos, unreported
            report(pos - last_pos, unreported)
            last_pos, unreported = pos, 0

        for record in read_file(f, options, stats, report_bytes):
            stats.add("read")
            unreported += 1
            if isinstance(record, Quarantined):
                quarantine.add(record, stats)
            else:
                yield record
    report(0, unreported)


def _no_progress(nbytes: int, ndocs: int) -> None:
    pass


def _reread_shard(task: Task) -> Iterator[Document]:
    """The shard's documents as pass 0 read them (`Plan.rereads_input`); its bad records
    were quarantined and counted then, so they are skipped here."""
    options = _read_options(task.config)
    for f in task.shard.files:
        for record in read_file(f, options, Stats()):
            if not isinstance(record, Quarantined):
                yield record


def _read_work(layout: Layout, prev: int, shard: int) -> Iterator[Document]:
    """The documents the previous pass wrote."""
    path = layout.work_shard(prev, shard)
    for rec in iter_jsonl(path.with_name(path.name + ".jsonl.zst")):
        yield Document.from_record(rec)


def _with_decisions(
    docs: Iterator[Document],
    layout: Layout,
    prev: int,
    shard: int,
    steps: dict[str, Step],
    stats: Stats,
    progress: ProgressFn | None,
) -> Iterator[Document]:
    """The previous pass's documents, with that pass's corpus decisions applied:
    edits first, then a drop."""
    decisions = read_decisions(layout.decisions(prev), shard)
    report = progress or _no_progress
    i = -1
    for i, doc in enumerate(docs):
        for action in decisions.get(i, ()):
            if action["kind"] == "edit":
                step = steps[action["step"]]
                assert isinstance(step, CorpusStep)
                step.apply_edit(doc, orjson.loads(action["payload"]), stats)
            elif doc.decision is None:
                doc.decision = Decision(action["step"], action["reason"], action["duplicate_of"])
        if i % 1024 == 1023:
            report(0, 1024)
        yield doc
    report(0, (i + 1) % 1024)


def _check_guardrail(step: str, removed: int, seen: int, config: RunConfig, stats: Stats) -> None:
    """A dedup step that removes an abnormal share of what it saw is more likely
    misconfigured (or the input broken) than right: warn, or stop with --strict."""
    if seen and removed / seen > config.dedup_max_share:
        message = (
            f"{step} removed {removed:,} of {seen:,} documents ({removed / seen:.0%}), over the "
            f"dedup_max_share guardrail of {config.dedup_max_share:.0%}: check its parameters and the input"
        )
        if config.strict:
            raise GuardrailError(message)
        print(f"gristmill: warning: {message}", file=sys.stderr)
        stats.add(f"guardrail.{step}.removed", removed)
        stats.add(f"guardrail.{step}.seen", seen)


ACTION_BATCH = 50_000


def resolve_pass(
    pass_no: int, shards: list[Shard], config: RunConfig, layout: Layout, fan_out: FanOut | None = None
) -> dict[str, float]:
    """Decide the pass's corpus steps, in order, over every shard's keys (each
    step ignores what an earlier one dropped); write one decisions file per shard.
    A step's independent jobs (near_dedup's band groups) run on `fan_out`
    (default: one after another in this process)."""
    steps = _steps(config)
    group = Plan.from_steps(list(steps.values())).corpus[pass_no]
    stats = Stats()
    shutil.rmtree(layout.duckdb, ignore_errors=True)  # spill files of a killed resolve
    store = KeyStore(temp_dir=layout.duckdb, memory_limit=config.dedup_memory, fan_out=fan_out)
    try:
        for name in group:
            step = steps[name]
            assert isinstance(step, CorpusStep)
            t0 = time.perf_counter()
            store.use([layout.keys(pass_no, sh.index, name) for sh in shards])
            (seen,) = store.db.execute("SELECT count(*) FROM keys").fetchone()
            removed = _record_actions(step, store, layout.root / "dedup", stats)
            _check_guardrail(step.name, removed, seen, config, stats)
            stats.add(f"steps.{step.name}.seconds", time.perf_counter() - t0)
        store.write_decisions(layout.decisions(pass_no))
    finally:
        store.close()
    write_json_atomic(layout.resolve_marker(pass_no), stats.to_json())
    return stats.to_json()


def _record_actions(step: CorpusStep, store: KeyStore, artifacts: Path, stats: Stats) -> int:
    """Run a step's resolve, storing its decisions in batches; returns how many it dropped."""
    removed = 0
    batch: list[tuple[Any, ...]] = []
    for s, i, action in step.resolve(store, artifacts):
        if isinstance(action, CorpusEdit):
            batch.append((s, i, "edit", action.step, None, None, orjson.dumps(action.payload).decode()))
        else:
            if action.reason not in step.REASONS:
                raise ValueError(f"step {step.name!r} used undeclared reason {action.reason!r}")
            batch.append((s, i, "drop", action.step, action.reason, action.duplicate_of, None))
            removed += 1
            stats.add(f"steps.{step.name}.dropped.{action.reason}")
        if len(batch) >= ACTION_BATCH:
            store.record(batch)
            batch.clear()
    store.record(batch)
    return removed
