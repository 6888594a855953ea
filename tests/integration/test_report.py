"""report.html after a real run on the shipped sample, `gristmill report`, the
terminal summary and `explain`; and the report opened in a real headless chromium."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from functools import reduce
from pathlib import Path
from typing import Any

import pytest

from gristmill.report.svg import number
from tests.chromium import CHROMIUM, Chromium, available
from tests.conftest import gristmill_cli

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample"
SECTIONS = ["funnel", "drops", "repairs", "pii", "boilerplate", "signals", "languages", "examples", "dedup", "time"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("report") / "out"
    proc = gristmill_cli("run", str(SAMPLE), "-o", str(out), "--workers", "2", check=True)
    return out, proc.stdout


def summary_of(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "summary.json").read_text()))


def test_every_run_writes_a_self_contained_report(sample_run):
    out, _ = sample_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert len(html) < 1_000_000
    assert "<script" not in html and "<link" not in html and " src=" not in html
    assert set(re.findall(r"https?://[^\s\"'<]+", html)) <= {"http://www.w3.org/2000/svg"}
    for section in SECTIONS:
        assert f'<section id="{section}">' in html, section
    assert html.count("<del") > 10 and "<ins>" in html  # diffs of real edits from the sample


def test_report_command_rebuilds_it_also_from_the_output_alone(sample_run, tmp_path):
    out, _ = sample_run
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    original = (out / "report.html").read_bytes()
    (copy / "report.html").unlink()
    gristmill_cli("report", str(copy), check=True)
    assert (copy / "report.html").read_bytes() == original.replace(str(out).encode(), str(copy).encode())
    shutil.rmtree(copy / ".gristmill" / "report")  # as a run by an older gristmill: read the output files
    proc = gristmill_cli("report", str(copy), check=True)
    assert "reading" in proc.stderr
    assert (copy / "report.html").read_bytes() == original.replace(str(out).encode(), str(copy).encode())
    assert "no summary.json" in gristmill_cli("report", str(tmp_path)).stderr


def test_the_run_ends_with_a_table_of_counts_and_reasons(sample_run):
    out, stdout = sample_run
    summary = summary_of(out)
    assert f"{summary['accounting']['equation']}  [ok]" in stdout
    rows = {tuple(cell.strip() for cell in re.split(r"[│┃]", line)) for line in stdout.splitlines()}
    read = summary["read"]
    for reason, n in summary["dropped_by_reason"].items():
        assert ("dropped", reason, f"{n:,}", f"{n / read:.1%}") in rows
    assert ("kept", "", f"{summary['kept']:,}", f"{summary['kept'] / read:.1%}") in rows
    assert f"report:  {out / 'report.html'}" in stdout


def records(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl*")) for line in open_text(path)]


def open_text(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


def curator_table() -> dict[str, tuple[str, str, str]]:
    """The sample README's table: id -> (kind, what it shows, what a curator would do)."""
    rows = {}
    for line in (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 5 and re.fullmatch(r"[pm]\d\d", cells[0]):
            rows[cells[0]] = (cells[2], cells[3], cells[4])
    return rows


def test_the_sample_ends_as_its_curator_decided(sample_run):
    out, _ = sample_run
    table = curator_table()
    assert len(table) == 51
    kept = {r["id"] for r in records(out / "kept")}
    dropped = {r["id"]: r["step"] for r in records(out / "dropped")}
    quarantined = [r["raw"] for r in records(out / "quarantine")]
    copies = {}  # a duplicate's original -> the duplicate: one of the two is kept, whichever came first
    for doc_id, (kind, what, _) in table.items():
        if kind == "duplicate":
            copies[re.search(r"(?:duplicate of|same URL as) ([pm]\d\d)", what).group(1)] = doc_id
    for doc_id, (kind, _, decision) in table.items():
        if kind == "duplicate":
            continue
        if doc_id in copies:
            assert len({doc_id, copies[doc_id]} & kept) == 1, doc_id
        elif decision.startswith("keep"):
            assert doc_id in kept, (doc_id, dropped.get(doc_id))
        elif decision == "drop":
            assert dropped.get(doc_id) not in (None, "exact_dedup", "near_dedup", "url_dedup"), doc_id
        else:
            assert decision == "quarantine" and any(f'"{doc_id}"' in raw for raw in quarantined), doc_id


def test_explain_is_plain_in_a_pipe_and_coloured_on_request(sample_run):
    out, _ = sample_run
    plain = gristmill_cli("explain", str(out), "m02", check=True).stdout
    assert "\x1b[" not in plain
    assert "KEPT" in plain
    assert "rescued by repair: the raw text would have been dropped by fineweb_quality.char_dup_ratio" in plain
    assert "[-Allotment Forum › Growing › Vegetables" in plain
    dropped = gristmill_cli("explain", str(out), "p32", check=True).stdout
    assert "DROPPED by gopher_repetition (top_4_gram_char_frac)" in dropped
    assert "why: the most frequent 4-gram covers more than max_top_4_gram_char_frac" in dropped
    assert "Posted by Allotment Diaries at 8:14 AM⏎" in dropped
    env = dict(os.environ, FORCE_COLOR="1", PYTHONWARNINGS="error")
    env.pop("NO_COLOR", None)
    coloured = subprocess.run(
        [sys.executable, "-m", "gristmill", "explain", str(out), "m02"], capture_output=True, text=True, env=env
    ).stdout
    assert "\x1b[31m" in coloured and "\x1b[1m" in coloured


PLOTS_JS = """
[...document.querySelectorAll('svg.plot')].map(svg => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('.mark')].map(m => m.getBoundingClientRect());
  return {label: svg.getAttribute('aria-label'), width: box.width, height: box.height,
          marks: marks.length, drawn: marks.filter(r => r.width > 0 && r.height > 0).length};
})
"""
NUMBERS_JS = """
[...document.querySelectorAll('[data-summary]')].map(e => [JSON.parse(e.dataset.summary), e.textContent])
"""


@pytest.mark.skipif(
    not available() and not os.environ.get("CI"),
    reason=f"needs Debian's chromium at {CHROMIUM} (`apt-get install chromium`; .ci/run installs it)",
)
def test_report_opens_in_chromium_with_every_plot_drawn_and_the_summary_numbers(sample_run, tmp_path):
    out, _ = sample_run
    summary = summary_of(out)
    with Chromium() as browser:
        page = browser.open(out / "report.html")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        plots = page.evaluate(PLOTS_JS)
        shown = page.evaluate(NUMBERS_JS)
        screenshot = page.screenshot(tmp_path / "report.png")
        errors = page.errors
        page.close()
    print(f"screenshot: {screenshot}")
    assert errors == []
    assert len(plots) >= 20  # funnel, reasons, languages, timing, one histogram per signal...
    for plot in plots:
        assert plot["width"] > 0 and plot["height"] > 0 and plot["drawn"] > 0, plot
    for key, text in shown:
        assert text == number(reduce(lambda d, k: d[k], key, summary)), (key, text)
    paths = {tuple(key) for key, _ in shown}
    assert {("read",), ("kept",), ("dropped",), ("quarantined",)} <= paths
    assert {("dropped_by_reason", r) for r in summary["dropped_by_reason"]} <= paths
    assert {("rescued_by_repair", r) for r in summary["rescued_by_repair"]} <= paths
    assert {("steps", "pii", "edited", t) for t in summary["steps"]["pii"]["edited"]} <= paths
    assert screenshot.stat().st_size > 50_000
