"""Main-text quality and speed on real web pages: trafilatura alone versus gristmill
(trafilatura in the extract_html step, then gristmill's default repair steps).

Usage: python bench/extract_quality.py [--pages DIR] [--rounds 3] [--show-losses N] [--json OUT]

Pages: the 130 mozilla/readability test pages in ../shared/data/corpora/readability-pages
(`source.html.gz`, with Readability's expected article `expected.html.gz`; the expected
text is the `text` of readability-pages.jsonl.gz, made from expected.html with block
elements as line breaks).

Score: token F1 of the extracted text against the expected text, per page, as a bag of
lower-cased tokens (words; each CJK character is one token), averaged over the pages of
a class. Classes:
- `fixture`: Readability's synthetic test fixtures (the expected text has "lorem ipsum" in it,
  or half its words come from the filler texts: `visibility-hidden`'s has only the filler's tail);
- `real`: every other page; and real pages by the length of their expected article:
  `short` (< 500 tokens), `medium` (500-1,500), `long` (> 1,500);
- real pages by language (expected-metadata.json's `lang`): `english`, `other-language`.

Systems, on the same decoded HTML:
- `trafilatura`: `trafilatura.extract(html)` with its defaults (comments included);
- `trafilatura-no-comments`: `extract(html, include_comments=False)`, which is what the
  extract_html step runs: the repair steps' own effect is gristmill minus this;
- `gristmill`: extract_html, then the repair steps of the default pipeline
  (normalize_whitespace, fix_unicode, remove_boilerplate, rejoin_wraps, remove_repeats);
- `gristmill+pii`: the same, then the pii step, which replaces e-mail addresses and phone
  numbers with placeholders on purpose (a loss of tokens by design);
- `resiliparse` and `gristmill-resiliparse`: the same with the faster extractor.

Speed, per worker (one process), in the same run: pages/s of `gristmill run` on a WARC
file of the 130 pages (reading, extraction, repair, writing; `--workers 1`) beside
pages/s of `trafilatura.extract` on the same pages' bytes, best of `--rounds`.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import trafilatura

from gristmill.config import RunConfig
from gristmill.document import Document
from gristmill.io.html import decode_html
from gristmill.pipeline import Pipeline
from gristmill.runner import run
from gristmill.steps.repair.repeats import filler_share, line_words

PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpora" / "readability-pages"
# the repair steps, as bench_repair.py and tests/golden name them; pii (a redaction) is scored on its own row
REPAIR = ["normalize_whitespace", "fix_unicode", "remove_boilerplate", "rejoin_wraps", "remove_repeats"]
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def f1(predicted: str, expected: Counter[str]) -> float:
    got = tokens(predicted)
    common = sum((got & expected).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def load(folder: Path) -> list[dict]:
    expected = {}
    with gzip.open(folder / "readability-pages.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            expected[rec["id"].split("/", 1)[1]] = rec
    pages = []
    for name in sorted(expected):
        raw = gzip.decompress((folder / "pages" / name / "source.html.gz").read_bytes())
        rec = expected[name]
        gold = tokens(rec["text"])
        n = sum(gold.values())
        if "lorem ipsum" in rec["text"].lower() or filler_share(line_words(rec["text"])) >= 0.5:
            classes = ["fixture"]
        else:
            classes = ["real", "short" if n < 500 else "medium" if n <= 1500 else "long"]
            classes.append("english" if (rec.get("lang") or "en").lower().startswith("en") else "other-language")
        pages.append({"name": name, "raw": raw, "html": decode_html(raw), "gold": gold, "classes": classes})
    return pages


def gristmill_texts(pages: list[dict], extractor: str) -> tuple[list[str], list[str], list[str]]:
    """(extracted, repaired, repaired and redacted) text per page."""
    extract = Pipeline.from_names(["extract_html"], {"extract_html": {"extractor": extractor, "timeout": 0}})
    docs = [Document(p["name"], "", {"content_type": "text/html"}, html=p["html"]) for p in pages]
    extract.apply(docs)
    extracted = [d.text for d in docs]
    live = [d for d in docs if d.decision is None]
    Pipeline.from_names(REPAIR).apply(live)
    repaired = [d.text for d in docs]
    Pipeline.from_names(["pii"]).apply(live)
    return extracted, repaired, [d.text for d in docs]


def score(pages: list[dict]) -> tuple[dict[str, list[str]], dict[str, dict[str, float]]]:
    outputs: dict[str, list[str]] = {
        "trafilatura": [trafilatura.extract(p["html"]) or "" for p in pages],
    }
    outputs["trafilatura-no-comments"], outputs["gristmill"], outputs["gristmill+pii"] = gristmill_texts(
        pages, "trafilatura"
    )
    try:
        outputs["resiliparse"], outputs["gristmill-resiliparse"], _ = gristmill_texts(pages, "resiliparse")
    except ImportError:
        print("resiliparse is not installed: its rows are left out", file=sys.stderr)
    classes = ["all", "fixture", "real", "short", "medium", "long", "english", "other-language"]
    table: dict[str, dict[str, float]] = {}
    for system, texts in outputs.items():
        per_page = [f1(t, p["gold"]) for t, p in zip(texts, pages, strict=True)]
        for p, s in zip(pages, per_page, strict=True):
            p.setdefault("f1", {})[system] = s
        table[system] = {
            c: statistics.fmean([s for p, s in zip(pages, per_page, strict=True) if c == "all" or c in p["classes"]])
            for c in classes
        }
    return outputs, table


def write_warc(pages: list[dict], path: Path, copies: int = 1) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for c, p in ((c, p) for c in range(copies) for p in pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            url = f"https://readability.example/{p['name']}?copy={c}"
            record = w.create_warc_record(url, "response", payload=io.BytesIO(p["raw"]), http_headers=http)
            w.write_record(record)
            record.raw_stream.close()


def speed(pages: list[dict], rounds: int, workdir: Path) -> dict[str, float]:
    warc = workdir / "pages.warc.gz"
    write_warc(pages, warc)
    best = {"trafilatura": float("inf"), "gristmill": float("inf"), "gristmill-resiliparse": float("inf")}
    for r in range(rounds):
        t0 = time.perf_counter()
        for p in pages:
            trafilatura.extract(p["raw"])
        best["trafilatura"] = min(best["trafilatura"], time.perf_counter() - t0)
        for system, extractor in (("gristmill", "trafilatura"), ("gristmill-resiliparse", "resiliparse")):
            config = RunConfig(
                workers=1, steps=("extract_html", *REPAIR), step_params={"extract_html": {"extractor": extractor}}
            )
            t0 = time.perf_counter()
            summary = run([str(warc)], workdir / f"out-{system}-{r}", config)
            best[system] = min(best[system], time.perf_counter() - t0)
            assert summary["read"] == len(pages)
    return {k: len(pages) / v for k, v in best.items()}


def memory(pages: list[dict], copies: list[int], workdir: Path) -> list[tuple[int, int, float]]:
    """(pages, WARC MB, peak RSS MB) of `gristmill run --workers 1` on WARC files of growing size
    (resiliparse, so that the reading dominates); each run in a fresh process."""
    import subprocess

    out = []
    for n in sorted(copies):
        warc = workdir / f"x{n}.warc.gz"
        write_warc(pages, warc, n)
        script = (
            "import resource, sys; from gristmill.cli import main; main(sys.argv[1:]);"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        args = ["run", str(warc), "-o", str(workdir / f"out{n}"), "--workers", "1", "--quiet"]
        args += ["--steps", "normalize_whitespace", "--extractor", "resiliparse"]
        proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
        out.append((n * len(pages), warc.stat().st_size / 1e6, int(proc.stdout.split()[-1]) / 1024))
        warc.unlink()
    return out


def read_speed(pages: list[dict], copies: int, workdir: Path, rounds: int) -> tuple[float, float, float]:
    """(MB, records/s of FastWARC alone with its own gzip, documents/s of gristmill's reader) on one file."""
    from fastwarc.warc import ArchiveIterator

    from gristmill.io.readers import ReadOptions, read_file
    from gristmill.io.sources import InputFile
    from gristmill.stats import Stats

    warc = workdir / "read.warc.gz"
    write_warc(pages, warc, copies)
    peer = ours = float("inf")
    n = len(pages) * copies
    for _ in range(rounds):
        t0 = time.perf_counter()
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh, parse_http=True):
                record.reader.read()
        peer = min(peer, time.perf_counter() - t0)
        t0 = time.perf_counter()
        assert sum(1 for _ in read_file(InputFile(str(warc), warc.name, "warc"), ReadOptions(), Stats())) == n
        ours = min(ours, time.perf_counter() - t0)
    return warc.stat().st_size / 1e6, n / peer, n / ours


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=Path, default=PAGES)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--show-losses", type=int, default=0, help="print the N pages where repair lowers F1 most")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", type=Path, help="write per-page scores here")
    ap.add_argument("--memory-copies", type=int, nargs="*", help="peak memory on WARC files of the pages N times")
    ap.add_argument("--read-copies", type=int, default=0, help="reading speed alone on a WARC of the pages N times")
    a = ap.parse_args()
    pages = load(a.pages)
    counts = Counter(c for p in pages for c in p["classes"])
    print(f"{len(pages)} pages: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
    print(f"repair steps: {', '.join(REPAIR)}")
    outputs, table = score(pages)
    classes = list(next(iter(table.values())))
    header = f"{'system':<24}" + "".join(f"{c:>{max(9, len(c) + 1)}}" for c in classes)
    print("\nmean token F1 per page class (pages in class)")
    sizes = [f"({len(pages) if c == 'all' else counts[c]})" for c in classes]
    print(f"{'':<24}" + "".join(f"{s:>{max(9, len(c) + 1)}}" for s, c in zip(sizes, classes, strict=True)))
    print(header)
    for system, row in table.items():
        print(f"{system:<24}" + "".join(f"{row[c]:>{max(9, len(c) + 1)}.4f}" for c in classes))
    base, ours = "trafilatura-no-comments", "gristmill"
    changed = [p for p in pages if abs(p["f1"][ours] - p["f1"][base]) > 1e-9]
    better = sum(p["f1"][ours] > p["f1"][base] for p in changed)
    print(f"\nrepair changed the score of {len(changed)} pages: {better} up, {len(changed) - better} down")
    if a.show_losses:
        for p in sorted(pages, key=lambda p: p["f1"][ours] - p["f1"][base])[: a.show_losses]:
            print(f"  {p['name']:<40} {p['f1'][base]:.4f} -> {p['f1'][ours]:.4f}")
    if a.json:
        a.json.write_text(json.dumps({p["name"]: p["f1"] for p in pages}, indent=1))
    if not a.no_speed:
        with tempfile.TemporaryDirectory() as tmp:
            rates = speed(pages, a.rounds, Path(tmp))
        print(f"\nspeed, pages/s per worker (best of {a.rounds} rounds, same run)")
        for k, v in rates.items():
            print(f"  {k:<24} {v:8.1f}   x{v / rates['trafilatura']:.2f} of trafilatura.extract")
    if a.read_copies:
        with tempfile.TemporaryDirectory() as tmp:
            mb, peer, ours = read_speed(pages, a.read_copies, Path(tmp), a.rounds)
        print(f"\nreading a {mb:.0f} MB .warc.gz (no extraction), best of {a.rounds}:")
        print(f"  FastWARC alone {peer:.0f} records/s, gristmill's reader {ours:.0f} documents/s: x{ours / peer:.2f}")
    if a.memory_copies:
        with tempfile.TemporaryDirectory() as tmp:
            print("\npeak memory of `gristmill run --workers 1` (one process) as the WARC file grows")
            for n, mb, rss in memory(pages, a.memory_copies, Path(tmp)):
                print(f"  {n:>7,} pages  {mb:8.1f} MB .warc.gz   peak RSS {rss:7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
