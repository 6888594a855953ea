"""extract_html: a web page's main text, from its HTML.

Runs first, and only on documents that carry HTML (`Document.html`: WARC
responses, `.html` files, `--html-field` records); the text it returns is the
document's input text for every later step, so repairs, signals, filters and
dedup run on it unchanged, and edits are offsets into it.

trafilatura (Barbaresi 2021, ACL demo) is the default extractor: main text
without navigation, and optionally the title and publication date.
resiliparse's `extract_plain_text(main_content=True)` is the faster option
(`pip install 'gristmill[resiliparse]'`), with fewer heuristics.

One page cannot hang a worker: HTML over `max_html_bytes` is dropped before it
is parsed, and extraction runs under a `timeout` (a SIGALRM timer in the worker
process). The timer can only interrupt Python code, which is where trafilatura
spends its time on big pages; lxml's parser itself is linear, and the size cap
bounds it. Off the main thread no timer can be set, and the size cap alone holds.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from gristmill.document import Decision, Document
from gristmill.errors import ConfigError
from gristmill.io.html import is_html_type
from gristmill.stats import Stats
from gristmill.steps.base import Step

if TYPE_CHECKING:
    from gristmill.config import RunConfig
    from gristmill.io.sources import InputFile

EXTRACTORS = ("trafilatura", "resiliparse")
_NEEDS = {"trafilatura": "trafilatura", "resiliparse": "resiliparse.extract.html2text"}
_EXTRA = {"trafilatura": "warc", "resiliparse": "resiliparse"}


@dataclasses.dataclass(frozen=True)
class ExtractParams:
    extractor: Literal["trafilatura", "resiliparse"] = "trafilatura"
    title: bool = False  # the page's title as the text's first line (unless the text starts with it)
    date: bool = False  # the publication date into metadata["date"] (trafilatura only; costs ~2x time)
    comments: bool = False  # keep reader comments as main text
    timeout: float = 5.0  # seconds per page; 0: no limit
    max_html_bytes: int = 5_000_000  # HTML over this (in UTF-8) is dropped before parsing

    def __post_init__(self) -> None:
        if self.extractor not in EXTRACTORS:
            raise ConfigError(f"extract_html.extractor must be one of {', '.join(EXTRACTORS)}, not {self.extractor!r}")
        if self.timeout < 0 or self.max_html_bytes < 1:
            raise ConfigError("extract_html.timeout must be 0 or more, max_html_bytes positive")


class ExtractionTimeout(BaseException):
    """Raised by the timer inside the extractor. A BaseException, so that the
    extractor's own `except Exception` handlers cannot swallow it."""


class ExtractHtml(Step):
    name = "extract_html"
    description = "Extract a web page's main text from its HTML (trafilatura, or resiliparse); HTML input only."
    Params = ExtractParams
    REASONS = {
        "http_redirect": "the HTTP response is a redirect (3xx): the page is elsewhere",
        "http_error": "the HTTP status is not a success (4xx, 5xx, 1xx)",
        "not_html": "the content type is not HTML (an image, a PDF, a script, ...)",
        "html_too_large": "the HTML is over max_html_bytes and was not parsed",
        "extraction_timeout": "the extractor ran past timeout seconds",
        "extraction_failed": "the extractor raised an error (in metadata.extraction_error)",
        "no_main_text": "the extractor found no main text",
    }

    def process(self, doc: Document, stats: Stats) -> None:
        if doc.html is None:
            return
        html, doc.html = doc.html, None
        reason = _http_reason(doc.metadata)
        cap = self.params.max_html_bytes
        if reason is None and len(html) > cap // 4 and _utf8_size(html) > cap:  # a char is at most 4 bytes
            reason = "html_too_large"
        if reason is None:
            _import(self.params.extractor)  # the first page of a worker must not pay the import in its time
            try:
                with time_limit(self.params.timeout):
                    doc.text = self.extract(html, doc.metadata)
            except ExtractionTimeout:
                reason = "extraction_timeout"
            except Exception as exc:  # a broken page must not stop the run: dropped with the error
                doc.metadata["extraction_error"] = f"{type(exc).__name__}: {exc}"[:500]
                reason = "extraction_failed"
            else:
                if not doc.text.strip():
                    reason = "no_main_text"
        if reason is not None:
            doc.text = ""
            doc.decision = Decision(self.name, reason)
            stats.add(f"steps.{self.name}.dropped.{reason}")

    def extract(self, html: str, metadata: dict[str, Any]) -> str:
        """The page's main text; fills metadata["title"] / ["date"] when asked to."""
        p = self.params
        title = date = None
        if p.extractor == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text
            from resiliparse.parse.html import HTMLTree

            tree = HTMLTree.parse(html)
            text = extract_plain_text(
                tree, main_content=True, preserve_formatting=True, list_bullets=False, comments=p.comments
            )
            title = tree.title if p.title else None
        else:
            import trafilatura

            found = trafilatura.bare_extraction(
                html, url=metadata.get("url"), include_comments=p.comments, with_metadata=p.title or p.date
            )
            text = (found.text or "") if found is not None else ""
            if found is not None:
                title, date = found.title, found.date
        if p.title and title:
            title = " ".join(title.split())
            metadata["title"] = title
            if text and not text.startswith(title):
                text = f"{title}\n{text}"
        if p.date and date:
            metadata["date"] = date
        return text


def _import(extractor: str) -> None:
    import importlib

    importlib.import_module(_NEEDS[extractor])


def _http_reason(metadata: dict[str, Any]) -> str | None:
    status = metadata.get("http_status")
    if isinstance(status, int) and not 200 <= status < 300:
        return "http_redirect" if 300 <= status < 400 else "http_error"
    if not is_html_type(metadata.get("content_type")):
        return "not_html"
    return None


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", errors="replace"))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ExtractionTimeout in this (main) thread after `seconds`; no limit at 0
    or off the main thread, where signals cannot be delivered."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    fired = False

    def on_alarm(signum: int, frame: Any) -> None:
        nonlocal fired
        fired = True
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The timer fires again every 50 ms past the limit: an exception raised while
    # Python runs a garbage-collection callback or a __del__ is swallowed, so one
    # alarm is not always enough to stop the extraction.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:  # the limit passed while the page was extracted: a timeout all the same
        raise ExtractionTimeout


def fit_to_inputs(config: RunConfig, files: list[InputFile]) -> RunConfig:
    """extract_html runs first whenever an input holds HTML (added if the steps
    leave it out), and is left out when none does; its extractor must be installed."""
    from gristmill.io.sources import HTML_KINDS

    needed = bool(config.html_field) or any(f.kind in HTML_KINDS for f in files)
    steps = [s for s in config.steps if s != ExtractHtml.name]
    params = dict(config.step_params)
    if not needed:
        params.pop(ExtractHtml.name, None)
        if len(steps) == len(config.steps):
            return config
        return dataclasses.replace(config, steps=tuple(steps), step_params=params)
    extractor = params.get(ExtractHtml.name, {}).get("extractor", "trafilatura")
    _require(extractor, "extract_html.extractor")
    if any(f.kind == "warc" or f.kind == "wet" for f in files):
        _require("fastwarc", "WARC input")
    if config.steps[:1] == (ExtractHtml.name,):
        return config
    return dataclasses.replace(config, steps=(ExtractHtml.name, *steps))


def _require(what: str, why: str) -> None:
    import importlib.util

    module = {"fastwarc": "fastwarc", **_NEEDS}.get(what, what)
    if importlib.util.find_spec(module.split(".")[0]) is None:
        extra = _EXTRA.get(what, "warc")
        raise ConfigError(f"{why} needs {what}: pip install 'gristmill[{extra}]'")
