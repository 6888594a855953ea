"""Shared helpers: write input files of every supported kind, run gristmill, read outputs."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from gristmill.io.writers import read_records

# The same examples on every run and every machine: CI must not fail on a draw that a
# developer's run never saw. Explore new examples with HYPOTHESIS_PROFILE=explore.
settings.register_profile("ci", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The foundation's own steps: tests of I/O, accounting and resumption pin them so
# that repair, signal and filter steps added to the default pipeline don't shift their counts.
FOUNDATION_STEPS = "normalize_whitespace,exact_dedup"

TESTS = Path(__file__).resolve().parent


def shipped_texts() -> list[str]:
    """Every text the project ships: the golden corpus (public-domain and openly
    licensed pages among them) and the demo's sample pages."""
    records = []
    for path in [*sorted((TESTS / "golden").glob("*.jsonl")), TESTS.parent / "examples" / "sample" / "pages.jsonl"]:
        records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r.get("input", r.get("text")) for r in records]


# Paragraphs written for these tests; documents are built by combining them.
PARAGRAPHS = [
    "The river mill at the edge of the village ground wheat for three generations of farmers.",
    "In spring the water ran high and the wheel turned from dawn until long after dark.",
    "Millers kept careful ledgers of every sack that came in and every sack of flour that went out.",
    "When the railway arrived, grain began to travel to the large steam mills in the city instead.",
    "The old building was restored in the nineteen eighties and now houses a small museum.",
    "Visitors can watch the stones turn on the first Sunday of each month, weather permitting.",
    "Volunteers explain how the grain was cleaned, ground, sifted and bagged by hand.",
    "A short walk upstream leads to the weir that once fed the mill race.",
]


def make_text(i: int, paragraphs: int = 3) -> str:
    """A distinct document: paragraphs chosen by i, plus a line that names i."""
    chosen = [PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(paragraphs)]
    return f"Record number {i} of the mill archive.\n\n" + "\n\n".join(chosen)


def write_jsonl(path: Path, records: list[Any], compress: str | None = None) -> Path:
    """Write records (dicts are JSON-encoded, bytes and str lines are written as they are)."""
    lines = []
    for r in records:
        if isinstance(r, bytes):
            lines.append(r)
        elif isinstance(r, str):
            lines.append(r.encode())
        else:
            lines.append(json.dumps(r, ensure_ascii=False).encode())
    data = b"\n".join(lines) + b"\n"
    if compress == "gzip":
        data = gzip.compress(data)
    elif compress == "zstd":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def read_folder(folder: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.is_file() and not p.name.startswith("."):
                out += read_records(p)
    return out


def gristmill_cli(*args: str, check: bool = False, timeout: float = 300, **kw: Any) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    env = dict(os.environ, PYTHONWARNINGS="error")
    proc = subprocess.run(
        [sys.executable, "-m", "gristmill", *args], capture_output=True, text=True, timeout=timeout, env=env, **kw
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"gristmill {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture
def good_records() -> list[dict[str, Any]]:
    return [{"id": f"doc-{i}", "text": make_text(i), "url": f"https://example.org/{i}"} for i in range(20)]
