"""Lines recurring across a site's pages are removed as edits; one-off lines and other sites are not."""

from __future__ import annotations

from gristmill import Document, Pipeline, replay
from gristmill.document import unreplay

from .test_dedup import sample_texts

NAV = "Home | News | Sport | Weather | Contact us"
FOOTER = "© 2024 Tolver Evening Courier. All rights reserved."


def site_pages() -> list[Document]:
    docs = []
    for i, text in enumerate(sample_texts()[:8]):  # 8 pages of one site, 6 with its navigation and footer
        page = f"{NAV}\n{text}\n{FOOTER}" if i < 6 else text
        docs.append(Document(f"courier-{i}", page, {"url": f"https://www.courier.example/story/{i}"}))
    # another site carries the same footer text on only two pages: under the threshold there
    for i, text in enumerate(sample_texts()[8:10]):
        docs.append(Document(f"other-{i}", f"{text}\n{FOOTER}", {"url": f"https://other.example/{i}"}))
    return docs


def test_site_boilerplate_is_removed_and_replayable():
    docs = site_pages()
    raw = {d.id: d.text for d in docs}
    out = Pipeline.from_names(["line_dedup"]).apply(docs)
    for d in out:
        assert d.decision is None
        assert replay(raw[d.id], d.edits) == d.text and unreplay(d.text, d.edits) == raw[d.id]
        if d.id.startswith("courier"):
            assert NAV not in d.text and FOOTER not in d.text
            assert {e.code for e in d.edits} == ({"site_boilerplate"} if NAV in raw[d.id] else set())
            body_lines = [line for line in raw[d.id].split("\n") if line not in (NAV, FOOTER)]
            assert d.text.split("\n") == body_lines  # only whole lines go
        else:
            assert FOOTER in d.text and d.edits == []


def test_corpus_scope_and_threshold():
    docs = site_pages()
    out = Pipeline.from_names(["line_dedup"], {"line_dedup": {"site_max_docs": 0, "corpus_max_docs": 6}}).apply(docs)
    assert all(FOOTER not in d.text for d in out)  # in 8 documents corpus-wide: over 6
    assert all(d.edits == [] for d in out if d.id in ("courier-6", "courier-7"))
    out = Pipeline.from_names(["line_dedup"], {"line_dedup": {"site_max_docs": 20}}).apply(site_pages())
    assert all(d.edits == [] for d in out)


def test_documents_without_url_are_untouched_by_site_scope():
    docs = [Document(f"d{i}", f"{NAV}\nStory {i} is here.") for i in range(10)]
    assert all(d.edits == [] for d in Pipeline.from_names(["line_dedup"]).apply(docs))
