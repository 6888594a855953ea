"""The command line end to end: outputs, summary, verify, errors without tracebacks."""

from __future__ import annotations

import json
import os

import pytest

from gristmill.document import Document, replay, unreplay

from ..conftest import FOUNDATION_STEPS, gristmill_cli, make_text, read_folder, write_jsonl


@pytest.fixture
def corpus(tmp_path):
    records = [{"id": f"doc-{i}", "text": make_text(i), "url": f"https://example.org/{i}"} for i in range(30)]
    records.append({"id": "copy-of-3", "text": "  " + records[3]["text"].upper() + "\n\n\n"})  # same after normalising
    records.append({"id": "messy", "text": "Line one.   \r\nLine\u00a0two.\n\n\n\n\nLine three.\u200b"})
    write_jsonl(tmp_path / "a.jsonl", records[:16])
    write_jsonl(tmp_path / "b.jsonl.gz", records[16:], "gzip")
    return tmp_path, records


def test_run_writes_every_output_and_accounts_for_every_document(corpus):
    tmp, records = corpus
    out = tmp / "out"
    proc = gristmill_cli(
        "run",
        str(tmp / "a.jsonl"),
        str(tmp / "b.jsonl.gz"),
        "-o",
        str(out),
        "--workers",
        "2",
        "--steps",
        FOUNDATION_STEPS,
        check=True,
    )
    assert "read 32 = kept 31 + dropped 1 + quarantined 0" in proc.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert (summary["read"], summary["kept"], summary["dropped"], summary["quarantined"]) == (32, 31, 1, 0)
    assert summary["dropped_by_reason"] == {"exact_dedup.exact_duplicate": 1}
    assert summary["gristmill_version"]
    assert [s["name"] for s in summary["config"]["steps"]] == list(summary["steps"])
    kept = {r["id"]: r for r in read_folder(out / "kept")}
    dropped = read_folder(out / "dropped")
    assert set(kept) | {d["id"] for d in dropped} == {r["id"] for r in records}
    assert dropped[0]["id"] == "copy-of-3" and dropped[0]["reason"] == "exact_duplicate"
    assert dropped[0]["duplicate_of"] == "doc-3"
    assert kept["doc-5"]["metadata"] == {"url": "https://example.org/5"}
    assert set(kept["doc-5"]) >= {"id", "text", "metadata", "signals", "edits"}
    messy = kept["messy"]
    assert messy["text"] == "Line one.\nLine two.\n\nLine three."
    doc = Document.from_record(messy)
    raw = next(r["text"] for r in records if r["id"] == "messy")
    assert replay(raw, doc.edits) == messy["text"] and unreplay(messy["text"], doc.edits) == raw
    verify = gristmill_cli("verify", str(out), check=True)
    assert "verify: ok" in verify.stdout


def test_rerunning_a_finished_run_changes_nothing(corpus):
    tmp, _ = corpus
    out = tmp / "out"
    args = ("run", str(tmp / "a.jsonl"), "-o", str(out), "--quiet")
    gristmill_cli(*args, check=True)
    timed = ("summary.json", "report.html")  # both hold this invocation's timings
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name not in timed}
    proc = gristmill_cli(*args, check=True)
    assert proc.stdout == ""  # --quiet
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name not in timed}
    assert before == after


def test_parquet_output_and_steps_option(corpus):
    tmp, _ = corpus
    out = tmp / "out"
    gristmill_cli(
        "run",
        str(tmp / "a.jsonl"),
        str(tmp / "b.jsonl.gz"),
        "-o",
        str(out),
        "--format",
        "parquet",
        "--steps",
        "exact_dedup",
        "--quiet",
        check=True,
    )
    files = sorted(p.name for p in (out / "kept").iterdir())
    assert files and all(f.endswith(".parquet") for f in files)
    kept = {r["id"]: r for r in read_folder(out / "kept")}
    assert kept["messy"]["edits"] == []  # normalize_whitespace was not run
    summary = json.loads((out / "summary.json").read_text())
    assert list(summary["steps"]) == ["exact_dedup"]
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_text_and_id_fields(tmp_path):
    write_jsonl(tmp_path / "c.jsonl", [{"body": make_text(i), "key": f"k{i}"} for i in range(3)])
    out = tmp_path / "out"
    gristmill_cli(
        "run",
        str(tmp_path / "c.jsonl"),
        "-o",
        str(out),
        "--text-field",
        "body",
        "--id-field",
        "key",
        "--steps",
        FOUNDATION_STEPS,
        "--quiet",
        check=True,
    )
    assert sorted(r["id"] for r in read_folder(out / "kept")) == ["k0", "k1", "k2"]


def one_line_error(proc):
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_missing_input_is_one_clear_line(tmp_path):
    line = one_line_error(gristmill_cli("run", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")))
    assert "input not found" in line


def test_unknown_step_and_config_key(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"text": "x"}])
    line = one_line_error(gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o"), "--steps", "foo"))
    assert "unknown step 'foo'" in line
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 1\n")
    line = one_line_error(
        gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o"), "--config", str(cfg))
    )
    assert "unknown config key 'colour'" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_as_user(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"text": "x"}])
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    line = one_line_error(gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(locked / "out")))
    assert "cannot write" in line


def test_output_that_is_a_file_or_another_run(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"text": "x"}])
    blocker = tmp_path / "afile"
    blocker.write_text("I am a file")
    line = one_line_error(gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(blocker)))
    assert "not empty" in line
    line = one_line_error(gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(blocker / "out")))
    assert "cannot write" in line  # even as root: a file is in the way
    out = tmp_path / "out"
    gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(out), "--quiet", check=True)
    line = one_line_error(gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(out), "--steps", "exact_dedup"))
    assert "different run" in line


@pytest.mark.parametrize("workers", ["1", "2"])  # with 2, the error crosses from a worker process
def test_strict_stops_at_the_first_bad_record(tmp_path, workers):
    write_jsonl(tmp_path / "in.jsonl", [{"text": "fine"}, "{broken", {"text": "also fine"}])
    line = one_line_error(
        gristmill_cli("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o"), "--strict", "--workers", workers)
    )
    assert "in.jsonl:2" in line and "malformed JSON" in line


def test_steps_lists_every_registered_step():
    from gristmill.registry import STEPS

    out = gristmill_cli("steps", check=True).stdout
    for name, reg in STEPS.items():
        assert name in out and reg.cls.description in out


def test_explain_shows_edits_and_decisions(corpus):
    tmp, _ = corpus
    out = tmp / "out"
    gristmill_cli(
        "run",
        str(tmp / "a.jsonl"),
        str(tmp / "b.jsonl.gz"),
        "-o",
        str(out),
        "--quiet",
        "--steps",
        FOUNDATION_STEPS,
        check=True,
    )
    text = gristmill_cli("explain", str(out), "messy", check=True).stdout
    assert "KEPT" in text and "trailing_space" in text and "odd_space" in text
    text = gristmill_cli("explain", str(out), "copy-of-3", check=True).stdout
    assert "DROPPED" in text and "exact_duplicate" in text and "doc-3" in text
    line = one_line_error(gristmill_cli("explain", str(out), "no-such-id"))
    assert "no document" in line


def test_a_big_plain_file_is_split_across_workers_with_the_same_result(tmp_path):
    records = [{"id": f"d{i}", "text": make_text(i % 40, 4)} for i in range(400)]
    write_jsonl(tmp_path / "one.jsonl", records)
    cfg = tmp_path / "split.toml"
    cfg.write_text(f"shard_bytes = 20000\nsteps = {FOUNDATION_STEPS.split(',')!r}\n".replace("'", '"'))
    gristmill_cli(
        "run",
        str(tmp_path / "one.jsonl"),
        "-o",
        str(tmp_path / "whole"),
        "--steps",
        FOUNDATION_STEPS,
        "--quiet",
        check=True,
    )
    gristmill_cli(
        "run",
        str(tmp_path / "one.jsonl"),
        "-o",
        str(tmp_path / "split"),
        "--config",
        str(cfg),
        "--workers",
        "2",
        "--quiet",
        check=True,
    )
    manifest = json.loads((tmp_path / "split" / ".gristmill" / "manifest.json").read_text())
    assert len(manifest["shards"]) > 1
    for sub in ("kept", "dropped"):
        whole = [(r["id"], r["text"], r.get("duplicate_of")) for r in read_folder(tmp_path / "whole" / sub)]
        split = [(r["id"], r["text"], r.get("duplicate_of")) for r in read_folder(tmp_path / "split" / sub)]
        assert split == whole
    assert json.loads((tmp_path / "split" / "summary.json").read_text())["dropped"] == 360
    assert gristmill_cli("verify", str(tmp_path / "split")).returncode == 0
