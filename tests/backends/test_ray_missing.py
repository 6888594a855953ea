"""Without Ray installed, `--executor ray` says in one line how to install it."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import write_jsonl

NO_RAY = "import sys; sys.modules['ray'] = None; from gristmill.cli import main; sys.exit(main(sys.argv[1:]))"


def test_executor_ray_without_ray_says_how_to_install_it(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "One short document about the mill."}])
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", NO_RAY, "dedup", str(tmp_path / "in.jsonl"), "-o", str(out), "--executor", "ray"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "gristmill: error: the ray executor needs Ray, which is not installed: pip install 'gristmill[ray]'"
    ]
    assert not out.exists()  # it failed before touching the output folder
