"""A run killed part-way (kill -9, Ctrl-C) resumes with the same command and
ends byte-identical to an uninterrupted run: no document lost, none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gristmill.config import RunConfig
from gristmill.exec.local import LocalExecutor, SerialExecutor
from gristmill.runner import run

from ..conftest import FOUNDATION_STEPS, gristmill_cli, make_text, read_folder, write_jsonl

N_FILES = 10
DOCS_PER_FILE = 6000


@pytest.fixture(scope="module")
def many_shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards") / "corpus"
    folder.mkdir()
    for f in range(N_FILES):
        records = []
        for i in range(DOCS_PER_FILE):
            n = f * DOCS_PER_FILE + i
            text = make_text(n % 7000, 6) + "   \n\n\n\n"  # some exact duplicates across files, some edits
            records.append({"id": f"f{f}-{i}", "text": text})
        write_jsonl(folder / f"part-{f:02d}.jsonl.gz", records, "gzip")
    return folder


def output_bytes(out: Path) -> dict[str, bytes]:
    files = {}
    for sub in ("kept", "dropped", "quarantine"):
        for p in sorted((out / sub).iterdir()):
            files[f"{sub}/{p.name}"] = p.read_bytes()
    return files


def start(folder: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gristmill",
            "run",
            str(folder),
            "-o",
            str(out),
            "--workers",
            "2",
            "--quiet",
            "--steps",
            FOUNDATION_STEPS,
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_markers(out: Path, proc: subprocess.Popen[bytes], pattern: str, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = out / ".gristmill" / "done"
        if done.is_dir() and len(list(done.glob(pattern))) >= count:
            return
        if proc.poll() is not None:
            pytest.fail(f"run ended before it could be interrupted: {proc.stderr.read().decode()}")
        time.sleep(0.01)
    pytest.fail("run made no progress")


def test_kill_9_mid_run_then_resume_is_identical(tmp_path, many_shards):
    reference = tmp_path / "reference"
    gristmill_cli(
        "run",
        str(many_shards),
        "-o",
        str(reference),
        "--workers",
        "2",
        "--quiet",
        "--steps",
        FOUNDATION_STEPS,
        check=True,
    )

    out = tmp_path / "killed"
    # First kill: during pass 1 (some shards done, others half-written).
    proc = start(many_shards, out)
    wait_for_markers(out, proc, "pass0-*", 2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert not (out / "summary.json").exists()
    finished = len(list((out / ".gristmill" / "done").glob("pass0-*")))
    assert finished < N_FILES, "the run finished before the kill; make the corpus bigger"

    # Second kill: during pass 2, after the resumed run has skipped the finished shards.
    proc = start(many_shards, out)
    wait_for_markers(out, proc, "pass1-*", 1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()

    proc = gristmill_cli(
        "run", str(many_shards), "-o", str(out), "--workers", "2", "--steps", FOUNDATION_STEPS, check=True
    )
    assert "[ok]" in proc.stdout
    assert output_bytes(out) == output_bytes(reference)
    ids = [r["id"] for r in read_folder(out / "kept")] + [r["id"] for r in read_folder(out / "dropped")]
    assert len(ids) == len(set(ids)) == N_FILES * DOCS_PER_FILE
    assert not list(out.rglob(".*.tmp"))
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_ctrl_c_stops_cleanly_and_resumes(tmp_path, many_shards):
    out = tmp_path / "interrupted"
    proc = start(many_shards, out)
    wait_for_markers(out, proc, "pass0-*", 1)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "run the same command again to resume" in err.decode()
    assert "Traceback" not in err.decode()
    gristmill_cli(
        "run", str(many_shards), "-o", str(out), "--workers", "2", "--quiet", "--steps", FOUNDATION_STEPS, check=True
    )
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_serial_and_process_pool_give_identical_output(tmp_path):
    files = []
    for f in range(3):
        records = [{"id": f"f{f}-{i}", "text": make_text((f * 300 + i) % 700, 8)} for i in range(300)]
        files.append(str(write_jsonl(tmp_path / f"in-{f}.jsonl", records)))
    config = RunConfig(workers=2)  # the whole default pipeline: repair, signals, filters, dedup
    run(files, tmp_path / "serial", config, executor=SerialExecutor())
    run(files, tmp_path / "pool", config, executor=LocalExecutor(2))
    assert output_bytes(tmp_path / "serial") == output_bytes(tmp_path / "pool")
