"""Dedup steps on the shipped sample pages (CC0, written for gristmill) and copies made from them."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from gristmill import Document, Pipeline
from gristmill.errors import ConfigError
from gristmill.steps.dedup.minhash import MinHasher, band_hashes, estimated_jaccard, optimal_bands
from gristmill.steps.dedup.near import NearDedup
from gristmill.steps.dedup.url import normalize_url

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sample" / "pages.jsonl"
WORD = __import__("re").compile(r"\w+")


def sample_texts(min_words: int = 120) -> list[str]:
    texts = [json.loads(line)["text"] for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    distinct = list(dict.fromkeys(t for t in texts if len(t.split()) >= min_words))
    # the sample holds near copies of its own pages; keep pages that are not near each other
    chosen: list[str] = []
    for t in distinct:
        if all(jaccard(t, c) < 0.5 for c in chosen):
            chosen.append(t)
    return chosen


def jaccard(a: str, b: str, n: int = 5) -> float:
    def shingles(t: str) -> set[tuple[str, ...]]:
        w = WORD.findall(t.lower())
        return {tuple(w[i : i + n]) for i in range(max(1, len(w) - n + 1))}

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def edit_words(text: str, share: float, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    for i in range(len(words)):
        if rng.random() < share:
            words[i] = f"changed{rng.randint(0, 10**6)}"
    return " ".join(words)


def test_signature_estimates_jaccard():
    hasher = MinHasher(256, 5, seed=7)
    base = sample_texts()[0]
    for share in (0.0, 0.02, 0.05, 0.15):
        copy = edit_words(base, share, seed=3)
        sigs = hasher.signatures([base, copy])
        estimate = estimated_jaccard(sigs[:1], sigs[1:])[0]
        assert abs(estimate - jaccard(base, copy)) < 0.1, share


def test_signatures_do_not_depend_on_batching_and_are_seeded():
    texts = sample_texts(0)
    hasher = MinHasher(64, 5, seed=1)
    together = hasher.signatures(texts)
    alone = np.vstack([hasher.signatures([t]) for t in texts])
    assert (together == alone).all()
    assert not (MinHasher(64, 5, seed=2).signatures(texts[:3]) == together[:3]).all()
    assert (MinHasher(64, 5, seed=1).signatures(texts[:3]) == together[:3]).all()


def test_short_and_empty_texts_and_unicode():
    hasher = MinHasher(32, 5, seed=1)
    sigs = hasher.signatures(["", "one two", "one two", "Zażółć gęślą jaźń i tak dalej dalej", "Читать далее"])
    assert (sigs[1] == sigs[2]).all() and not (sigs[0] == sigs[1]).all()
    assert band_hashes(sigs, 4, 8).shape == (5, 4)


def test_bands_follow_the_threshold():
    b, r = optimal_bands(0.8, 128, min_recall=0.99)
    assert b * r <= 128 and 1 - (1 - 0.8**r) ** b >= 0.99
    assert optimal_bands(0.9, 128, min_recall=0.99)[1] > r  # stricter threshold: longer bands
    assert NearDedup.from_config({"bands": 9, "rows": 12}).bands == 9
    with pytest.raises(ConfigError, match="bands and near_dedup.rows go together"):
        NearDedup.from_config({"bands": 9})
    with pytest.raises(ConfigError, match="threshold"):
        NearDedup.from_config({"threshold": 1.5})


def make_corpus() -> tuple[list[Document], dict[str, str]]:
    """Sample pages, near copies (2 % of words changed), a heavily edited copy (not a duplicate),
    exact copies in other case and spacing; truth maps each copy to its original."""
    docs, truth = [], {}
    for i, text in enumerate(sample_texts()):
        docs.append(Document(f"p{i}", text, {"url": f"https://example.org/{i}"}))
        docs.append(Document(f"p{i}-near", edit_words(text, 0.02, seed=i), {"url": f"https://mirror.example/{i}"}))
        truth[f"p{i}-near"] = f"p{i}"
        docs.append(Document(f"p{i}-far", edit_words(text, 0.4, seed=i), {}))
    docs.append(Document("p0-upper", docs[0].text.upper().replace(" ", "  "), {"url": "HTTPS://www.example.org/0/"}))
    truth["p0-upper"] = "p0"
    return docs, truth


def test_near_dedup_finds_every_copy_over_the_threshold_and_nothing_far():
    docs, truth = make_corpus()
    text = {d.id: d.text for d in docs}
    out = Pipeline.from_names(["near_dedup"]).apply(docs)
    dropped = {d.id: d.decision.duplicate_of for d in out if d.decision}
    assert all(d.decision.reason == "near_duplicate" for d in out if d.decision)
    checked = 0
    for copy, original in truth.items():
        j = jaccard(text[copy], text[original])
        if j >= 0.8:
            assert dropped.get(copy) == original, (copy, j)
            checked += 1
    assert checked >= 15
    for doc_id, kept in dropped.items():
        assert jaccard(text[doc_id], text[kept]) >= 0.6, doc_id  # no far pair is ever merged
    assert not any(doc_id.endswith("-far") for doc_id in dropped)


def test_exact_and_url_dedup_and_keep_longest():
    docs, _ = make_corpus()
    out = Pipeline.from_names(["exact_dedup", "url_dedup"], {"exact_dedup": {"keep": "longest"}}).apply(docs)
    dropped = {d.id: (d.decision.reason, d.decision.duplicate_of) for d in out if d.decision}
    # p0-upper is longer (doubled spaces) than p0, so with keep=longest p0 is the copy dropped
    assert dropped == {"p0": ("exact_duplicate", "p0-upper")}
    out = Pipeline.from_names(["url_dedup"]).apply(make_corpus()[0])
    assert {d.id: d.decision.duplicate_of for d in out if d.decision} == {"p0-upper": "p0"}


def test_normalize_url_keeps_what_names_the_page():
    assert normalize_url("http://Example.org/a?b=1&a=2") == normalize_url("https://www.example.org/a/?a=2&b=1&utm_x=y")
    assert normalize_url("https://example.org/a?page=2") != normalize_url("https://example.org/a?page=3")
    assert normalize_url("https://example.org:8080/a") == "example.org:8080/a"


def test_keep_best_by_a_signal():
    text = sample_texts()[0]
    docs = [Document(f"c{i}", text, signals={"language_score": s}) for i, s in enumerate([0.5, 0.9, 0.7])]
    docs.append(Document("no-signal", text))
    out = Pipeline.from_names(["exact_dedup"], {"exact_dedup": {"keep": "best"}}).apply(docs)
    assert [d.id for d in out if d.decision is None] == ["c1"]
    low = [Document(f"c{i}", text, signals={"x": s}) for i, s in enumerate([0.5, 0.1, 0.7])]
    out = Pipeline.from_names(["exact_dedup"], {"exact_dedup": {"keep": "best", "best_signal": "-x"}}).apply(low)
    assert [d.id for d in out if d.decision is None] == ["c1"]
    near = [
        Document("a", text, signals={"language_score": 0.2}),
        Document("b", edit_words(text, 0.01, 1), signals={"language_score": 0.8}),
    ]
    out = Pipeline.from_names(["near_dedup"], {"near_dedup": {"keep": "best"}}).apply(near)
    assert [(d.id, d.decision.duplicate_of if d.decision else None) for d in out] == [("a", "b"), ("b", None)]


def test_batch_jaccard_equals_pairwise_jaccard():
    from gristmill.steps.dedup.minhash import batch_jaccard, exact_jaccard

    rng = np.random.default_rng(7)
    xs = [rng.integers(0, 50, size=rng.integers(0, 40)).astype(np.uint32) for _ in range(200)]
    ys = [np.concatenate([x[: len(x) // 2], rng.integers(0, 50, size=5)]).astype(np.uint32) for x in xs]
    offsets = lambda parts: np.concatenate([[0], np.cumsum([len(p) for p in parts])])  # noqa: E731
    got = batch_jaccard(np.concatenate(xs), offsets(xs), np.concatenate(ys), offsets(ys))
    assert np.allclose(got, [exact_jaccard(x, y) for x, y in zip(xs, ys, strict=True)])


def test_sorted_batch_jaccard_equals_pairwise_jaccard():
    from gristmill.steps.dedup.minhash import exact_jaccard, sorted_batch_jaccard

    rng = np.random.default_rng(8)
    xs = [np.unique(rng.integers(0, 60, size=rng.integers(0, 40))).astype(np.uint32) for _ in range(200)]
    ys = [np.unique(np.concatenate([x[: len(x) // 2], rng.integers(0, 60, size=6)])).astype(np.uint32) for x in xs]
    offsets = lambda parts: np.concatenate([[0], np.cumsum([len(p) for p in parts])])  # noqa: E731
    got = sorted_batch_jaccard(np.concatenate(xs), offsets(xs), np.concatenate(ys), offsets(ys))
    assert np.allclose(got, [exact_jaccard(x, y) for x, y in zip(xs, ys, strict=True)])


def test_checking_in_rounds_gives_the_clusters_of_checking_every_pair():
    """Skipping pairs already connected changes how many are checked, never the clusters."""
    from gristmill.steps.dedup.clusters import connected_components
    from gristmill.steps.dedup.near import check_in_rounds, root_of

    rng = np.random.default_rng(3)
    family = rng.integers(0, 6, size=100)  # documents 0..99, each in one of 6 families
    sure_a, sure_b = rng.integers(0, 100, size=(2, 40))
    sure = family[sure_a] == family[sure_b]
    a, b = rng.integers(0, 100, size=(2, 3000))
    a, b = np.minimum(a, b)[a != b], np.maximum(a, b)[a != b]  # candidate pairs have a < b
    passes = lambda x, y: (family[x] == family[y]) & ((x + y) % 3 > 0)  # noqa: E731
    everything = np.concatenate([sure_a[sure], a[passes(a, b)]]), np.concatenate([sure_b[sure], b[passes(a, b)]])
    for round_size in (1, 7, 5000):
        nodes, roots = connected_components(sure_a[sure], sure_b[sure])
        root_a, root_b = root_of(nodes, roots, a), root_of(nodes, roots, b)
        ok_a, ok_b, checked = check_in_rounds(root_a, root_b, a, b, rng.random(len(a)), passes, round_size)
        assert passes(ok_a, ok_b).all()
        got = connected_components(np.concatenate([sure_a[sure], ok_a]), np.concatenate([sure_b[sure], ok_b]))
        want = connected_components(*everything)
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))
        if round_size == 1:  # pairs inside a family stop being checked once it is connected
            assert checked < len(a) - 0.5 * (family[a] == family[b]).sum()


def test_shingle_sets_read_from_key_files_and_from_memory(tmp_path):
    """The exact check's shingle sets come back sorted, without repeats, for the documents asked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from gristmill.steps.dedup.keys import KeyStore
    from gristmill.steps.dedup.near import ShingleSets

    shingles = [[5, 3, 5, 1], [], [9, 2], [7, 7]]
    table = pa.table(
        {
            "shard": pa.array([0, 0, 1, 1], pa.int32()),
            "idx": pa.array([0, 1, 0, 1], pa.int64()),
            "shingles": pa.array(shingles, pa.list_(pa.uint32())),
        }
    )
    wanted = np.array([0, (1 << 32) | 0, (1 << 32) | 1], dtype=np.int64)
    pq.write_table(table.slice(0, 2), tmp_path / "k0.parquet")
    pq.write_table(table.slice(2), tmp_path / "k1.parquet")
    for source in ([tmp_path / "k0.parquet", tmp_path / "k1.parquet"], table):
        store = KeyStore()
        store.use(source)
        sets = ShingleSets.read(store, wanted)
        assert sets.docs.tolist() == wanted.tolist()
        got = [sets.values[sets.offsets[i] : sets.offsets[i + 1]].tolist() for i in range(3)]
        assert got == [[1, 3, 5], [2, 9], [7]]
        assert sets.jaccard(wanted[:1], wanted[:1]).tolist() == [1.0]
        store.close()
