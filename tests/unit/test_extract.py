"""extract_html: main text from real HTML, its declared drop reasons, and its limits."""

from __future__ import annotations

import time

import pytest

from gristmill.config import RunConfig
from gristmill.document import Document
from gristmill.io.html import decode_html
from gristmill.io.sources import InputFile
from gristmill.stats import Stats
from gristmill.steps.extract import ExtractHtml, fit_to_inputs

from ..webdata import page

ARTICLE = "Millers kept careful ledgers of every sack that came in"
CHROME = ("Privacy policy", "About us", "written by volunteers", "Great read")


def extract(html: str, metadata: dict | None = None, **params) -> tuple[Document, Stats]:
    doc = Document("d", "", dict(metadata or {"content_type": "text/html"}), html=html)
    stats = Stats()
    ExtractHtml.from_config(params).process(doc, stats)
    return doc, stats


@pytest.mark.parametrize("extractor", ["trafilatura", "resiliparse"])
def test_main_text_without_the_sites_chrome(extractor):
    doc, _ = extract(decode_html(page("mill-history.html")), extractor=extractor)
    assert doc.decision is None and doc.html is None
    assert ARTICLE in doc.text
    assert "When the railway arrived" in doc.text
    for chrome in CHROME:
        assert chrome not in doc.text, chrome


def test_title_and_date_on_request():
    doc, _ = extract(decode_html(page("mill-visit.html")), title=True, date=True)
    assert doc.metadata["title"].startswith("Visiting the mill museum")
    assert doc.text.startswith("Visiting the mill museum")
    assert doc.text.count("Visiting the mill museum") == 1  # trafilatura's text already starts with the headline
    doc, _ = extract(decode_html(page("muehle.html")), title=True)
    assert doc.text.startswith("Die alte Mühle an der Tamse\nDie Wassermühle")


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"http_status": 404, "content_type": "text/html"}, "http_error"),
        ({"http_status": 503, "content_type": "text/html"}, "http_error"),
        ({"http_status": 301, "content_type": None}, "http_redirect"),
        ({"http_status": 200, "content_type": "image/png"}, "not_html"),
        ({"http_status": 200, "content_type": "application/pdf"}, "not_html"),
    ],
)
def test_http_status_and_content_type_reasons(metadata, reason):
    doc, stats = extract("", metadata)
    assert (doc.decision.step, doc.decision.reason) == ("extract_html", reason)
    assert stats[f"steps.extract_html.dropped.{reason}"] == 1


def test_page_without_main_text():
    gallery = "<html><head><title>Photos</title></head><body><img src='a.png'><script>show(1)</script></body></html>"
    doc, _ = extract(gallery)
    assert doc.decision.reason == "no_main_text"


def test_documents_without_html_pass_untouched():
    doc = Document("t", "plain text", {"content_type": "image/png"})
    ExtractHtml().process(doc, Stats())
    assert doc.decision is None and doc.text == "plain text"


def pathological_page(spans: int = 100_000) -> str:
    """A 1.5 MB page of 100,000 one-letter <span>s: trafilatura needs ~9 s for it on this machine."""
    return "<html><body><article>" + "<span>w</span> " * spans + "</article></body></html>"


# An alarm that lands in Hypothesis's garbage-collection callback is swallowed there
# (pytest reports it as unraisable); the timer fires again and stops the page anyway.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_timeout_stops_a_pathological_page():
    started = time.perf_counter()
    doc, _ = extract(pathological_page(), timeout=0.5)
    elapsed = time.perf_counter() - started
    assert doc.decision is not None and doc.decision.reason == "extraction_timeout"
    assert elapsed < 3, f"the timeout did not stop trafilatura ({elapsed:.1f} s)"
    # the worker is fine afterwards: the next page extracts, and no timer is left running
    doc, _ = extract(decode_html(page("mill-history.html")), timeout=0.5)
    assert ARTICLE in doc.text
    time.sleep(0.6)


def test_size_cap_drops_before_parsing():
    started = time.perf_counter()
    doc, _ = extract(pathological_page(400_000), max_html_bytes=1_000_000, timeout=0)
    assert doc.decision.reason == "html_too_large"
    assert time.perf_counter() - started < 1


def test_fit_to_inputs_adds_extraction_for_html_and_leaves_it_out_otherwise():
    html = [InputFile("/x/a.warc.gz", "a.warc.gz", "warc")]
    text = [InputFile("/x/a.jsonl", "a.jsonl", "jsonl")]
    config = RunConfig(steps=("normalize_whitespace", "exact_dedup"))
    assert fit_to_inputs(config, html).steps == ("extract_html", "normalize_whitespace", "exact_dedup")
    assert fit_to_inputs(config, text) is config
    default = RunConfig(step_params={"extract_html": {"extractor": "resiliparse"}})
    assert default.steps[0] == "extract_html"
    assert "extract_html" not in fit_to_inputs(default, text).steps
    assert fit_to_inputs(RunConfig(html_field="html"), text).steps[0] == "extract_html"
