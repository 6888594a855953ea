"""One run over every kind of bad input the foundation issue names: nothing is
lost, each problem is quarantined with its file, line and reason, and the run goes on."""

from __future__ import annotations

import gzip
import json

from ..conftest import FOUNDATION_STEPS, gristmill_cli, make_text, read_folder, write_jsonl


def build_hostile_folder(root):
    d = root / "hostile"
    d.mkdir()
    good = [{"id": f"g{i}", "text": make_text(i)} for i in range(6)]
    write_jsonl(
        d / "01-mixed.jsonl",
        [
            good[0],
            b'{"id": "bad-json", "text": "no closing brace"',
            b'{"id": "bad-utf8", "text": "caf\xe9"}',
            b"",
            b"   ",
            b'["a", "json", "array"]',
            {"id": "no-text", "body": "the text is in the wrong field"},
            {"id": "num-text", "text": 12345},
            b'{"id": "raw-nul", "text": "a\x00b"}',
            {"id": "escaped-nul", "text": "keeps \u0000 escaped NUL"},
            good[1],
            good[1],  # a duplicate id (and text): handled by exact dedup
        ],
    )
    (d / "02-bom-crlf.jsonl").write_bytes(
        b"\xef\xbb\xbf" + b"\r\n".join(json.dumps(r).encode() for r in good[2:4]) + b"\r\n"
    )
    (d / "03-empty.jsonl").write_bytes(b"")
    payload = gzip.compress(
        b"".join(json.dumps({"id": f"t{i}", "text": make_text(i, 5)}).encode() + b"\n" for i in range(3000))
    )
    (d / "04-truncated.jsonl.gz").write_bytes(payload[: len(payload) // 2])
    huge = "A long document about mills. " * (50 * 1024 * 1024 // 29 + 1)  # about 50 MB
    write_jsonl(d / "05-huge.jsonl", [{"id": "huge", "text": huge}, good[4]])
    return d


def test_hostile_inputs_are_quarantined_and_the_run_goes_on(tmp_path):
    folder = build_hostile_folder(tmp_path)
    out = tmp_path / "out"
    proc = gristmill_cli("run", str(folder), "-o", str(out), "--workers", "2", "--steps", FOUNDATION_STEPS)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["accounting"]["balanced"]
    assert summary["read"] == summary["kept"] + summary["dropped"] + summary["quarantined"]
    assert "quarantined" in proc.stdout and "malformed_json" in proc.stdout

    quarantine = {(q["source"], q["line"]): q for q in read_folder(out / "quarantine")}
    expect = {
        ("hostile/01-mixed.jsonl", 2): "malformed_json",
        ("hostile/01-mixed.jsonl", 3): "invalid_utf8",
        ("hostile/01-mixed.jsonl", 6): "not_an_object",
        ("hostile/01-mixed.jsonl", 7): "missing_text",
        ("hostile/01-mixed.jsonl", 8): "non_string_text",
        ("hostile/01-mixed.jsonl", 9): "malformed_json",
        ("hostile/03-empty.jsonl", 0): "empty_file",
    }
    for key, kind in expect.items():
        assert quarantine[key]["kind"] == kind, key
        assert quarantine[key]["error"]
    truncated = [q for (src, _), q in quarantine.items() if src == "hostile/04-truncated.jsonl.gz"]
    assert [q["kind"] for q in truncated][-1] == "unreadable_stream"
    assert summary["blank_lines_skipped"] == 2

    kept = {r["id"]: r for r in read_folder(out / "kept")}
    dropped = {r["id"]: r for r in read_folder(out / "dropped")}
    assert {"g0", "g1", "g2", "g3", "g4", "escaped-nul", "huge"} <= set(kept)
    assert len(kept["huge"]["text"]) > 50_000_000
    assert "\x00" not in kept["escaped-nul"]["text"]  # removed by normalize_whitespace, as a recorded edit
    assert any(e["code"] == "control_char" for e in kept["escaped-nul"]["edits"])
    assert dropped["g1"]["reason"] == "exact_duplicate"
    n_truncated_docs = sum(1 for k in kept if k.startswith("t"))
    assert 0 < n_truncated_docs < 3000

    verify = gristmill_cli("verify", str(out))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "1 ids occur more than once" in verify.stdout
