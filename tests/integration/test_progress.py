"""The progress bar shows on a terminal and stays silent elsewhere or with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from ..conftest import FOUNDATION_STEPS, make_text, write_jsonl


def run_on_terminal(*args: str) -> str:
    leader, follower = pty.openpty()
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gristmill", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"text": make_text(i)} for i in range(3000)])
    steps = ("--steps", FOUNDATION_STEPS)
    shown = run_on_terminal("run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "a"), "--workers", "1", *steps)
    assert "pass 1/2" in shown and "pass 2/2" in shown and "docs/s" in shown and "MB/s" in shown
    assert "3,000 docs" in shown
    quiet = run_on_terminal(
        "run", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "b"), "--workers", "1", "--quiet", *steps
    )
    assert quiet.strip() == ""
    piped = subprocess.run(
        [
            sys.executable,
            "-m",
            "gristmill",
            "run",
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "c"),
            "--workers",
            "1",
            *steps,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert piped.stderr == ""
