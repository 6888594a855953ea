"""`quality_signals`: every quality signal, stored, nothing judged (RedPajama-V2 style)."""

from __future__ import annotations

from gristmill.document import Document
from gristmill.steps.base import Annotator
from gristmill.steps.signals.compute import c4, fineweb, gopher_quality, gopher_repetition, words_of


class QualitySignals(Annotator):
    """Stores the Gopher quality and repetition, C4 and FineWeb signals under
    the same names the filters use, so thresholds can be chosen later
    (`gristmill run --annotate-only` runs this instead of the filters).
    """

    name = "quality_signals"
    description = "Store every Gopher, C4 and FineWeb signal without dropping anything."

    def annotate(self, doc: Document) -> None:
        text = doc.text
        words = words_of(text)
        s = doc.signals
        s.update(gopher_quality(text, s.get("language"), words))
        s.update(gopher_repetition(text, words))
        s.update(c4(text))
        s.update(fineweb(text, words))
