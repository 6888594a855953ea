"""A step that crashes on one document quarantines that document (with the step
named) and the run goes on; with --strict the run stops with the same message."""

from __future__ import annotations

import pytest

from gristmill import registry
from gristmill.config import RunConfig
from gristmill.document import Document
from gristmill.errors import StepError
from gristmill.exec.local import SerialExecutor
from gristmill.runner import run
from gristmill.steps.base import Change, Repairer
from gristmill.verify import verify

from ..conftest import make_text, read_folder, write_jsonl


class CrashOnPoison(Repairer):
    name = "crash_on_poison"
    description = "test step: fails on documents containing 'POISON'"
    EDITS = {"noop": "never used"}

    def repair(self, text: str) -> list[Change]:
        if "POISON" in text:
            raise ValueError("cannot digest this")
        return []


@pytest.fixture
def crashing_step(monkeypatch):
    steps = dict(registry.STEPS)
    steps[CrashOnPoison.name] = registry.Registered(CrashOnPoison, default=False)
    monkeypatch.setattr(registry, "STEPS", steps)
    monkeypatch.setattr("gristmill.config.STEPS", steps)


def test_step_error_quarantines_one_document(tmp_path, crashing_step):
    records = [{"id": f"d{i}", "text": make_text(i)} for i in range(5)]
    records[2]["text"] += " POISON"
    write_jsonl(tmp_path / "in.jsonl", records)
    config = RunConfig(steps=("crash_on_poison", "exact_dedup"), workers=1)
    summary = run([str(tmp_path / "in.jsonl")], tmp_path / "out", config, executor=SerialExecutor())
    assert (summary["read"], summary["kept"], summary["quarantined"]) == (5, 4, 1)
    (q,) = read_folder(tmp_path / "out" / "quarantine")
    assert q["kind"] == "step_error" and q["line"] == 3
    assert "crash_on_poison" in q["error"] and "cannot digest this" in q["error"]
    assert verify(tmp_path / "out").ok


def test_strict_makes_a_step_error_fatal(tmp_path, crashing_step):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "p", "text": "POISON"}])
    config = RunConfig(steps=("crash_on_poison",), workers=1, strict=True)
    with pytest.raises(StepError, match="crash_on_poison.*'p'"):
        run([str(tmp_path / "in.jsonl")], tmp_path / "out", config, executor=SerialExecutor())


def test_a_run_leaves_the_garbage_collector_as_it_found_it(tmp_path, crashing_step):
    """A task collects less often while it runs (`tasks._fewer_collections`); the
    caller's process gets its own thresholds back, after a crash too."""
    import gc

    write_jsonl(tmp_path / "in.jsonl", [{"id": "p", "text": "POISON"}, {"id": "q", "text": make_text(1)}])
    before = gc.get_threshold()
    gc.set_threshold(555, 7, 3)
    try:
        run([str(tmp_path / "in.jsonl")], tmp_path / "a", RunConfig(steps=("crash_on_poison",), workers=1))
        assert gc.get_threshold() == (555, 7, 3)
        with pytest.raises(StepError):
            strict = RunConfig(steps=("crash_on_poison",), workers=1, strict=True)
            run([str(tmp_path / "in.jsonl")], tmp_path / "b", strict, executor=SerialExecutor())
        assert gc.get_threshold() == (555, 7, 3)
    finally:
        gc.set_threshold(*before)


def test_a_step_error_among_the_signal_filters_quarantines_one_document():
    """The signal filters run document by document (`run_by_document`): a filter that
    fails on one document fails that document only, and the next filters still see the
    others; strict makes it fatal."""
    from gristmill.pipeline import Pipeline, process_batch
    from gristmill.stats import Stats
    from gristmill.steps.filters.gopher import GopherQuality

    class FailsOnPoison(GopherQuality):
        name = "gopher_quality"

        def measure(self, text, language):
            if "POISON" in text:
                raise ValueError("cannot measure this")
            return super().measure(text, language)

    filters = Pipeline.from_names(["gopher_repetition", "c4_quality", "fineweb_quality"]).steps
    steps = [filters[0], FailsOnPoison(), *filters[1:]]
    assert all(step.BY_DOCUMENT for step in steps)
    docs = [Document(id=f"d{i}", text=make_text(i) + (" POISON" if i == 1 else "")) for i in range(3)]
    stats = Stats()
    failures = process_batch(docs, steps, stats, strict=False)
    assert [(doc.id, error.step) for doc, error in failures] == [("d1", "gopher_quality")]
    assert stats["steps.fineweb_quality.seen"] == 2 and "fineweb_quality.lines" in docs[2].signals
    with pytest.raises(StepError, match="gopher_quality.*'d1'"):
        process_batch([Document(id="d1", text=docs[1].text)], steps, Stats(), strict=True)
