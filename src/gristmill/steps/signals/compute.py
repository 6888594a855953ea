"""The quality signals: pure functions from text to a flat dict of numbers.

Each family returns `{"<family>.<signal>": value}`; the family name is the
name of the filter step that judges it, so a signal, its threshold parameter
and the reason code of a drop share one spelling (`gopher_repetition.dup_para_char_frac`).

Definitions follow the published rules as datatrove implements them (so that
gristmill's decisions can be checked against it); where they differ it is
said here and in docs/signals.md. Fractions are 0.0 on empty text.

Speed: every family makes one pass over the lines in Python and leaves the
per-word work to C (`re.findall`, `collections.Counter`, `set`, `zip`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import compress, groupby, islice
from operator import and_

from gristmill.recent import Recent
from gristmill.steps.signals.words import (
    PUNCTUATION_SET,
    STOP_WORDS,
    TERMINAL_TUPLE,
    Tokens,
    compiled,
    same_chunks,
    split_words,
    word_tokens,
)

Signals = dict[str, float]
TokenStats = tuple[int, dict[str, int], set[str]]  # see `_token_stats`

# --------------------------------------------------------------------------- shared


class Words:
    """The words of one text, split once and shared by every family that needs them."""

    __slots__ = ("text", "words", "_ngrams", "_token_stats")

    def __init__(self, text: str, like: Words | None = None) -> None:
        self.text = text
        self._ngrams: tuple[dict[int, int], dict[int, int]] | None = None
        if like is not None and same_chunks(like.text, text):
            # only whitespace differs (a raw text whose repairs rejoined lines or
            # trimmed spaces): same words, same n-gram characters, same word counts
            self.words, self._ngrams, self._token_stats = like.words, like._ngrams, like._token_stats
        else:
            self.words: list[str] | Tokens = word_tokens(text)
            self._token_stats: dict[frozenset[str], TokenStats] = {}

    @property
    def ngrams(self) -> tuple[dict[int, int], dict[int, int]]:
        if self._ngrams is None:
            self._ngrams = _ngram_chars(self.words)
        return self._ngrams

    def token_stats(self, marked: frozenset[str]) -> TokenStats:
        """`_token_stats` of the words, remembered (and shared with a text that has the same words)."""
        stats = self._token_stats.get(marked)
        if stats is None:
            stats = self._token_stats[marked] = _token_stats(self.words, marked)
        return stats


# Room for a document and its raw text (rescue counting): the signal filters run
# document by document (`Step.BY_DOCUMENT`), and a batch's words kept alive cost
# more to free later (cold memory) than they save.
_RECENT: Recent[str, Words] = Recent(4, max_chars=5_000_000)


def words_of(text: str) -> Words:
    """`Words(text)`, remembered for the most recent texts: the filters of one
    document share the split of its text, and of its raw text (rescue counting)."""
    w = _RECENT.get(text)
    if w is None:
        w = Words(text, _RECENT.last())  # a raw text is split right after its repaired text
        _RECENT.put(text, w, len(text))
    return w


LABEL_WORDS = 4  # a shorter line is a label (a field name, a column head, a line of code), as for remove_repeats


def _is_content(line: str) -> bool:
    return len(line.split(None, LABEL_WORDS - 1)) >= LABEL_WORDS


def _dup_count_chars(items: Sequence[str]) -> tuple[int, int]:
    """How many items repeat an earlier one, and their characters (datatrove `find_duplicates`)."""
    if len(set(items)) == len(items):  # the common case, found without a Counter's overhead
        return 0, 0
    counts = Counter(items)
    n = chars = 0
    for item, c in counts.items():
        if c > 1:
            n += c - 1
            chars += len(item) * (c - 1)
    return n, chars


# --------------------------------------------------------------------------- Gopher quality

_NO_LETTER = re.compile(r"^(?:[\d_]|[^\w\n])+$", re.MULTILINE)  # a token (one per line) without a letter


def gopher_quality(text: str, language: str | None = None, words: Words | None = None) -> Signals:
    """Rae et al. 2021 (Gopher / MassiveText), section A.1.1 "quality filters".

    - `word_count`: words that are not pure punctuation;
    - `mean_word_length`: their mean length in characters;
    - `hash_word_ratio`, `ellipsis_word_ratio`: `#` and `...`/`…` per word
      (all tokens, punctuation included, as datatrove counts);
    - `lines`: non-blank lines;
    - `bullet_line_frac`: lines starting with `•` or `-`;
      `ellipsis_line_frac`: lines ending with `...` or `…`;
    - `alpha_word_frac`: words with at least one letter, per word;
    - `tokens`: words plus punctuation tokens. datatrove divides the symbol
      ratios and the letter fraction by this count instead of `word_count`
      (`count_punctuation_as_words` in the filter reproduces that);
    - `stop_words`: how many distinct stop words of the document's language
      occur (any case); -1 when there is no list for that language.
    """
    w = words or words_of(text)
    n_tokens = len(w.words)
    lang = language or "en"
    forms = STOP_FORMS.get(lang)
    total_chars, no_letter, found = w.token_stats(STOP_VARIANTS.get(lang, frozenset()))
    symbol_tokens = symbol_chars = 0
    alpha_tokens = n_tokens
    for tok, c in no_letter.items():
        alpha_tokens -= c
        if PUNCTUATION_SET.issuperset(tok):
            symbol_tokens += c
            symbol_chars += len(tok) * c
    n_words = n_tokens - symbol_tokens
    lines = text.splitlines()
    n_lines = len(lines)
    bullets = ellipsis_lines = blank = 0
    for line in lines:
        s = line.lstrip()
        if not s:
            blank += 1
        if s.startswith(("•", "-")):
            bullets += 1
        if line.rstrip().endswith(("...", "…")):
            ellipsis_lines += 1
    if forms is None:
        n_stop = -1
    else:  # the stop words found in any of their forms
        n_stop = sum(1 for form in forms if not found.isdisjoint(form))
    return {
        "gopher_quality.word_count": n_words,
        "gopher_quality.mean_word_length": (total_chars - symbol_chars) / n_words if n_words else 0.0,
        "gopher_quality.tokens": n_tokens,
        "gopher_quality.hash_word_ratio": text.count("#") / n_words if n_words else 0.0,
        "gopher_quality.ellipsis_word_ratio": (text.count("...") + text.count("…")) / n_words if n_words else 0.0,
        "gopher_quality.lines": n_lines - blank,
        "gopher_quality.bullet_line_frac": bullets / n_lines if n_lines else 0.0,
        "gopher_quality.ellipsis_line_frac": ellipsis_lines / n_lines if n_lines else 0.0,
        "gopher_quality.alpha_word_frac": alpha_tokens / n_words if n_words else 0.0,
        "gopher_quality.stop_words": n_stop,
    }


# each language's stop words as written, capitalised and in capitals
STOP_FORMS = {lang: [(s, s.capitalize(), s.upper()) for s in stops] for lang, stops in STOP_WORDS.items()}
STOP_VARIANTS = {lang: frozenset(v for form in forms for v in form) for lang, forms in STOP_FORMS.items()}


def _token_stats_py(words: list[str], marked: frozenset[str]) -> TokenStats:
    """The characters of `words`, how often each word without a letter occurs, and
    which words of `marked` occur. The specification of `_token_stats`, which runs
    compiled where it could be built."""
    counts = Counter(words)
    no_letter = _NO_LETTER.findall("\n".join(counts))  # one regex over the distinct words
    return sum(map(len, words)), {tok: counts[tok] for tok in no_letter}, marked.intersection(counts)


def _token_stats(words: list[str] | Tokens, marked: frozenset[str]) -> TokenStats:
    if type(words) is not list:
        return words.token_stats(marked)
    if compiled is None:
        return _token_stats_py(words, marked)
    return compiled.token_stats(words, marked)


# --------------------------------------------------------------------------- Gopher repetition

TOP_NGRAMS = (2, 3, 4)
DUP_NGRAMS = (5, 6, 7, 8, 9, 10)
_TOP_KEYS = [(n, f"gopher_repetition.top_{n}_gram_char_frac") for n in TOP_NGRAMS]
_DUP_KEYS = [(n, f"gopher_repetition.dup_{n}_gram_char_frac") for n in DUP_NGRAMS]


def _ngram_chars_py(words: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """Characters of the most frequent n-gram (n = 2, 3, 4) and in duplicated
    n-grams (n = 5..10), exactly as datatrove counts them:

    - top: `len(" ".join(gram)) * count` of the most frequent gram, the first
      seen among equals (`Counter.most_common`);
    - duplicated: a greedy scan left to right; a gram already seen adds its
      characters (words joined without spaces) and the scan jumps past it.

    The work is shared between the sizes: an (n+1)-gram can only repeat where
    the n-grams at i and i+1 both repeat (a bigram, where both words repeat),
    so only those candidate positions are counted, and the scans visit only
    repeated grams.
    All loops over words run in C (`zip`, `map`, `Counter`, `compress`). The
    specification of `_ngram_chars`, which runs compiled where it could be built.
    """
    top: dict[int, int] = {}
    dup: dict[int, int] = {n: 0 for n in DUP_NGRAMS}
    size = len(words)
    counts = Counter(words)
    get = words.__getitem__
    # bigrams can only repeat where both words repeat
    again = list(map((1).__lt__, map(counts.__getitem__, words)))
    positions: list[int] = list(compress(range(size - 1), map(and_, again, islice(again, 1, None))))
    grams: list[tuple[str, ...]] = list(zip(map(get, positions), map(get, map((1).__add__, positions)), strict=False))
    for n in range(2, DUP_NGRAMS[-1] + 1):
        seen_n = Counter(grams)
        repeated = list(compress(positions, map((1).__lt__, map(seen_n.__getitem__, grams))))
        if n in TOP_NGRAMS and size >= n:
            if repeated:
                # the first gram with the highest count, as Counter.most_common(1) in datatrove
                count = max(seen_n.values())
                gram = next(compress(seen_n, map(count.__eq__, seen_n.values())))
            else:  # every n-gram occurs once: the first one
                gram, count = tuple(words[:n]), 1
            top[n] = (sum(map(len, gram)) + n - 1) * count
        if n in dup and repeated:
            seen: set[tuple[str, ...]] = set()
            chars = idx = 0
            for i in repeated:
                if i < idx:
                    continue
                g = tuple(words[i : i + n])
                if g in seen:
                    chars += sum(map(len, g))
                    idx = i + n
                else:
                    seen.add(g)
            dup[n] = chars
        if not repeated or (n in dup and not dup[n]):
            break  # no repeated n-gram: no repeated longer one either
        # candidates for n + 1: the n-grams at i and i + 1 both repeat
        at = set(repeated)
        positions = sorted(at.intersection(map((-1).__add__, at)))
        cols = [map(get, map(k.__add__, positions)) for k in range(n + 1)]
        grams = list(zip(*cols, strict=False))
    for n in TOP_NGRAMS:
        if n not in top and size >= n:
            top[n] = sum(map(len, words[:n])) + n - 1  # each gram once: the first one
    return top, dup


def _ngram_chars(words: list[str] | Tokens) -> tuple[dict[int, int], dict[int, int]]:
    if type(words) is not list:
        return words.ngram_chars()
    if compiled is None:
        return _ngram_chars_py(words)
    return compiled.ngram_chars(words)


def split_paragraphs(text: str) -> list[str]:
    """`re.split(r"\\n{2,}", text)` for a stripped text, without the regex (which
    tries its pattern at every character: no literal prefix to skip to).

    >>> split_paragraphs("a\\nb\\n\\n\\nc \\n\\nd")
    ['a\\nb', 'c ', 'd']
    """
    if "\n\n" not in text:
        return [text]
    # a stripped text has no line break at either end, so an empty line is inside a run
    return ["\n".join(group) for nonempty, group in groupby(text.split("\n"), bool) if nonempty]


def split_line_runs(text: str) -> list[str]:
    """`re.split(r"\\n+", text)` without the regex: the pieces between runs of line breaks.

    >>> split_line_runs("\\na\\n\\nb\\n")
    ['', 'a', 'b', '']
    """
    parts = text.split("\n")
    if len(parts) < 3:
        return parts
    return [parts[0], *filter(None, islice(parts, 1, len(parts) - 1)), parts[-1]]


def gopher_repetition(text: str, words: Words | None = None) -> Signals:
    """Rae et al. 2021 (Gopher / MassiveText), section A.1.1 and table A1, "repetition removal".

    - `dup_line_frac`, `dup_para_frac`: lines (split on newlines) and
      paragraphs (split on blank lines) that repeat an earlier one, per line / paragraph;
    - `dup_line_char_frac`, `dup_para_char_frac`: their characters per character of text;
    - `dup_content_line_frac`, `dup_content_line_char_frac`: the same for the repeated lines of
      `LABEL_WORDS` words or more (not in the paper: labels and lines of code recur legitimately);
    - `top_{2,3,4}_gram_char_frac`: characters covered by the most frequent
      word n-gram, with repeats, per character;
    - `dup_{5..10}_gram_char_frac`: characters inside repeated word n-grams per character.
    """
    n_chars = len(text)
    out: Signals = {}
    if not n_chars:
        for key in (
            "dup_para_frac",
            "dup_para_char_frac",
            "dup_line_frac",
            "dup_line_char_frac",
            "dup_content_line_frac",
            "dup_content_line_char_frac",
        ):
            out[f"gopher_repetition.{key}"] = 0.0
        for _, key in (*_TOP_KEYS, *_DUP_KEYS):
            out[key] = 0.0
        return out
    paragraphs = split_paragraphs(text.strip())
    dup, chars = _dup_count_chars(paragraphs)
    out["gopher_repetition.dup_para_frac"] = dup / len(paragraphs)
    out["gopher_repetition.dup_para_char_frac"] = chars / n_chars
    lines = split_line_runs(text)
    dup, chars = _dup_count_chars(lines)
    out["gopher_repetition.dup_line_frac"] = dup / len(lines)
    out["gopher_repetition.dup_line_char_frac"] = chars / n_chars
    dup, chars = _dup_count_chars([line for line in lines if _is_content(line)]) if dup else (0, 0)
    out["gopher_repetition.dup_content_line_frac"] = dup / len(lines)
    out["gopher_repetition.dup_content_line_char_frac"] = chars / n_chars
    top, dup = (words or words_of(text)).ngrams
    for n, key in _TOP_KEYS:
        out[key] = top.get(n, 0) / n_chars
    for n, key in _DUP_KEYS:
        out[key] = dup[n] / n_chars
    return out


# --------------------------------------------------------------------------- C4

_NO_SPACES = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_END_PUNCT = (".", "?", "!", '"', "'")
_POLICY = re.compile("terms of use|privacy policy|cookie policy|uses cookies|use of cookies|use cookies")
# a text holds a lorem ipsum, javascript or policy line only if it holds one of these
# (each _POLICY phrase holds one of the last three): substring tests beat the regex
_LOWER_GATE = ("lorem ipsum", "javascript", "cookie", "terms of use", "privacy policy")
# str.splitlines() boundaries, as the C4 code splits lines
_LINE = re.compile("[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_ASCII_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")  # the boundaries other than "\n" in ASCII


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    r"""(start, end) of each non-empty line of `text`, lines split as str.splitlines()
    splits them. An ASCII text with only "\n" breaks (most) is split without the regex.

    >>> list(line_spans("ab\n\ncd\r\ne")), list(line_spans("ab\n\ncd\n"))
    ([(0, 2), (4, 6), (8, 9)], [(0, 2), (4, 6)])
    """
    if not text.isascii() or any(map(text.__contains__, _ASCII_BREAKS)):
        for m in _LINE.finditer(text):
            yield m.span()
        return
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line:
            yield start, end
        start = end + 1


# A sentence ends at ., ! or ? standing as its own token (not an abbreviation,
# a number or an ellipsis) when another word follows on the same line; this
# counts sentences the way spaCy's rule-based sentencizer does on one line.
# closing marks, spaces (not a line break), opening marks; the runs of marks are
# bounded so that a page of a million "!" is scanned in linear time
_SP = r"[^\w\s]{0,8}[^\S\n\r]+[^\w\s]{0,8}"
_SENTENCE_END = re.compile(  # starts with the mark itself, so the regex engine can skip to it
    r"[.!?。！？]"
    r"(?:(?<=\.)(?<!\.\.)(?<!\b[A-Z]\.)(?<!\bMrs\.)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|vs)\.)(?!\.)"
    rf"(?:{_SP}|(?<=[a-z]\.)(?=[A-Z]))(?=[^\W_])"
    rf"|(?<=[!?。！？])(?![!?。！？]{{0,8}}\.){_SP}(?=[^\W_])"
    r"|(?<=[。！？])[」』”’）)]{0,8}(?=[^\W_]))"
)


def sentence_ends(text: str) -> list[int]:
    """Where `_SENTENCE_END` matches in `text`: compiled for an ASCII text (most),
    by the regex otherwise."""
    if compiled is not None:
        ends = compiled.sentence_ends(text)
        if ends is not None:
            return ends
    return [m.start() for m in _SENTENCE_END.finditer(text)]


LONG_WORD = 1000  # C4 drops lines with a word longer than this


def has_long_word(line: str, limit: int = LONG_WORD) -> bool:
    """Whether a whitespace-separated word of `line` is longer than `limit`
    (`max(map(len, line.split())) > limit`, without splitting the line): such a
    word covers a multiple of `limit`, so only the words at those offsets are measured.

    >>> has_long_word("ab " + "x" * 11, 10), has_long_word("ab " + "x" * 10, 10)
    (True, False)
    """
    n = len(line)
    for p in range(0, n, limit):
        if line[p].isspace():
            continue
        start = end = p
        while start > 0 and not line[start - 1].isspace() and end - start <= limit:
            start -= 1
        while end < n and not line[end].isspace() and end - start <= limit:
            end += 1
        if end - start > limit:
            return True
    return False


def count_sentences(line: str) -> int:
    """Sentences in one line of text.

    >>> count_sentences("Mr. Smith came. He sat down! Did he? Yes... he did.")
    4
    """
    return len(_SENTENCE_END.findall(line)) + 1 if line.strip() else 0


def c4(text: str) -> Signals:
    """Raffel et al. 2020 (C4), section 2.2, as in the TensorFlow Datasets `c4_utils` code.

    Counts over non-blank lines (stripped, `[1]`-style citations removed):
    `lines`; `too_long_word_lines` (a word over 1000 characters: ignored by
    the rest); `no_terminal_punct_lines` (not ending in . ? ! " ' or ending in
    `...`); `too_short_lines` (under 3 words). Over the remaining "content
    lines": `lorem_ipsum_lines`, `javascript_lines`, `curly_bracket_lines`
    (outside javascript lines), `policy_lines` (cookie / terms / privacy
    notices); `sentences` counts sentences in content lines that are none of
    those; `sentences_terminal` the same over lines that also end in terminal
    punctuation (C4's line rule as published).

    Most texts (ASCII, "\n" breaks, no citation, none of the lower-case phrases)
    are counted in C (`c4_lines`); the rest, and every text where the extension
    was not built, by `_c4_py`, its specification.
    """
    lowered = text.lower()
    # the per-line substring checks only run when the text has the substring at all
    check_lower = any(map(lowered.__contains__, _LOWER_GATE))
    ends = sentence_ends(text)
    if compiled is not None and not check_lower:
        counts = compiled.c4_lines(text, ends)
        if counts is not None:
            return dict(zip(C4_KEYS, counts, strict=True))
    return _c4_py(text, check_lower, ends)


def _c4_py(text: str, check_lower: bool, ends: list[int]) -> Signals:
    """`c4` line by line: `check_lower`, whether the lower-cased text holds a
    phrase of `_LOWER_GATE`; `ends`, where `_SENTENCE_END` matches."""
    n_lines = long_word = no_punct = short = lorem = js = curly = policy = 0
    sentences = sentences_terminal = 0
    check_curly = "{" in text
    for start, end in line_spans(text):
        line = text[start:end].strip()
        if not line:
            continue
        n_lines += 1
        words = line.split(None, 3)  # enough to tell fewer than 3 words (the 4th is the rest)
        if len(words) < 3 and _NO_SPACES.search(line):
            words = split_words(line)  # Chinese, Japanese, Thai: words without spaces
            long = len(line) > LONG_WORD and max(map(len, words)) > LONG_WORD
        else:
            long = len(line) > LONG_WORD and has_long_word(line)
        if long:
            long_word += 1
            continue
        if "[" in line:
            line = _CITATION.sub("", line)
        terminal = line.endswith(_END_PUNCT) and not line.endswith("...")
        if not terminal:
            no_punct += 1
        if len(words) < 3:
            short += 1
            continue
        if check_lower:
            lower = line.lower()
            if "lorem ipsum" in lower:
                lorem += 1
            if "javascript" in lower:
                js += 1
                continue
            if check_curly and "{" in line:
                curly += 1
            if _POLICY.search(lower):
                policy += 1
                continue
        elif check_curly and "{" in line:
            curly += 1
        n = bisect_left(ends, end) - bisect_left(ends, start) + 1 if line else 0
        sentences += n
        if terminal:
            sentences_terminal += n
    counts = (n_lines, long_word, no_punct, short, lorem, js, curly, policy, sentences, sentences_terminal)
    return dict(zip(C4_KEYS, counts, strict=True))


C4_KEYS = tuple(
    f"c4_quality.{name}"
    for name in (
        "lines",
        "too_long_word_lines",
        "no_terminal_punct_lines",
        "too_short_lines",
        "lorem_ipsum_lines",
        "javascript_lines",
        "curly_bracket_lines",
        "policy_lines",
        "sentences",
        "sentences_terminal",
    )
)


# --------------------------------------------------------------------------- FineWeb


# "…" ends a line like "..." does (whose last "." is terminal punctuation)
_LINE_END = (*TERMINAL_TUPLE, "…")


PROSE_LINE_WORDS = 20  # a line this long is a paragraph, whether or not it ends in a mark


def fineweb(text: str, words: Words | None = None) -> Signals:
    """Penedo et al. 2024 (FineWeb), section 3.3 "custom filters".

    Over non-blank lines (`lines`): `line_punct_ratio` (lines ending in terminal
    punctuation of any script, or in "…" as in "..."), `prose_line_ratio` (the
    same, counting a line of `PROSE_LINE_WORDS` words or more as punctuated: not
    in the paper, see `FineWebQuality`), `prose_chars` (the characters of those
    lines and of the lines leading into them, each followed by a line that begins
    in lower case: a sentence set over several lines, as in verse; not in the paper
    either), `short_line_ratio` (lines of 30
    characters or fewer), `char_dup_ratio` (characters in lines repeating an earlier
    line, per non-newline character), `content_dup_ratio` (the same over lines of
    `LABEL_WORDS` words or more: not in the paper); `list_ratio` is newlines per word.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    n = len(lines)
    if not n:
        return {
            "fineweb_quality.lines": 0,
            "fineweb_quality.line_punct_ratio": 0.0,
            "fineweb_quality.prose_line_ratio": 0.0,
            "fineweb_quality.prose_chars": 0,
            "fineweb_quality.short_line_ratio": 0.0,
            "fineweb_quality.char_dup_ratio": 0.0,
            "fineweb_quality.content_dup_ratio": 0.0,
            "fineweb_quality.list_ratio": 0.0,
        }
    punct = prose = short = prose_chars = lead_in = 0
    for i, line in enumerate(lines, 1):
        if line.endswith(_LINE_END):
            punct += 1
            prose_chars += lead_in + len(line)
            lead_in = 0
        elif len(line.split(None, PROSE_LINE_WORDS - 1)) >= PROSE_LINE_WORDS:
            prose += 1
            prose_chars += lead_in + len(line)
            lead_in = 0
        elif i < n and lines[i].lstrip()[:1].islower():
            lead_in += len(line)  # the sentence goes on in the next line
        else:
            lead_in = 0
        if len(line) <= 30:
            short += 1
    chars = len(text) - text.count("\n") or 1
    _, repeated = _dup_count_chars(lines)
    _, repeated_content = _dup_count_chars([line for line in lines if _is_content(line)]) if repeated else (0, 0)
    n_words = len((words or words_of(text)).words)
    return {
        "fineweb_quality.lines": n,
        "fineweb_quality.line_punct_ratio": punct / n,
        "fineweb_quality.prose_line_ratio": (punct + prose) / n,
        "fineweb_quality.prose_chars": prose_chars,
        "fineweb_quality.short_line_ratio": short / n,
        "fineweb_quality.char_dup_ratio": repeated / chars,
        "fineweb_quality.content_dup_ratio": repeated_content / chars,
        "fineweb_quality.list_ratio": text.count("\n") / n_words if n_words else float(text.count("\n")),
    }
