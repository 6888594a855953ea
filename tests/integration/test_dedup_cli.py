"""`gristmill dedup` end to end: outputs, clusters table, guardrail."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from ..conftest import gristmill_cli, read_folder, write_jsonl
from ..unit.test_dedup import make_corpus


def test_dedup_command_writes_clusters_and_accounts(tmp_path):
    docs, truth = make_corpus()
    records = [{"id": d.id, "text": d.text, **d.metadata} for d in docs]
    write_jsonl(tmp_path / "a.jsonl", records[::2])
    write_jsonl(tmp_path / "b.jsonl", records[1::2])
    out = tmp_path / "out"
    proc = gristmill_cli(
        "dedup", str(tmp_path), "-o", str(out), "--workers", "2", "--threshold", "0.8", "--url", check=True
    )
    assert "[ok]" in proc.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert [s["name"] for s in summary["config"]["steps"]] == ["exact_dedup", "url_dedup", "near_dedup"]
    dropped = {r["id"]: r for r in read_folder(out / "dropped")}
    pairs = {frozenset(p) for p in truth.items()}
    assert len(dropped) >= 15
    for doc_id, rec in dropped.items():  # some copies come before their originals, which are then dropped
        assert frozenset((doc_id, rec["duplicate_of"])) in pairs
    assert {r["reason"] for r in dropped.values()} <= {"exact_duplicate", "url_duplicate", "near_duplicate"}
    clusters = pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()
    by_id = {row["id"]: row for row in clusters}
    for doc_id in dropped:
        row = by_id[doc_id]
        assert row["kept"] is False and row["kept_id"] == by_id[row["kept_id"]]["id"]
        assert by_id[row["kept_id"]]["kept"] is True
        assert row["cluster"] == by_id[row["kept_id"]]["cluster"]
    kept_in_clusters = [r for r in clusters if r["kept"]]
    assert len({r["cluster"] for r in clusters}) == len(kept_in_clusters)  # one kept copy per cluster
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_guardrail_warns_and_strict_stops(tmp_path):
    text = "The same short notice about the mill opening hours appears on every page of the site."
    write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": text} for i in range(10)])
    proc = gristmill_cli("dedup", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o1"), check=True)
    assert "warning: exact_dedup removed 9 of 10 documents" in proc.stderr
    assert json.loads((tmp_path / "o1" / "summary.json").read_text())["warnings"]
    proc = gristmill_cli("dedup", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o2"), "--strict")
    assert proc.returncode != 0 and "guardrail" in proc.stderr and "Traceback" not in proc.stderr


def test_dedup_only_run_reads_its_input_twice_and_keeps_bad_records_out(tmp_path):
    """A dedup-only run keeps no copy of the documents between its passes: the last
    pass reads the input again. Its decisions must land on the same documents even
    when bad records (quarantined in the first pass) sit between them."""
    story = (
        "The mill on the river reopened on Saturday after the spring floods had kept it closed for six weeks. "
        "Volunteers cleared the mud from the wheel house, and the miller ground the first sack of rye by noon. "
        "Visitors queued along the towpath to buy flour, and the café next door ran out of scones before two."
    )
    other = (
        "A new bakery opened in the old station building, selling bread made with flour from the mill upstream. "
        "Its owner trained in Lyon and came home last winter; she bakes sourdough, rye and a seeded spelt loaf. "
        "The ticket hall is now a shop with long tables, and the waiting room holds the ovens and a small kitchen."
    )
    records = [
        {"id": "a", "text": story},
        "{not json",
        {"id": "b", "text": other},
        {"id": "a-copy", "text": story.upper()},
        b"\xff\xfe invalid utf-8",
        {"id": "b-copy", "text": other + " Open daily."},
    ]
    write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out"
    gristmill_cli("dedup", str(tmp_path / "in.jsonl"), "-o", str(out), "--workers", "1", check=True)
    dropped = {r["id"]: r["duplicate_of"] for r in read_folder(out / "dropped")}
    assert dropped == {"a-copy": "a", "b-copy": "b"}
    assert sorted(r["id"] for r in read_folder(out / "kept")) == ["a", "b"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["quarantined"] == 2 and summary["accounting"]["balanced"]
    assert gristmill_cli("verify", str(out)).returncode == 0
