"""gristmill run on WARC, WET and HTML input: accounting with skipped records, URLs
reaching dedup, a truncated file quarantined, and resumption after kill -9."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ..conftest import FOUNDATION_STEPS, gristmill_cli, make_text, read_folder
from ..webdata import SITE, page, write_crawl, write_wet
from .test_resume import output_bytes, start, wait_for_markers

STEPS = FOUNDATION_STEPS  # extract_html joins them because the input holds HTML


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text())


def test_crawl_folder_accounting(tmp_path):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_crawl(crawl / "a.warc.gz")
    write_wet(crawl / "b.warc.wet.gz", {f"{SITE}/wet/{i}": make_text(i) for i in range(3)})
    (crawl / "visit.html").write_bytes(page("mill-visit.html"))
    data = (crawl / "a.warc.gz").read_bytes()
    (crawl / "c.warc.gz").write_bytes(data[: len(data) - 200])  # cut inside the last record
    out = tmp_path / "out"
    proc = gristmill_cli("run", str(crawl), "-o", str(out), "--workers", "2", "--steps", STEPS, check=True)
    assert "[ok]" in proc.stdout and "not documents (not read): warc_metadata 2" in proc.stdout
    s = summary(out)
    # a.warc.gz: 7 documents; b: 3; visit.html: 1; c.warc.gz: the 6 before the cut + 1 quarantined
    assert (s["read"], s["quarantined"]) == (7 + 3 + 1 + 7, 1)
    assert s["read"] == s["kept"] + s["dropped"] + s["quarantined"]
    assert s["skipped_records"] == {"warc_warcinfo": 3, "warc_request": 6, "warc_revisit": 2, "warc_metadata": 2}
    assert s["dropped_by_reason"]["extract_html.http_error"] == 2
    assert s["dropped_by_reason"]["extract_html.not_html"] == 2
    assert s["dropped_by_reason"]["extract_html.http_redirect"] == 2
    assert s["steps"]["extract_html"]["seen"] == 17  # every document; WET text passes through untouched
    [bad] = read_folder(out / "quarantine")
    assert bad["source"] == "crawl/c.warc.gz" and bad["line"] == 13 and "truncated" in bad["error"]
    kept = {(r["source"], r["line"]): r for r in read_folder(out / "kept") + read_folder(out / "dropped")}
    history = kept[("crawl/a.warc.gz", 3)]
    assert history["metadata"]["url"] == f"{SITE}/2023/mill-history"
    assert "When the railway arrived" in history["text"] and "Privacy policy" not in history["text"]
    assert kept[("crawl/visit.html", 1)]["id"] == "crawl/visit"
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_warc_url_feeds_url_dedup(tmp_path):
    path = tmp_path / "twice.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for name in ("mill-history.html", "mill-visit.html"):  # two fetches of one URL, the page changed
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            url = "https://www.tamsey-notes.example.org/latest?utm_source=feed"
            record = w.create_warc_record(url, "response", payload=io.BytesIO(page(name)), http_headers=http)
            w.write_record(record)
            record.raw_stream.close()
    out = tmp_path / "out"
    gristmill_cli("run", str(path), "-o", str(out), "--steps", "url_dedup", "--workers", "1", check=True)
    [dropped] = read_folder(out / "dropped")
    assert (dropped["reason"], dropped["line"]) == ("url_duplicate", 2)


def test_html_field_and_resiliparse_from_the_command_line(tmp_path):
    path = tmp_path / "pages.jsonl"
    rows = [{"id": n, "page": page(f"{n}.html").decode("latin-1"), "url": f"{SITE}/{n}"} for n in ("mill-history",)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out"
    gristmill_cli(
        "run",
        str(path),
        "-o",
        str(out),
        "--html-field",
        "page",
        "--extractor",
        "resiliparse",
        "--steps",
        STEPS,
        check=True,
    )
    [doc] = read_folder(out / "kept")
    assert "Millers kept careful ledgers" in doc["text"] and doc["metadata"]["url"] == f"{SITE}/mill-history"
    assert summary(out)["config"]["steps"][0] == {
        "name": "extract_html",
        "params": {
            "extractor": "resiliparse",
            "title": False,
            "date": False,
            "comments": False,
            "timeout": 5.0,
            "max_html_bytes": 5_000_000,
        },
    }


N_FILES = 14
PAGES_PER_FILE = 60


@pytest.fixture(scope="module")
def crawl_shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warcs") / "crawl"
    folder.mkdir()
    template = page("mill-history.html").decode()
    for f in range(N_FILES):
        with open(folder / f"crawl-{f:02d}.warc.gz", "wb") as fh:
            w = WARCWriter(fh, gzip=True)
            for i in range(PAGES_PER_FILE):
                n = f * PAGES_PER_FILE + i
                extra = "".join(f"<p>{p}</p>" for p in make_text(n % 500, 4).split("\n\n"))  # some exact copies
                html = template.replace("</article>", extra + "</article>").encode()
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                record = w.create_warc_record(f"{SITE}/p/{n}", "response", payload=io.BytesIO(html), http_headers=http)
                w.write_record(record)
                record.raw_stream.close()
    return folder


def test_kill_9_then_resume_gives_every_page_once(tmp_path, crawl_shards):
    reference = tmp_path / "reference"
    gristmill_cli(
        "run", str(crawl_shards), "-o", str(reference), "--workers", "2", "--quiet", "--steps", STEPS, check=True
    )
    out = tmp_path / "killed"
    proc = start(crawl_shards, out)
    wait_for_markers(out, proc, "pass0-*", 1)
    done = out / ".gristmill" / "done"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert len(list(done.glob("pass0-*"))) < N_FILES, "the run finished before the kill"
    gristmill_cli("run", str(crawl_shards), "-o", str(out), "--workers", "2", "--quiet", "--steps", STEPS, check=True)
    assert output_bytes(out) == output_bytes(reference)
    ids = [r["id"] for r in read_folder(out / "kept")] + [r["id"] for r in read_folder(out / "dropped")]
    assert len(ids) == len(set(ids)) == N_FILES * PAGES_PER_FILE
    assert gristmill_cli("verify", str(out)).returncode == 0


def test_timeout_holds_in_the_worker_processes(tmp_path):
    from ..unit.test_extract import pathological_page

    path = tmp_path / "slow.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body in ((f"{SITE}/slow", pathological_page().encode()), (f"{SITE}/ok", page("mill-visit.html"))):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            w.write_record(record)
            record.raw_stream.close()
    (tmp_path / "other.html").write_bytes(page("muehle.html"))  # a second shard, so the pool has two tasks
    config = tmp_path / "gristmill.toml"
    config.write_text("[extract_html]\ntimeout = 0.5\n")
    out = tmp_path / "out"
    args = ("run", str(path), str(tmp_path / "other.html"), "-o", str(out), "--config", str(config))
    gristmill_cli(*args, "--workers", "2", "--steps", STEPS, check=True)
    s = summary(out)
    assert s["dropped_by_reason"] == {"extract_html.extraction_timeout": 1}
    assert s["kept"] == 2
