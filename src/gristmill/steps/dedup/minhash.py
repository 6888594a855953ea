"""MinHash signatures and LSH banding, vectorised with numpy.

Shingles are word n-grams of the lower-cased text (words are runs of `\\w`, as
in datasketch's and the benchmark's reference shingling); a text shorter than n
words is one shingle. A word's hash is a polynomial hash of its UTF-8 bytes,
read off one prefix sum over the whole batch; a shingle's hash mixes its n word
hashes; permutation k maps a shingle hash x to (a_k * x + b_k) mod 2^32 with odd
a_k drawn from `seed`.

Signature byte format: `num_perm` little-endian uint32 values, permutation order.
Two signatures are comparable only with equal (num_perm, ngram, seed).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_PERM_BLOCK = 16  # permutations per numpy pass: bounds the temporary to 16 x shingles
_MAX_BATCH_CHARS = 1 << 20  # characters signed in one numpy pass; a bigger text is signed alone, in chunks


def _finalize(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit affects every output bit."""
    h = h ^ (h >> np.uint64(30))
    h = h * _M1
    h = h ^ (h >> np.uint64(27))
    h = h * _M2
    return h ^ (h >> np.uint64(31))


@functools.lru_cache(maxsize=64)
def optimal_bands(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5, min_recall: float | None = None
) -> tuple[int, int]:
    """Bands and rows (b * r <= num_perm) for a Jaccard threshold under the LSH
    S-curve P(s) = 1 - (1 - s^r)^b.

    Without `min_recall`: minimise the weighted areas of false positives (below
    the threshold) and false negatives (above it), as datasketch's `_optimal_param`.
    With it (used when candidates are verified afterwards, so false positives
    only cost time): among bandings that catch at least `min_recall` of the pairs
    at exactly the threshold, the one with the smallest false-positive area.

    >>> optimal_bands(0.8, 128)
    (9, 13)
    >>> optimal_bands(0.8, 128, min_recall=0.99)
    (16, 6)
    """

    steps = 100  # midpoint rule on each side of the threshold
    below = (np.arange(steps) + 0.5) / steps * threshold
    above = threshold + (np.arange(steps) + 0.5) / steps * (1 - threshold)
    best, best_err = (1, 1), math.inf
    for b in range(1, num_perm + 1):
        r = np.arange(1, num_perm // b + 1)[:, None]  # every row count that fits with b bands
        fp = (1 - (1 - below**r) ** b).mean(axis=1) * threshold
        if min_recall is not None:
            err = np.where(1 - (1 - threshold ** r[:, 0]) ** b >= min_recall, fp, np.inf)
        else:
            fn = ((1 - above**r) ** b).mean(axis=1) * (1 - threshold)
            err = fp_weight * fp + fn_weight * fn
        i = int(np.argmin(err))
        if err[i] < best_err - 1e-12:
            best, best_err = (b, i + 1), float(err[i])
    return best


_P = np.uint64(0x100000001B3)  # odd, so invertible mod 2^64: word hashes come from one prefix sum
_P_INVERSE = np.uint64(pow(0x100000001B3, -1, 1 << 64))
_WORD_BYTES = bytes(c if c < 128 and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256)).lower()
_NON_WORD = re.compile(r"\W+")


def _normalized_bytes(text: str) -> bytes:
    """The text's lower-cased words separated by spaces, as UTF-8. ASCII text takes
    a byte-table fast path; other text the Unicode-aware regex (the words of `\\w+`)."""
    if text.isascii():
        return text.encode("ascii").translate(_WORD_BYTES)
    return _NON_WORD.sub(" ", text.lower()).encode("utf-8", "surrogatepass")


def _powers(base: np.uint64, size: int) -> np.ndarray:
    """base^0 .. base^(size-1) mod 2^64."""
    seq = np.full(size, base, dtype=np.uint64)
    seq[0] = 1
    return np.cumprod(seq, dtype=np.uint64)


class MinHasher:
    """Signatures for batches of texts; every step is a numpy operation over the
    whole batch, with no Python loop per word or shingle."""

    def __init__(self, num_perm: int, ngram: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.ngram = ngram
        self.a = (rng.integers(0, 2**32, size=(num_perm, 1), dtype=np.uint64) | np.uint64(1)).astype(np.uint32)
        self.b = rng.integers(0, 2**32, size=(num_perm, 1), dtype=np.uint64).astype(np.uint32)
        self._pow = _powers(_P, 1 << 16)
        self._inv = _powers(_P_INVERSE, 1 << 16)

    def _power_tables(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self._pow) < size:
            self._pow = _powers(_P, 2 * size)
            self._inv = _powers(_P_INVERSE, 2 * size)
        return self._pow, self._inv

    def _words(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """64-bit hashes of the words of all texts, in order, and the text each word belongs to."""
        normalized = [_normalized_bytes(t) for t in texts]
        text_start = np.cumsum([1] + [len(b) + 1 for b in normalized[:-1]])
        arr = np.frombuffer(b" " + b" ".join(normalized) + b" ", dtype=np.uint8)
        space = arr == 0x20
        starts = np.flatnonzero(space[:-1] & ~space[1:]) + 1
        ends = np.flatnonzero(~space[:-1] & space[1:]) + 1
        powers, inverse = self._power_tables(len(arr) + 1)
        prefix = np.zeros(len(arr) + 1, dtype=np.uint64)
        np.cumsum((arr.astype(np.uint64) + np.uint64(1)) * powers[: len(arr)], dtype=np.uint64, out=prefix[1:])
        words = _finalize((prefix[ends] - prefix[starts]) * inverse[starts])
        return words, np.searchsorted(text_start, starts, side="right") - 1

    def _batch_shingles(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """uint32 shingle hashes of all texts, grouped by text, and each text's first offset.
        A text of fewer than n words is one shingle of all its words (none: of nothing)."""
        words, owner = self._words(texts)
        n, m = self.ngram, len(words)
        counts = np.bincount(owner, minlength=len(texts))
        hashes: list[np.ndarray] = []
        owners: list[np.ndarray] = []
        if m >= n:
            h = words[: m - n + 1].copy()
            for k in range(1, n):
                h = h * _MIX + words[k : k + m - n + 1]
            same_text = owner[: m - n + 1] == owner[n - 1 :]
            hashes.append(h[same_text])
            owners.append(owner[: m - n + 1][same_text])
        short = np.flatnonzero(counts < n)
        if len(short):
            first = np.concatenate([[0], np.cumsum(counts)[:-1]])
            combined = []
            for t in short.tolist():
                h = 0
                for w in words[first[t] : first[t] + counts[t]].tolist():
                    h = (h * int(_MIX) + w) & 0xFFFFFFFFFFFFFFFF
                combined.append(h)
            hashes.append(np.array(combined, dtype=np.uint64))
            owners.append(short)
        all_hashes = np.concatenate(hashes)
        all_owners = np.concatenate(owners)
        order = np.argsort(all_owners, kind="stable")
        shingles = (_finalize(all_hashes[order]) >> np.uint64(32)).astype(np.uint32)
        per_text = np.bincount(all_owners, minlength=len(texts))
        return shingles, np.concatenate([[0], np.cumsum(per_text)[:-1]])

    def shingle_hashes(self, text: str) -> np.ndarray:
        """uint32 hashes of one text's word n-grams (duplicates kept: they do not change a minimum)."""
        return self._batch_shingles([text])[0]

    def _sign(self, shingles: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Signatures (len(offsets) x num_perm) of consecutive shingle segments starting at `offsets`."""
        out = np.empty((self.num_perm, len(offsets)), dtype=np.uint32)
        for p0 in range(0, self.num_perm, _PERM_BLOCK):
            a, b = self.a[p0 : p0 + _PERM_BLOCK], self.b[p0 : p0 + _PERM_BLOCK]
            values = np.multiply(a, shingles[None, :])
            values += b
            out[p0 : p0 + _PERM_BLOCK] = np.minimum.reduceat(values, offsets, axis=1)
        return out.T

    def signatures(self, texts: Sequence[str]) -> np.ndarray:
        """One signature row per text, (len(texts) x num_perm) uint32."""
        return self.sketch(texts, keep_shingles=False)[0]

    def sketch(self, texts: Sequence[str], keep_shingles: bool = True) -> tuple[np.ndarray, list[np.ndarray]]:
        """Signatures, and (with `keep_shingles`) each text's shingle hashes (unsorted,
        repeats kept) for exact Jaccard checks. Texts are signed in groups of bounded
        total size, so memory stays bounded whatever the batch."""
        sigs = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        sets: list[np.ndarray] = [np.zeros(0, dtype=np.uint32)] * len(texts)
        group: list[int] = []
        size = 0
        for i, text in enumerate(texts):
            if len(text) > _MAX_BATCH_CHARS:
                shingles = self.shingle_hashes(text)
                sigs[i] = self._sign_large(shingles)
                if keep_shingles:
                    sets[i] = shingles
                continue
            if size + len(text) > _MAX_BATCH_CHARS:
                self._sign_group(texts, group, sigs, sets if keep_shingles else None)
                group, size = [], 0
            group.append(i)
            size += len(text)
        self._sign_group(texts, group, sigs, sets if keep_shingles else None)
        return sigs, sets

    def _sign_group(
        self, texts: Sequence[str], group: list[int], sigs: np.ndarray, sets: list[np.ndarray] | None
    ) -> None:
        if not group:
            return
        shingles, offsets = self._batch_shingles([texts[i] for i in group])
        sigs[group] = self._sign(shingles, offsets)
        if sets is not None:
            for j, part in zip(group, np.split(shingles, offsets[1:]), strict=True):
                sets[j] = part

    def _sign_large(self, shingles: np.ndarray) -> np.ndarray:
        step = _MAX_BATCH_CHARS // 4
        parts = [self._sign(shingles[j : j + step], np.array([0]))[0] for j in range(0, len(shingles), step)]
        return np.min(parts, axis=0)


def band_hashes(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n x bands) uint64: each band's `rows` signature values mixed into one hash."""
    n = sigs.shape[0]
    cube = sigs[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    h = np.zeros((n, bands), dtype=np.uint64)
    for j in range(rows):
        h = h * _MIX + cube[:, :, j]
    return _finalize(h)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle-hash arrays (repeats ignored)."""
    a, b = np.unique(a), np.unique(b)
    inter = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - inter
    return inter / union if union else 1.0


def batch_jaccard(
    x_values: np.ndarray, x_offsets: np.ndarray, y_values: np.ndarray, y_offsets: np.ndarray
) -> np.ndarray:
    """`exact_jaccard` of many pairs at once: pair k compares x_values[x_offsets[k]:x_offsets[k+1]]
    with the same slice of y (Arrow list layout). Each hash is tagged with its pair's
    number in the high 32 bits, so one `unique` and one `intersect1d` serve every pair.

    >>> batch_jaccard(np.array([1, 2, 3, 7]), np.array([0, 3, 4]), np.array([2, 3, 4, 8]), np.array([0, 3, 4]))
    array([0.5, 0. ])
    """
    n = len(x_offsets) - 1

    def tagged(values: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        pair = np.repeat(np.arange(n, dtype=np.uint64), np.diff(offsets))
        return np.unique((pair << np.uint64(32)) | values[offsets[0] : offsets[-1]].astype(np.uint64))

    x, y = tagged(x_values, x_offsets), tagged(y_values, y_offsets)

    def per_pair(keys: np.ndarray) -> np.ndarray:
        return np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=n)

    inter = per_pair(np.intersect1d(x, y, assume_unique=True))
    union = per_pair(x) + per_pair(y) - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 1.0)


def sorted_batch_jaccard(
    x_values: np.ndarray, x_offsets: np.ndarray, y_values: np.ndarray, y_offsets: np.ndarray
) -> np.ndarray:
    """`batch_jaccard` for sets already sorted and without repeats (offsets starting at 0):
    tagged with their pair's number, both sides are sorted as they stand, so the common
    hashes are found by binary search, without sorting anything.

    >>> sorted_batch_jaccard(np.array([1, 2, 3, 7]), np.array([0, 3, 4]), np.array([2, 3, 4, 8]), np.array([0, 3, 4]))
    array([0.5, 0. ])
    """
    n = len(x_offsets) - 1
    x_len, y_len = np.diff(x_offsets), np.diff(y_offsets)
    x_pair = np.repeat(np.arange(n, dtype=np.uint64), x_len)
    x = (x_pair << np.uint64(32)) | x_values.astype(np.uint64)
    y = (np.repeat(np.arange(n, dtype=np.uint64), y_len) << np.uint64(32)) | y_values.astype(np.uint64)
    if len(y):
        found = y[np.minimum(np.searchsorted(y, x), len(y) - 1)] == x
    else:
        found = np.zeros(len(x), dtype=bool)
    inter = np.bincount(x_pair[found].astype(np.int64), minlength=n)
    union = x_len + y_len - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 1.0)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise share of equal signature values: an unbiased Jaccard estimate."""
    return (a == b).mean(axis=1)
