/* Compiled versions of the per-word loops behind the quality signals, and of the
 * whole-text gates of the repair steps.
 *
 * Each function here has a pure-Python twin that is the specification (a
 * Python function such as `gristmill.steps.signals.compute._ngram_chars_py`,
 * or the regex whose matches it finds, named below); the package uses this
 * module when it was built (`gristmill.compiled`) and the twin otherwise, and
 * the property tests (`tests/property/test_speedups.py`, `test_speed_shortcuts.py`,
 * `test_whitespace.py`) check that both give the same answer.
 *
 * split_chunks(chunks, findall, cache) -> list[str]
 *     The words of whitespace-separated chunks: plain ASCII chunks (words,
 *     numbers, hyphenated words, contractions, with marks around them; see
 *     `split_simple`) are split here; any other chunk goes to `findall` (the
 *     tokenizer regex), whose answers are kept in the dict `cache`.
 *
 * same_chunks(a, b) -> bool
 *     a.split() == b.split(), without splitting: whether two texts differ at most
 *     in their whitespace (a raw text and its rejoined repair share their words).
 *
 * pieces_in(text, pieces) -> set[str]
 *     The strings of the tuple `pieces` that occur in `text`, found in one pass
 *     over the text (machine_text's test of its phrases' required pieces)
 *     instead of one `in` per piece.
 *
 * piece_offsets(text, pieces) -> list[int], or None
 *     The offsets in `text` where one of `pieces` starts, in one pass (the
 *     boilerplate step's literal gate); None for a text wider than one byte a
 *     character, which the caller searches with its regex.
 *
 * has_any(text, chars) -> bool, or None
 *     Whether a text of one byte a character holds any character of `chars`,
 *     by a table lookup per character (a character class regex tests each
 *     character against its ranges); None for a wider text.
 *
 * long_runs(text) -> list[tuple[int, int]], or None
 *     The spans where pii's gate `_LONG` matches (as re.finditer finds them) in
 *     a text of one byte a character; None for a wider text.
 *
 * repeats_possible(text, min_prefix, max_prefix, min_quote_words, coverage) -> bool, or None
 *     `not RemoveRepeats._nothing_repeats(...)` for an ASCII text, from the text
 *     itself (no str per line or word); None for another text.
 *
 * token_stats(words, marked) -> (chars: int, no_letter: dict[str, int], found: set[str])
 *     One pass over the words for Gopher's quality signals: their characters,
 *     how often each word without a letter occurs (a letter: a word character
 *     that is not a digit or "_", as the regex `[^\W\d_]` reads it), and which
 *     words of the set `marked` (the stop words) occur.
 *
 * sentence_ends(text) -> list[int], or None
 *     The offsets where `compute._SENTENCE_END` matches (as re.finditer finds
 *     them) in an ASCII text; None for another text, which the regex searches.
 *
 * c4_lines(text, ends) -> tuple of 10 ints, or None
 *     C4's line counts (`compute._c4_py`, in the order of `compute.C4_KEYS`) for
 *     the common text: ASCII, lines broken by "\n" only, no "[" (citations), and
 *     none of the phrases C4 looks for in lower case (the caller checks that);
 *     `ends` are the sorted offsets of sentence ends. None for any other text,
 *     which the Python twin counts.
 *
 * tokens(text, findall, cache) -> Tokens, or None
 *     split_chunks(text.split(), findall, cache) for a text of one byte a
 *     character (None for a wider one), held as spans of the text (or of the
 *     regex's answers) instead of one str per word: len(), tolist(), and
 *     ngram_chars() and token_stats(marked) below, which group equal words
 *     once by their bytes.
 *
 * ngram_chars(words) -> (top: dict[int, int], dup: dict[int, int])
 *     Gopher's n-gram repetition counts, as datatrove counts them: characters
 *     of the most frequent 2-, 3- and 4-gram (words joined by spaces, times its
 *     count) and characters inside repeated 5..10-grams (greedy scan, words
 *     joined without spaces). Grams are compared exactly: words by their text,
 *     hashes only choose the bucket.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------ split_chunks */

/* what an ASCII run is made of: 1 all letters, 2 all lower-case letters too,
 * 4 all digits (empty: 0) */
enum { ALPHA = 1, LOWER = 2, DIGIT = 4 };

static int ascii_class(const Py_UCS1 *s, Py_ssize_t n)
{
    int cls = n > 0 ? (ALPHA | LOWER | DIGIT) : 0;
    for (Py_ssize_t i = 0; i < n && cls; i++) {
        Py_UCS1 c = s[i];
        if (c >= 'a' && c <= 'z')
            cls &= ALPHA | LOWER;
        else if (c >= 'A' && c <= 'Z')
            cls &= ALPHA;
        else if (c >= '0' && c <= '9')
            cls &= DIGIT;
        else
            cls = 0;
    }
    return cls;
}

static int append_new(PyObject *out, PyObject *item)
{
    if (item == NULL)
        return -1;
    int rc = PyList_Append(out, item);
    Py_DECREF(item);
    return rc;
}

/* The characters the tokenizer regex never glues onto the word after them
 * (`_PREFIX` in words.py, ASCII only, less "'" and "_"). */
static int is_prefix(Py_UCS1 c)
{
    return c != 0 && strchr("!\"#$%&()*+,:;<=>?[]`{}", c) != NULL;
}

static int is_word(Py_UCS1 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static int is_letter(Py_UCS1 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(Py_UCS1 c)
{
    return c >= '0' && c <= '9';
}

static int same_ascii(const Py_UCS1 *s, Py_ssize_t n, const char *word)
{
    return (Py_ssize_t)strlen(word) == n && memcmp(s, word, (size_t)n) == 0;
}

/* `_TITLES` in words.py: before a "." the regex keeps them whole ("Mr.") */
static const char *const TITLES[] = {
    "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "vs", "Inc", "Ltd", "Co", "Corp", "Mt", "Gen", "Gov", "Sen",
    "Rep", "Rev", "Bros", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", NULL,
};
/* `_CONTRACTION` in words.py, after the apostrophe */
static const char *const CONTRACTIONS[] = {
    "s", "S", "d", "D", "m", "M", "t", "T", "re", "ve", "ll", "RE", "VE", "LL", NULL,
};
/* words that may start a URL, which the regex reads as one token */
static const char *const URL_STARTS[] = {"www", "http", "https", NULL};

static int in_list(const Py_UCS1 *s, Py_ssize_t n, const char *const *list)
{
    for (; *list != NULL; list++)
        if (same_ascii(s, n, *list))
            return 1;
    return 0;
}

/* A token of a chunk: s[start:end]. */
typedef struct {
    Py_ssize_t start, end;
} Span;

/* The tokens of s[from:to], a run of ASCII marks: a run of two or more "." or
 * "-" is one token, any other mark is one. Returns the spans written. */
static Py_ssize_t mark_spans(const Py_UCS1 *s, Py_ssize_t from, Py_ssize_t to, Span *out)
{
    Py_ssize_t k = 0, i = from;
    while (i < to) {
        Py_ssize_t j = i + 1;
        if (s[i] == '.' || s[i] == '-')
            while (j < to && s[j] == s[i])
                j++;
        out[k++] = (Span){i, j};
        i = j;
    }
    return k;
}

/* The fast path of one ASCII chunk s[0:n] (n > 0): its tokens as spans (at most n
 * of them, written to `out`), or 0 if the regex must split it.
 *
 * Handled: a chunk made of leading marks, words of letters joined by single
 * hyphens (or one number), an optional contraction ("'s", "'ll") and trailing
 * marks: `("well-known",` -> ( " well - known " ,  and `It's.` -> It 's . --
 * where the regex gives exactly this (no glued leading mark such as "-5", no
 * "Mr." or "J.", no URL, no apostrophe among the leading marks). */
static Py_ssize_t simple_spans(const Py_UCS1 *s, Py_ssize_t n, Span *out)
{
    int whole = ascii_class(s, n);
    if (whole & (ALPHA | DIGIT)) {
        out[0] = (Span){0, n};
        return 1;
    }
    Py_ssize_t p = 0; /* s[0:p]: leading marks */
    while (p < n && !is_word(s[p])) {
        if (s[p] == '\'')
            return 0;
        p++;
    }
    if (p == n || (p > 0 && !is_prefix(s[0])))
        return 0;
    Py_ssize_t e = n; /* s[e:n]: trailing marks */
    while (!is_word(s[e - 1]))
        e--;
    Py_ssize_t words_end = e; /* s[p:words_end]: the words; then the contraction */
    for (Py_ssize_t i = p; i < e; i++) {
        if (s[i] == '\'') {
            if (!in_list(s + i + 1, e - i - 1, CONTRACTIONS))
                return 0;
            words_end = i;
            break;
        }
    }
    int number = is_digit(s[p]);
    if (number && words_end < e)
        return 0; /* "90's": the regex's own business */
    Py_ssize_t last = p; /* start of the last word */
    for (Py_ssize_t i = p; i < words_end;) {
        Py_ssize_t j = i;
        while (j < words_end && (number ? is_digit(s[j]) : is_letter(s[j])))
            j++;
        if (j == i || in_list(s + i, j - i, URL_STARTS))
            return 0;
        last = i;
        if (j < words_end) { /* only a single hyphen between two words of letters */
            if (number || s[j] != '-' || j + 1 == words_end)
                return 0;
            j++;
        }
        i = j;
    }
    if (words_end == e && e < n && s[e] == '.' && !number &&
        (words_end - last == 1 || in_list(s + last, words_end - last, TITLES)))
        return 0; /* "J." and "Mr." are one token */
    Py_ssize_t k = 0;
    if (p > 0) {
        out[k++] = (Span){0, 1};
        k += mark_spans(s, 1, p, out + k);
    }
    for (Py_ssize_t i = p; i < words_end;) {
        Py_ssize_t j = i;
        while (j < words_end && s[j] != '-')
            j++;
        out[k++] = (Span){i, j};
        if (j < words_end)
            out[k++] = (Span){j, j + 1};
        i = j + 1;
    }
    if (words_end < e)
        out[k++] = (Span){words_end, e};
    return k + mark_spans(s, e, n, out + k);
}

/* split_simple of one chunk object: 1 if handled (its tokens appended to `out`),
 * 0 if the regex must split it, -1 on error. `spans` has room for the chunk's length. */
static int split_simple(PyObject *chunk, PyObject *out, Span *spans)
{
    if (!PyUnicode_IS_ASCII(chunk) || PyUnicode_GET_LENGTH(chunk) == 0)
        return 0;
    Py_ssize_t n = PyUnicode_GET_LENGTH(chunk);
    Py_ssize_t k = simple_spans(PyUnicode_1BYTE_DATA(chunk), n, spans);
    if (k == 1 && spans[0].start == 0 && spans[0].end == n)
        return PyList_Append(out, chunk) < 0 ? -1 : 1;
    for (Py_ssize_t i = 0; i < k; i++)
        if (append_new(out, PyUnicode_Substring(chunk, spans[i].start, spans[i].end)) < 0)
            return -1;
    return k > 0;
}

/* Chunks the regex split, remembered: the same few thousand ("it's", "U.S.",
 * "(the") recur in every document. Emptied when it reaches this size. */
#define CHUNK_CACHE_MAX 200000

/* The regex's tokens of a chunk (a new reference to a tuple), from `cache` if it split it before. */
static PyObject *regex_words(PyObject *chunk, PyObject *findall, PyObject *cache)
{
    PyObject *words = PyDict_GetItemWithError(cache, chunk); /* borrowed */
    if (words != NULL) {
        Py_INCREF(words);
        return words;
    }
    if (PyErr_Occurred())
        return NULL;
    PyObject *found = PyObject_CallOneArg(findall, chunk);
    if (found == NULL)
        return NULL;
    words = PySequence_Tuple(found);
    Py_DECREF(found);
    if (words == NULL)
        return NULL;
    if (PyDict_GET_SIZE(cache) >= CHUNK_CACHE_MAX)
        PyDict_Clear(cache);
    if (PyDict_SetItem(cache, chunk, words) < 0) {
        Py_DECREF(words);
        return NULL;
    }
    return words;
}

#define STACK_SPANS 64

static PyObject *split_chunks(PyObject *self, PyObject *args)
{
    PyObject *chunks, *findall, *cache;
    if (!PyArg_ParseTuple(args, "O!OO!:split_chunks", &PyList_Type, &chunks, &findall, &PyDict_Type, &cache))
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Span stack[STACK_SPANS], *spans = stack;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(chunks); i++) {
        PyObject *chunk = PyList_GET_ITEM(chunks, i);
        if (!PyUnicode_Check(chunk)) {
            PyErr_SetString(PyExc_TypeError, "split_chunks: chunks must be str");
            goto fail;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(chunk);
        spans = n <= STACK_SPANS ? stack : PyMem_Malloc(n * sizeof(Span));
        if (spans == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        int done = split_simple(chunk, out, spans);
        if (spans != stack)
            PyMem_Free(spans);
        if (done < 0)
            goto fail;
        if (done)
            continue;
        PyObject *words = regex_words(chunk, findall, cache);
        if (words == NULL)
            goto fail;
        Py_ssize_t end = PyList_GET_SIZE(out);
        int rc = PyList_SetSlice(out, end, end, words);
        Py_DECREF(words);
        if (rc < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------- same_chunks */

/* same_chunks of two texts of one byte per character, read directly */
static int same_chunks_1byte(const Py_UCS1 *a, Py_ssize_t na, const Py_UCS1 *b, Py_ssize_t nb)
{
    Py_ssize_t i = 0, j = 0;
    for (;;) {
        while (i < na && Py_UNICODE_ISSPACE(a[i]))
            i++;
        while (j < nb && Py_UNICODE_ISSPACE(b[j]))
            j++;
        if (i == na || j == nb)
            return i == na && j == nb;
        while (i < na && j < nb && a[i] == b[j] && !Py_UNICODE_ISSPACE(a[i])) {
            i++;
            j++;
        }
        int end_a = i == na || Py_UNICODE_ISSPACE(a[i]), end_b = j == nb || Py_UNICODE_ISSPACE(b[j]);
        if (!(end_a && end_b))
            return 0; /* the chunks differ, or one goes on */
    }
}

/* Whether two texts split into the same chunks (`a.split() == b.split()`): they
 * differ at most in their whitespace, so they have the same words. */
static PyObject *same_chunks(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU:same_chunks", &a, &b))
        return NULL;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b), i = 0, j = 0;
    if (ka == PyUnicode_1BYTE_KIND && kb == PyUnicode_1BYTE_KIND)
        return PyBool_FromLong(same_chunks_1byte(da, na, db, nb));
    for (;;) {
        while (i < na && Py_UNICODE_ISSPACE(PyUnicode_READ(ka, da, i)))
            i++;
        while (j < nb && Py_UNICODE_ISSPACE(PyUnicode_READ(kb, db, j)))
            j++;
        if (i == na || j == nb)
            return PyBool_FromLong(i == na && j == nb);
        /* one chunk each: the same characters up to the same end */
        while (i < na && j < nb) {
            Py_UCS4 ca = PyUnicode_READ(ka, da, i), cb = PyUnicode_READ(kb, db, j);
            int sa = Py_UNICODE_ISSPACE(ca), sb = Py_UNICODE_ISSPACE(cb);
            if (sa || sb) {
                if (!(sa && sb))
                    Py_RETURN_FALSE;
                break;
            }
            if (ca != cb)
                Py_RETURN_FALSE;
            i++;
            j++;
        }
        if ((i == na) != (j == nb)) { /* one chunk ended with its text: the other must end too */
            Py_UCS4 next = i == na ? PyUnicode_READ(kb, db, j) : PyUnicode_READ(ka, da, i);
            if (!Py_UNICODE_ISSPACE(next))
                Py_RETURN_FALSE;
        }
    }
}

/* ------------------------------------------------------ pieces_in, piece_offsets */

/* One-byte pieces of two or more characters (indexes into a tuple), listed by their
 * first character (each list ending in -1) behind a bitmap of the pairs of characters
 * they start with: a text position is tried only where one of them could start. */
typedef struct {
    PyObject *pieces;
    Py_ssize_t head[256];
    Py_ssize_t *next;
    uint8_t *pairs;
} PieceIndex;

static int index_init(PieceIndex *ix, PyObject *pieces)
{
    ix->pieces = pieces;
    for (int c = 0; c < 256; c++)
        ix->head[c] = -1;
    ix->next = PyMem_Malloc((PyTuple_GET_SIZE(pieces) + 1) * sizeof(Py_ssize_t));
    ix->pairs = PyMem_Calloc(65536 / 8, 1);
    if (ix->next == NULL || ix->pairs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void index_free(PieceIndex *ix)
{
    PyMem_Free(ix->next);
    PyMem_Free(ix->pairs);
}

/* Add piece k (one byte a character, two or more characters); added from the last
 * piece to the first, each list is in tuple order. */
static void index_add(PieceIndex *ix, Py_ssize_t k)
{
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(PyTuple_GET_ITEM(ix->pieces, k));
    unsigned pair = ((unsigned)p[0] << 8) | p[1];
    ix->pairs[pair >> 3] |= (uint8_t)(1u << (pair & 7));
    ix->next[k] = ix->head[p[0]];
    ix->head[p[0]] = k;
}

/* Whether some indexed piece starts with t[i] t[i + 1]. */
static int index_may_start(const PieceIndex *ix, const Py_UCS1 *t, Py_ssize_t n, Py_ssize_t i)
{
    if (i + 1 >= n)
        return 0;
    unsigned pair = ((unsigned)t[i] << 8) | t[i + 1];
    return (ix->pairs[pair >> 3] >> (pair & 7)) & 1;
}

/* Whether piece k occurs in t at i. */
static int index_matches(const PieceIndex *ix, Py_ssize_t k, const Py_UCS1 *t, Py_ssize_t n, Py_ssize_t i)
{
    PyObject *piece = PyTuple_GET_ITEM(ix->pieces, k);
    Py_ssize_t m = PyUnicode_GET_LENGTH(piece);
    return m <= n - i && memcmp(t + i, PyUnicode_1BYTE_DATA(piece), (size_t)m) == 0;
}

static PyObject *pieces_in(PyObject *self, PyObject *args)
{
    PyObject *text, *pieces;
    if (!PyArg_ParseTuple(args, "UO!:pieces_in", &text, &PyTuple_Type, &pieces))
        return NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(pieces);
    PyObject *found = PySet_New(NULL);
    if (found == NULL)
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND) {
        /* wider text: str's own search, one piece at a time */
        for (Py_ssize_t k = 0; k < count; k++) {
            PyObject *piece = PyTuple_GET_ITEM(pieces, k);
            int in = PyUnicode_Contains(text, piece);
            if (in < 0 || (in && PySet_Add(found, piece) < 0))
                goto fail;
        }
        return found;
    }
    PieceIndex ix;
    char *seen = PyMem_Calloc(count + 1, 1);
    if (index_init(&ix, pieces) < 0 || seen == NULL) {
        PyErr_NoMemory();
        goto fail_free;
    }
    const Py_UCS1 *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t left = 0; /* pieces not found yet */
    for (Py_ssize_t k = count - 1; k >= 0; k--) {
        PyObject *piece = PyTuple_GET_ITEM(pieces, k);
        if (!PyUnicode_Check(piece)) {
            PyErr_SetString(PyExc_TypeError, "pieces_in: pieces must be str");
            goto fail_free;
        }
        if (PyUnicode_KIND(piece) != PyUnicode_1BYTE_KIND || PyUnicode_GET_LENGTH(piece) < 2) {
            int in = PyUnicode_Contains(text, piece); /* one character (a memchr), a wider piece, or "" */
            if (in < 0 || (in && PySet_Add(found, piece) < 0))
                goto fail_free;
            continue;
        }
        index_add(&ix, k);
        left++;
    }
    for (Py_ssize_t i = 0; i + 1 < n && left > 0; i++) {
        if (!index_may_start(&ix, t, n, i))
            continue;
        for (Py_ssize_t k = ix.head[t[i]]; k >= 0; k = ix.next[k]) {
            if (seen[k] || !index_matches(&ix, k, t, n, i))
                continue;
            seen[k] = 1;
            left--;
            if (PySet_Add(found, PyTuple_GET_ITEM(pieces, k)) < 0)
                goto fail_free;
        }
    }
    index_free(&ix);
    PyMem_Free(seen);
    return found;
fail_free:
    index_free(&ix);
    PyMem_Free(seen);
fail:
    Py_DECREF(found);
    return NULL;
}

static PyObject *piece_offsets(PyObject *self, PyObject *args)
{
    PyObject *text, *pieces;
    if (!PyArg_ParseTuple(args, "UO!:piece_offsets", &text, &PyTuple_Type, &pieces))
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        Py_RETURN_NONE;
    const Py_UCS1 *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    char single[256] = {0}; /* the one-character pieces */
    PieceIndex ix;
    PyObject *out = PyList_New(0);
    if (index_init(&ix, pieces) < 0 || out == NULL)
        goto fail;
    for (Py_ssize_t k = PyTuple_GET_SIZE(pieces) - 1; k >= 0; k--) {
        PyObject *piece = PyTuple_GET_ITEM(pieces, k);
        if (!PyUnicode_Check(piece) || PyUnicode_GET_LENGTH(piece) == 0) {
            PyErr_SetString(PyExc_TypeError, "piece_offsets: pieces must be non-empty str");
            goto fail;
        }
        if (PyUnicode_KIND(piece) != PyUnicode_1BYTE_KIND)
            continue; /* a wider piece is in no one-byte text */
        if (PyUnicode_GET_LENGTH(piece) == 1)
            single[PyUnicode_1BYTE_DATA(piece)[0]] = 1;
        else
            index_add(&ix, k);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int hit = single[t[i]];
        if (!hit && index_may_start(&ix, t, n, i))
            for (Py_ssize_t k = ix.head[t[i]]; k >= 0 && !hit; k = ix.next[k])
                hit = index_matches(&ix, k, t, n, i);
        if (hit && append_new(out, PyLong_FromSsize_t(i)) < 0)
            goto fail;
    }
    index_free(&ix);
    return out;
fail:
    index_free(&ix);
    Py_XDECREF(out);
    return NULL;
}

/* ----------------------------------------------------------------- has_any */

static PyObject *has_any(PyObject *self, PyObject *args)
{
    PyObject *text, *chars;
    if (!PyArg_ParseTuple(args, "UU:has_any", &text, &chars))
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        Py_RETURN_NONE;
    char wanted[256] = {0};
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c < 256)
            wanted[c] = 1; /* a wider character is in no one-byte text */
    }
    const Py_UCS1 *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (wanted[t[i]])
            Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

/* ---------------------------------------------------------------- long_runs */

static int phone_char(Py_UCS1 c) /* [0-9 \t\-./()] */
{
    return is_digit(c) || c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

/* The spans of pii's `_LONG` (`[0-9][0-9 \t\-./()]{5,}[0-9]`) in a one-byte text, as
 * re.finditer finds them: from a digit, the run of phone characters, back to its last
 * digit at least 6 characters on. A start with no such digit leaves none for any later
 * start in its run (they end where it ends), so the scan skips the run: linear. */
static PyObject *long_runs(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:long_runs", &text))
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        Py_RETURN_NONE;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    PyObject *out = PyList_New(0);
    while (out != NULL && i < n) {
        if (!is_digit(s[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i + 1;
        while (j < n && phone_char(s[j]))
            j++;
        Py_ssize_t k = j - 1;
        while (k >= i + 6 && !is_digit(s[k]))
            k--;
        if (k < i + 6) {
            i = j;
            continue;
        }
        PyObject *span = Py_BuildValue("(nn)", i, k + 1);
        if (append_new(out, span) < 0)
            Py_CLEAR(out);
        i = k + 1;
    }
    return out;
}

/* ------------------------------------------------------------- token_stats */

/* A letter as the `re` module reads `[^\W\d_]`: alphanumeric, not a decimal digit, not "_". */
static int has_letter(PyObject *word)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (PyUnicode_IS_ASCII(word)) {
        const Py_UCS1 *s = PyUnicode_1BYTE_DATA(word);
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS1 c = s[i] | 0x20; /* folds A-Z onto a-z */
            if (c >= 'a' && c <= 'z')
                return 1;
        }
        return 0;
    }
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c) && c != '_')
            return 1;
    }
    return 0;
}

static PyObject *token_stats(PyObject *self, PyObject *args)
{
    PyObject *words, *marked;
    if (!PyArg_ParseTuple(args, "O!O!:token_stats", &PyList_Type, &words, &PyFrozenSet_Type, &marked))
        return NULL;
    PyObject *no_letter = PyDict_New();
    PyObject *found = PySet_New(NULL);
    Py_ssize_t chars = 0;
    if (no_letter == NULL || found == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(words); i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "token_stats: words must be str");
            goto fail;
        }
        chars += PyUnicode_GET_LENGTH(w);
        int is_marked = PySet_Contains(marked, w);
        if (is_marked < 0 || (is_marked && PySet_Add(found, w) < 0))
            goto fail;
        if (!has_letter(w)) {
            PyObject *seen = PyDict_GetItemWithError(no_letter, w); /* borrowed */
            if (seen == NULL && PyErr_Occurred())
                goto fail;
            PyObject *count = PyLong_FromSsize_t(seen == NULL ? 1 : PyLong_AsSsize_t(seen) + 1);
            if (count == NULL || PyDict_SetItem(no_letter, w, count) < 0) {
                Py_XDECREF(count);
                goto fail;
            }
            Py_DECREF(count);
        }
    }
    PyObject *result = Py_BuildValue("(nOO)", chars, no_letter, found);
    Py_DECREF(no_letter);
    Py_DECREF(found);
    return result;
fail:
    Py_XDECREF(no_letter);
    Py_XDECREF(found);
    return NULL;
}

/* ---------------------------------------------------------- sentence_ends */

static int ascii_mark(Py_UCS1 c) /* [^\w\s] */
{
    return !is_word(c) && !Py_UNICODE_ISSPACE(c);
}

/* s[i-n:i] is `word` (n letters) with a word boundary before it */
static int title_before(const Py_UCS1 *s, Py_ssize_t i, const char *word)
{
    Py_ssize_t n = (Py_ssize_t)strlen(word);
    return i >= n && memcmp(s + i - n, word, (size_t)n) == 0 && (i == n || !is_word(s[i - n - 1]));
}

/* Where `_SP (?=[^\W_])` matched at j ends (marks, spaces but line breaks, marks,
 * then a letter or digit ahead), or -1. Each {0,8} run is greedy and giving any of
 * it back cannot help (the character after a shorter run is a mark), so there is no
 * backtracking to do. */
static Py_ssize_t after_space(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t j)
{
    Py_ssize_t k = 0;
    while (j < n && k < 8 && ascii_mark(s[j]))
        j++, k++;
    Py_ssize_t spaces = j;
    while (j < n && Py_UNICODE_ISSPACE(s[j]) && s[j] != '\n' && s[j] != '\r')
        j++;
    if (j == spaces)
        return -1;
    for (k = 0; j < n && k < 8 && ascii_mark(s[j]); k++)
        j++;
    return j < n && is_word(s[j]) && s[j] != '_' ? j : -1;
}

/* Where `_SENTENCE_END` matches at s[i] (a '.', '!' or '?'), ends; -1 if it does not. */
static Py_ssize_t sentence_end_at(const Py_UCS1 *s, Py_ssize_t n, Py_ssize_t i)
{
    if (s[i] == '.') {
        if (i > 0 && s[i - 1] == '.')
            return -1; /* an ellipsis */
        if (i > 0 && s[i - 1] >= 'A' && s[i - 1] <= 'Z' && (i == 1 || !is_word(s[i - 2])))
            return -1; /* an initial: "J." */
        static const char *const titles[] = {"Mrs", "Mr", "Ms", "Dr", "St", "Jr", "Sr", "No", "vs", NULL};
        for (const char *const *t = titles; *t != NULL; t++)
            if (title_before(s, i, *t))
                return -1;
        if (i + 1 < n && s[i + 1] == '.')
            return -1;
        Py_ssize_t end = after_space(s, n, i + 1);
        if (end >= 0)
            return end;
        /* "end.The": a lower-case letter, the period, a capital */
        if (i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z' && i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
            return i + 1;
        return -1;
    }
    /* '!' or '?': not when a run of them ends in a period ("?!." is not an end) */
    Py_ssize_t r = 0; /* counted up to 9: a longer run is as good as endless */
    while (r <= 8 && i + 1 + r < n && (s[i + 1 + r] == '!' || s[i + 1 + r] == '?'))
        r++;
    if (r <= 8 && i + 1 + r < n && s[i + 1 + r] == '.')
        return -1;
    return after_space(s, n, i + 1);
}

/* The offsets where `_SENTENCE_END` matches in an ASCII text, as re.finditer finds
 * them (a match's own characters are not searched again); None for another text. */
static PyObject *sentence_ends(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:sentence_ends", &text))
        return NULL;
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_NONE;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        if (s[i] != '.' && s[i] != '!' && s[i] != '?')
            continue;
        Py_ssize_t end = sentence_end_at(s, n, i);
        if (end < 0)
            continue;
        if (append_new(out, PyLong_FromSsize_t(i)) < 0)
            Py_CLEAR(out);
        i = end - 1; /* the search goes on after the match */
    }
    return out;
}

/* ---------------------------------------------------------------- c4_lines */

#define C4_LONG_WORD 1000 /* compute.LONG_WORD */

/* str.split()'s whitespace, in a text whose only line break is "\n" */
static int c4_space(Py_UCS1 c)
{
    return c == ' ' || c == '\t' || c == 0x1f;
}

static int c4_terminal(const Py_UCS1 *s, Py_ssize_t a, Py_ssize_t b)
{
    Py_UCS1 last = s[b - 1];
    if (!(last == '.' || last == '?' || last == '!' || last == '"' || last == '\''))
        return 0;
    return !(b - a >= 3 && s[b - 3] == '.' && s[b - 2] == '.' && last == '.');
}

/* the number of words of s[a:b], counted up to `enough` */
static int c4_words(const Py_UCS1 *s, Py_ssize_t a, Py_ssize_t b, int enough)
{
    int words = 0;
    for (Py_ssize_t i = a; i < b && words < enough; i++)
        if (!c4_space(s[i]) && (i == a || c4_space(s[i - 1])))
            words++;
    return words;
}

static int c4_long_word(const Py_UCS1 *s, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t run = 0;
    for (Py_ssize_t i = a; i < b; i++) {
        run = c4_space(s[i]) ? 0 : run + 1;
        if (run > C4_LONG_WORD)
            return 1;
    }
    return 0;
}

static PyObject *c4_lines(PyObject *self, PyObject *args)
{
    PyObject *text, *ends_list;
    if (!PyArg_ParseTuple(args, "UO!:c4_lines", &text, &PyList_Type, &ends_list))
        return NULL;
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_NONE;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS1 c = s[i];
        if (c == '[' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e)
            Py_RETURN_NONE;
    }
    Py_ssize_t nends = PyList_GET_SIZE(ends_list);
    Py_ssize_t *ends = PyMem_Malloc((nends + 1) * sizeof(Py_ssize_t));
    if (ends == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t k = 0; k < nends; k++) {
        ends[k] = PyLong_AsSsize_t(PyList_GET_ITEM(ends_list, k));
        if (ends[k] == -1 && PyErr_Occurred()) {
            PyMem_Free(ends);
            return NULL;
        }
    }
    long lines = 0, long_word = 0, no_punct = 0, short_lines = 0, curly = 0, sentences = 0, terminal_sentences = 0;
    Py_ssize_t k = 0; /* ends before the current line */
    for (Py_ssize_t start = 0; start <= n;) {
        const Py_UCS1 *nl = memchr(s + start, '\n', n - start);
        Py_ssize_t end = nl ? nl - s : n;
        Py_ssize_t a = start, b = end; /* the stripped line */
        while (a < b && c4_space(s[a]))
            a++;
        while (b > a && c4_space(s[b - 1]))
            b--;
        if (a < b) {
            lines++;
            if (b - a > C4_LONG_WORD && c4_long_word(s, a, b)) {
                long_word++;
            }
            else {
                int terminal = c4_terminal(s, a, b);
                no_punct += !terminal;
                if (c4_words(s, a, b, 3) < 3) {
                    short_lines++;
                }
                else {
                    curly += memchr(s + a, '{', b - a) != NULL;
                    while (k < nends && ends[k] < start)
                        k++;
                    Py_ssize_t j = k;
                    while (j < nends && ends[j] < end)
                        j++;
                    long count = (long)(j - k) + 1;
                    sentences += count;
                    if (terminal)
                        terminal_sentences += count;
                }
            }
        }
        start = end + 1;
    }
    PyMem_Free(ends);
    return Py_BuildValue("(llllllllll)", lines, long_word, no_punct, short_lines, 0L, 0L, curly, 0L, sentences,
                         terminal_sentences);
}

/* ------------------------------------------------------------- ngram_chars */

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static int same_text(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    /* CPython stores a string in its narrowest kind, so equal strings share it */
    return n == PyUnicode_GET_LENGTH(b) && kind == PyUnicode_KIND(b) &&
           memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * kind) == 0;
}

/* An open-addressing table of grams; a slot holds the position of the gram's
 * first occurrence plus one (0: empty) and how often it occurs. */
typedef struct {
    Py_ssize_t mask;
    Py_ssize_t *first; /* position + 1 */
    Py_ssize_t *count;
    char *seen;        /* the greedy duplicate scan's "seen" mark */
} Table;

typedef struct {
    Py_ssize_t size;       /* words */
    PyObject **words;      /* the words as str objects, or NULL: then as spans of one byte a character */
    const Py_UCS1 **ptr;   /* (spans) where each word starts */
    const Py_ssize_t *len; /* (spans) its length */
    Py_hash_t *word_hash;
    int32_t *id;           /* position of the first occurrence of the same word */
    uint64_t *gram_hash;   /* hash of the gram of the current size at each position */
    Py_ssize_t *slot;      /* the table slot of the gram at each position */
    Py_ssize_t *chars;     /* prefix sums of word lengths */
    Py_ssize_t *cand;      /* candidate positions for the current size, ascending */
    Py_ssize_t ncand;
    char *repeats;         /* the gram at this position occurs more than once */
    const Py_ssize_t *word_count; /* given: how often the word at i occurs, at its first position
                                     (id set too), so the words need no counting; or NULL */
} Grams;

static int table_init(Table *t, Py_ssize_t items)
{
    Py_ssize_t cap = 8;
    while (cap < 2 * items)
        cap <<= 1;
    t->mask = cap - 1;
    t->first = PyMem_Calloc(cap, sizeof(Py_ssize_t));
    t->count = PyMem_Calloc(cap, sizeof(Py_ssize_t));
    t->seen = PyMem_Calloc(cap, 1);
    return (t->first && t->count && t->seen) ? 0 : -1;
}

/* Empty the table and size it for `items` grams (at most the size it was made for). */
static void table_clear(Table *t, Py_ssize_t items)
{
    Py_ssize_t cap = 8;
    while (cap < 2 * items)
        cap <<= 1;
    t->mask = cap - 1;
    memset(t->first, 0, (t->mask + 1) * sizeof(Py_ssize_t));
    memset(t->count, 0, (t->mask + 1) * sizeof(Py_ssize_t));
    memset(t->seen, 0, t->mask + 1);
}

static void table_free(Table *t)
{
    PyMem_Free(t->first);
    PyMem_Free(t->count);
    PyMem_Free(t->seen);
}

/* memcmp(a, b, n) == 0, without a library call for the short strings words are */
static inline int same_bytes(const Py_UCS1 *a, const Py_UCS1 *b, Py_ssize_t n)
{
    if (n > 16)
        return memcmp(a, b, (size_t)n) == 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static int same_word(Grams *g, Py_ssize_t p, Py_ssize_t i)
{
    if (g->words != NULL)
        return same_text(g->words[p], g->words[i]);
    return g->len[p] == g->len[i] && same_bytes(g->ptr[p], g->ptr[i], g->len[p]);
}

/* Count every candidate gram of n words (n == 1: words, compared by text). */
static void count_grams(Grams *g, Table *t, int n)
{
    table_clear(t, g->ncand);
    for (Py_ssize_t k = 0; k < g->ncand; k++) {
        Py_ssize_t i = g->cand[k];
        Py_ssize_t s = (Py_ssize_t)(mix64(g->gram_hash[i]) & (uint64_t)t->mask);
        for (;; s = (s + 1) & t->mask) {
            Py_ssize_t p = t->first[s] - 1;
            if (p < 0) {
                t->first[s] = i + 1;
                break;
            }
            if (g->gram_hash[p] != g->gram_hash[i])
                continue;
            int same = n == 1 ? same_word(g, p, i)
                              : memcmp(g->id + p, g->id + i, (size_t)n * sizeof(int32_t)) == 0;
            if (same)
                break;
        }
        t->count[s]++;
        g->slot[i] = s;
        if (n == 1)
            g->id[i] = (int32_t)(t->first[s] - 1);
    }
}

static Py_ssize_t gram_letters(Grams *g, Py_ssize_t i, int n)
{
    return g->chars[i + n] - g->chars[i];
}

static int set_int(PyObject *dict, long key, Py_ssize_t value)
{
    PyObject *k = PyLong_FromLong(key), *v = PyLong_FromSsize_t(value);
    int rc = (k && v) ? PyDict_SetItem(dict, k, v) : -1;
    Py_XDECREF(k);
    Py_XDECREF(v);
    return rc;
}

enum { TOP_MIN = 2, TOP_MAX = 4, DUP_MIN = 5, DUP_MAX = 10 };

static int ngram_counts(Grams *g, Table *t, PyObject *top, PyObject *dup)
{
    Py_ssize_t size = g->size;
    int n;
    for (n = 1; n <= DUP_MAX; n++) {
        if (n > 1 || g->word_count == NULL)
            count_grams(g, t, n);
        Py_ssize_t nrep = 0, best = 0, best_at = -1;
        for (Py_ssize_t k = 0; k < g->ncand; k++) {
            Py_ssize_t i = g->cand[k];
            Py_ssize_t c = n == 1 && g->word_count != NULL ? g->word_count[g->id[i]] : t->count[g->slot[i]];
            g->repeats[i] = c > 1;
            if (c > 1) {
                g->cand[nrep++] = i; /* the repeated ones, still ascending */
                if (c > best) {      /* first seen among equals, as Counter.most_common */
                    best = c;
                    best_at = i;
                }
            }
        }
        if (n >= TOP_MIN && n <= TOP_MAX && nrep &&
            set_int(top, n, (gram_letters(g, best_at, n) + n - 1) * best) < 0)
            return -1;
        Py_ssize_t dup_chars = 0;
        if (n >= DUP_MIN && nrep) {
            Py_ssize_t next = 0;
            for (Py_ssize_t k = 0; k < nrep; k++) {
                Py_ssize_t i = g->cand[k];
                if (i < next)
                    continue;
                if (t->seen[g->slot[i]]) {
                    dup_chars += gram_letters(g, i, n);
                    next = i + n;
                } else {
                    t->seen[g->slot[i]] = 1;
                }
            }
            if (set_int(dup, n, dup_chars) < 0)
                return -1;
        }
        if (!nrep || (n >= DUP_MIN && !dup_chars))
            break; /* no repeated n-gram: no repeated longer one either */
        /* an (n+1)-gram can only repeat where the n-grams at i and i + 1 both repeat */
        Py_ssize_t m = 0;
        for (Py_ssize_t k = 0; k < nrep; k++) {
            Py_ssize_t i = g->cand[k];
            if (i + 1 < size && g->repeats[i + 1])
                g->cand[m++] = i;
        }
        for (Py_ssize_t k = 0; k < nrep; k++)
            g->repeats[g->cand[k]] = 0;
        g->ncand = m;
        for (Py_ssize_t k = 0; k < m; k++) {
            Py_ssize_t i = g->cand[k];
            g->gram_hash[i] = mix64(g->gram_hash[i] * 31 + (uint64_t)g->id[i + n]);
        }
    }
    /* sizes whose grams all occur once: the first gram, once */
    for (n = TOP_MIN; n <= TOP_MAX && n <= size; n++) {
        PyObject *key = PyLong_FromLong(n);
        if (key == NULL)
            return -1;
        int has = PyDict_Contains(top, key);
        Py_DECREF(key);
        if (has < 0 || (!has && set_int(top, n, gram_letters(g, 0, n) + n - 1) < 0))
            return -1;
    }
    for (n = DUP_MIN; n <= DUP_MAX; n++) {
        PyObject *key = PyLong_FromLong(n);
        if (key == NULL)
            return -1;
        int has = PyDict_Contains(dup, key);
        Py_DECREF(key);
        if (has < 0 || (!has && set_int(dup, n, 0) < 0))
            return -1;
    }
    return 0;
}

static int grams_alloc(Grams *g, Py_ssize_t size)
{
    if (size > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "ngram_chars: too many words");
        return -1;
    }
    g->size = size;
    g->id = PyMem_Malloc((size + 1) * sizeof(int32_t));
    g->gram_hash = PyMem_Malloc((size + 1) * sizeof(uint64_t));
    g->slot = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    g->chars = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    g->cand = PyMem_Malloc((size + 1) * sizeof(Py_ssize_t));
    g->repeats = PyMem_Calloc(size + 1, 1);
    if (!g->id || !g->gram_hash || !g->slot || !g->chars || !g->cand || !g->repeats) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void grams_free(Grams *g)
{
    PyMem_Free(g->id);
    PyMem_Free(g->gram_hash);
    PyMem_Free(g->slot);
    PyMem_Free(g->chars);
    PyMem_Free(g->cand);
    PyMem_Free(g->repeats);
}

/* (top, dup) of the words in `g`, whose hashes (gram_hash) and lengths (chars) are set. */
static PyObject *grams_result(Grams *g)
{
    Table t = {0};
    PyObject *top = PyDict_New(), *dup = PyDict_New(), *result = NULL;
    if (!top || !dup || table_init(&t, g->size) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < g->size; i++)
        g->cand[i] = i;
    g->ncand = g->size;
    if (ngram_counts(g, &t, top, dup) == 0)
        result = PyTuple_Pack(2, top, dup);
done:
    Py_XDECREF(top);
    Py_XDECREF(dup);
    table_free(&t);
    return result;
}

static PyObject *ngram_chars(PyObject *self, PyObject *args)
{
    PyObject *words, *result = NULL;
    if (!PyArg_ParseTuple(args, "O!:ngram_chars", &PyList_Type, &words))
        return NULL;
    Grams g = {0};
    if (grams_alloc(&g, PyList_GET_SIZE(words)) < 0)
        goto done;
    g.words = PySequence_Fast_ITEMS(words);
    g.chars[0] = 0;
    for (Py_ssize_t i = 0; i < g.size; i++) {
        PyObject *w = g.words[i];
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "ngram_chars: words must be str");
            goto done;
        }
        Py_hash_t h = PyObject_Hash(w);
        if (h == -1 && PyErr_Occurred())
            goto done;
        g.gram_hash[i] = (uint64_t)h;
        g.chars[i + 1] = g.chars[i] + PyUnicode_GET_LENGTH(w);
    }
    result = grams_result(&g);
done:
    grams_free(&g);
    return result;
}

/* ------------------------------------------------------------------ Tokens */

/* The words of a text of one byte per character, as spans into the text (or into
 * the strings the regex returned for the chunks it split): no str object per
 * word. Made by `tokens(text, findall, cache)`. */
typedef struct {
    PyObject_HEAD
    PyObject *text; /* the text the spans point into */
    PyObject *kept; /* list of the regex's answers (tuples of str), which the other spans point into */
    Py_ssize_t size, cap;
    const Py_UCS1 **ptr;
    Py_ssize_t *len;
    uint64_t *hash;
    int32_t *id;       /* once grouped (tokens_group): the first position of the same word */
    Py_ssize_t *count; /* and how often it occurs, at that first position */
} Tokens;

static uint64_t span_hash(const Py_UCS1 *s, Py_ssize_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)n; /* FNV-1a; mix64 spreads it over the table */
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static int tokens_reserve(Tokens *t, Py_ssize_t more)
{
    if (t->size + more <= t->cap)
        return 0;
    Py_ssize_t cap = t->cap ? t->cap : 64;
    while (cap < t->size + more)
        cap *= 2;
    const Py_UCS1 **ptr = PyMem_Realloc(t->ptr, cap * sizeof(*ptr));
    if (ptr != NULL)
        t->ptr = ptr;
    Py_ssize_t *len = PyMem_Realloc(t->len, cap * sizeof(*len));
    if (len != NULL)
        t->len = len;
    uint64_t *hash = PyMem_Realloc(t->hash, cap * sizeof(*hash));
    if (hash != NULL)
        t->hash = hash;
    if (ptr == NULL || len == NULL || hash == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->cap = cap;
    return 0;
}

static void tokens_push(Tokens *t, const Py_UCS1 *p, Py_ssize_t n)
{
    t->ptr[t->size] = p;
    t->len[t->size] = n;
    t->hash[t->size] = span_hash(p, n);
    t->size++;
}

/* Add the tokens of the chunk text[a:b]. */
static int tokens_add_chunk(Tokens *t, Py_ssize_t a, Py_ssize_t b, int ascii, PyObject *findall, PyObject *cache)
{
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(t->text) + a;
    Py_ssize_t n = b - a, k = 0;
    if (ascii) {
        Span stack[STACK_SPANS], *spans = n <= STACK_SPANS ? stack : PyMem_Malloc(n * sizeof(Span));
        if (spans == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        k = simple_spans(s, n, spans);
        int rc = tokens_reserve(t, k);
        for (Py_ssize_t j = 0; j < k && rc == 0; j++)
            tokens_push(t, s + spans[j].start, spans[j].end - spans[j].start);
        if (spans != stack)
            PyMem_Free(spans);
        if (rc < 0)
            return -1;
    }
    if (k > 0)
        return 0;
    PyObject *chunk = PyUnicode_Substring(t->text, a, b);
    if (chunk == NULL)
        return -1;
    PyObject *words = regex_words(chunk, findall, cache);
    Py_DECREF(chunk);
    if (words == NULL)
        return -1;
    int rc = PyList_Append(t->kept, words);
    Py_DECREF(words); /* kept alive by t->kept */
    if (rc < 0 || tokens_reserve(t, PyTuple_GET_SIZE(words)) < 0)
        return -1;
    for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(words); j++) {
        PyObject *w = PyTuple_GET_ITEM(words, j);
        if (!PyUnicode_Check(w) || PyUnicode_KIND(w) != PyUnicode_1BYTE_KIND) {
            PyErr_SetString(PyExc_TypeError, "tokens: the regex must return substrings of the chunk");
            return -1;
        }
        tokens_push(t, PyUnicode_1BYTE_DATA(w), PyUnicode_GET_LENGTH(w));
    }
    return 0;
}

static PyTypeObject TokensType;

static PyObject *tokens(PyObject *self, PyObject *args)
{
    PyObject *text, *findall, *cache;
    if (!PyArg_ParseTuple(args, "UOO!:tokens", &text, &findall, &PyDict_Type, &cache))
        return NULL;
    if (PyUnicode_KIND(text) != PyUnicode_1BYTE_KIND)
        Py_RETURN_NONE;
    Tokens *t = PyObject_New(Tokens, &TokensType);
    if (t == NULL)
        return NULL;
    Py_INCREF(text);
    t->text = text;
    t->kept = PyList_New(0);
    t->size = t->cap = 0;
    t->ptr = NULL;
    t->len = NULL;
    t->hash = NULL;
    t->id = NULL;
    t->count = NULL;
    if (t->kept == NULL)
        goto fail;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    for (;;) { /* the chunks of str.split() */
        while (i < n && Py_UNICODE_ISSPACE(s[i]))
            i++;
        if (i == n)
            break;
        Py_ssize_t a = i;
        int ascii = 1;
        while (i < n && !Py_UNICODE_ISSPACE(s[i]))
            ascii &= s[i++] < 128;
        if (tokens_add_chunk(t, a, i, ascii, findall, cache) < 0)
            goto fail;
    }
    return (PyObject *)t;
fail:
    Py_DECREF(t);
    return NULL;
}

static void tokens_dealloc(Tokens *t)
{
    Py_XDECREF(t->text);
    Py_XDECREF(t->kept);
    PyMem_Free(t->ptr);
    PyMem_Free(t->len);
    PyMem_Free(t->hash);
    PyMem_Free(t->id);
    PyMem_Free(t->count);
    PyObject_Free(t);
}

static Py_ssize_t tokens_length(Tokens *t)
{
    return t->size;
}

static PyObject *tokens_word(Tokens *t, Py_ssize_t i)
{
    return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, t->ptr[i], t->len[i]);
}

static PyObject *tokens_tolist(Tokens *t, PyObject *unused)
{
    PyObject *out = PyList_New(t->size);
    for (Py_ssize_t i = 0; out != NULL && i < t->size; i++) {
        PyObject *w = tokens_word(t, i);
        if (w == NULL) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, w);
    }
    return out;
}

/* Group equal tokens once (id, count), for ngram_chars and token_stats both. */
static int tokens_group(Tokens *t)
{
    if (t->id != NULL)
        return 0;
    Table tab = {0};
    t->id = PyMem_Malloc((t->size + 1) * sizeof(int32_t));
    t->count = PyMem_Calloc(t->size + 1, sizeof(Py_ssize_t));
    if (t->id == NULL || t->count == NULL || table_init(&tab, t->size) < 0) {
        table_free(&tab);
        PyMem_Free(t->id);
        PyMem_Free(t->count);
        t->id = NULL;
        t->count = NULL;
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < t->size; i++) {
        Py_ssize_t s = (Py_ssize_t)(mix64(t->hash[i]) & (uint64_t)tab.mask), p;
        for (;; s = (s + 1) & tab.mask) {
            p = tab.first[s] - 1;
            if (p < 0) {
                tab.first[s] = i + 1;
                p = i;
                break;
            }
            if (t->hash[p] == t->hash[i] && t->len[p] == t->len[i] && same_bytes(t->ptr[p], t->ptr[i], t->len[i]))
                break;
        }
        t->id[i] = (int32_t)p;
        t->count[p]++;
    }
    table_free(&tab);
    return 0;
}

static PyObject *tokens_ngram_chars(Tokens *t, PyObject *unused)
{
    if (t->size > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "ngram_chars: too many words");
        return NULL;
    }
    if (tokens_group(t) < 0)
        return NULL;
    PyObject *result = NULL;
    Grams g = {0};
    if (grams_alloc(&g, t->size) == 0) {
        g.ptr = t->ptr;
        g.len = t->len;
        g.word_count = t->count;
        g.chars[0] = 0;
        for (Py_ssize_t i = 0; i < t->size; i++) {
            g.gram_hash[i] = t->hash[i];
            g.id[i] = t->id[i];
            g.chars[i + 1] = g.chars[i] + t->len[i];
        }
        result = grams_result(&g);
    }
    grams_free(&g);
    return result;
}

static int span_has_letter(const Py_UCS1 *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS1 c = s[i];
        if (c < 128 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                    : (Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c)))
            return 1;
    }
    return 0;
}

/* The one-byte strings of a frozenset (the stop words), tabled by span_hash. */
typedef struct {
    Py_ssize_t mask;
    PyObject **word; /* NULL: empty */
    uint64_t *hash;
} Marked;

static PyObject *marked_lookup(Marked *m, const Py_UCS1 *p, Py_ssize_t n, uint64_t h)
{
    for (Py_ssize_t s = (Py_ssize_t)(mix64(h) & (uint64_t)m->mask);; s = (s + 1) & m->mask) {
        PyObject *w = m->word[s];
        if (w == NULL)
            return NULL;
        if (m->hash[s] == h && PyUnicode_GET_LENGTH(w) == n && same_bytes(PyUnicode_1BYTE_DATA(w), p, n))
            return w;
    }
}

static int marked_init(Marked *m, PyObject *set)
{
    m->mask = 7;
    while (m->mask + 1 < 2 * PySet_GET_SIZE(set))
        m->mask = 2 * m->mask + 1;
    m->word = PyMem_Calloc(m->mask + 1, sizeof(PyObject *));
    m->hash = PyMem_Calloc(m->mask + 1, sizeof(uint64_t));
    if (m->word == NULL || m->hash == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *w;
    Py_hash_t unused;
    while (_PySet_NextEntry(set, &pos, &w, &unused)) {
        if (!PyUnicode_Check(w) || PyUnicode_KIND(w) != PyUnicode_1BYTE_KIND)
            continue; /* a wider string never equals a one-byte token */
        const Py_UCS1 *p = PyUnicode_1BYTE_DATA(w);
        Py_ssize_t n = PyUnicode_GET_LENGTH(w), s;
        uint64_t h = span_hash(p, n);
        for (s = (Py_ssize_t)(mix64(h) & (uint64_t)m->mask); m->word[s] != NULL; s = (s + 1) & m->mask)
            ;
        m->word[s] = w; /* a set holds each string once */
        m->hash[s] = h;
    }
    return 0;
}

/* token_stats(marked) of the tokens (see the module doc): a str made only for
 * a distinct token without a letter. */
static PyObject *tokens_token_stats(Tokens *t, PyObject *args)
{
    PyObject *set, *result = NULL;
    if (!PyArg_ParseTuple(args, "O!:token_stats", &PyFrozenSet_Type, &set))
        return NULL;
    Marked marked = {0};
    PyObject *no_letter = PyDict_New(), *found = PySet_New(NULL);
    if (no_letter == NULL || found == NULL || marked_init(&marked, set) < 0 || tokens_group(t) < 0)
        goto done;
    Py_ssize_t chars = 0;
    for (Py_ssize_t i = 0; i < t->size; i++) {
        chars += t->len[i];
        if (t->id[i] != i)
            continue; /* each distinct token once, at its first position */
        PyObject *hit = marked_lookup(&marked, t->ptr[i], t->len[i], t->hash[i]);
        if (hit != NULL && PySet_Add(found, hit) < 0)
            goto done;
        if (!span_has_letter(t->ptr[i], t->len[i])) {
            PyObject *w = tokens_word(t, i), *count = PyLong_FromSsize_t(t->count[i]);
            int rc = (w && count) ? PyDict_SetItem(no_letter, w, count) : -1;
            Py_XDECREF(w);
            Py_XDECREF(count);
            if (rc < 0)
                goto done;
        }
    }
    result = Py_BuildValue("(nOO)", chars, no_letter, found);
done:
    Py_XDECREF(no_letter);
    Py_XDECREF(found);
    PyMem_Free(marked.word);
    PyMem_Free(marked.hash);
    return result;
}

static PySequenceMethods tokens_as_sequence = {
    .sq_length = (lenfunc)tokens_length,
};

static PyMethodDef tokens_methods[] = {
    {"tolist", (PyCFunction)tokens_tolist, METH_NOARGS, "The words as a list of str."},
    {"ngram_chars", (PyCFunction)tokens_ngram_chars, METH_NOARGS, "ngram_chars of the words."},
    {"token_stats", (PyCFunction)tokens_token_stats, METH_VARARGS, "token_stats of the words."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TokensType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gristmill._speedups.Tokens",
    .tp_basicsize = sizeof(Tokens),
    .tp_dealloc = (destructor)tokens_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The words of a one-byte text as spans (see the module doc).",
    .tp_as_sequence = &tokens_as_sequence,
    .tp_methods = tokens_methods,
};

/* --------------------------------------------------------- repeats_possible */

/* A set (with counts) of byte strings, each a span of one buffer, by open addressing. */
typedef struct {
    Py_ssize_t mask;
    Py_ssize_t *at; /* offset + 1 into the buffer (0: empty) */
    Py_ssize_t *len;
    uint64_t *hash;
    Py_ssize_t *count;
} Spans;

static int spans_init(Spans *t, Py_ssize_t items)
{
    t->mask = 15;
    while (t->mask + 1 < 2 * items)
        t->mask = 2 * t->mask + 1;
    t->at = PyMem_Calloc(t->mask + 1, sizeof(Py_ssize_t));
    t->len = PyMem_Calloc(t->mask + 1, sizeof(Py_ssize_t));
    t->hash = PyMem_Calloc(t->mask + 1, sizeof(uint64_t));
    t->count = PyMem_Calloc(t->mask + 1, sizeof(Py_ssize_t));
    return (t->at && t->len && t->hash && t->count) ? 0 : -1;
}

static void spans_free(Spans *t)
{
    PyMem_Free(t->at);
    PyMem_Free(t->len);
    PyMem_Free(t->hash);
    PyMem_Free(t->count);
}

/* The slot of buf[at:at+n], added (count 0) if absent. */
static Py_ssize_t spans_slot(Spans *t, const Py_UCS1 *buf, Py_ssize_t at, Py_ssize_t n)
{
    uint64_t h = span_hash(buf + at, n);
    Py_ssize_t s = (Py_ssize_t)(mix64(h) & (uint64_t)t->mask);
    for (;; s = (s + 1) & t->mask) {
        if (t->at[s] == 0) {
            t->at[s] = at + 1;
            t->len[s] = n;
            t->hash[s] = h;
            return s;
        }
        if (t->hash[s] == h && t->len[s] == n && memcmp(buf + t->at[s] - 1, buf + at, (size_t)n) == 0)
            return s;
    }
}

/* `RemoveRepeats._nothing_repeats` negated, for an ASCII text: whether one of its
 * necessary conditions holds (see there). Lines are split on "\n" and stripped;
 * a line's words are the runs of [A-Za-z0-9_], lower-cased (`line_words` of ASCII);
 * its key is its words joined by single spaces. */
static PyObject *repeats_possible(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t min_prefix, max_prefix, min_quote_words;
    double coverage;
    if (!PyArg_ParseTuple(args, "Unnnd:repeats_possible", &text, &min_prefix, &max_prefix, &min_quote_words,
                          &coverage))
        return NULL;
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_NONE;
    const Py_UCS1 *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int possible = 0, failed = 0;
    /* keys, written one after another in lower case; words as spans of the keys */
    Py_UCS1 *keys = PyMem_Malloc(n + 1);
    Py_ssize_t *key_at = PyMem_Malloc((n / 2 + 2) * sizeof(Py_ssize_t)); /* start of each key, then the end */
    Py_ssize_t *word_at = PyMem_Malloc((n / 2 + 2) * sizeof(Py_ssize_t)), *word_len = PyMem_Malloc((n / 2 + 2) * sizeof(Py_ssize_t));
    Py_ssize_t *line_words = PyMem_Malloc((n / 2 + 2) * sizeof(Py_ssize_t)); /* first word of each key, then the end */
    Spans key_set = {0}, start_set = {0}, word_set = {0};
    Py_ssize_t lines = 1;
    for (const Py_UCS1 *nl = s; (nl = memchr(nl, '\n', (size_t)(s + n - nl))) != NULL; nl++)
        lines++;
    if (!keys || !key_at || !word_at || !word_len || !line_words || spans_init(&key_set, lines) < 0 ||
        spans_init(&start_set, lines) < 0) {
        failed = 1;
        goto done;
    }
    Py_ssize_t nkeys = 0, nwords = 0, out = 0;
    for (Py_ssize_t a = 0; a <= n && !possible;) { /* each line s[a:b] */
        Py_ssize_t b = a;
        while (b < n && s[b] != '\n')
            b++;
        Py_ssize_t x = a, y = b; /* strip */
        while (x < y && Py_UNICODE_ISSPACE(s[x]))
            x++;
        while (y > x && Py_UNICODE_ISSPACE(s[y - 1]))
            y--;
        if (y > x) {
            Py_ssize_t len = y - x; /* the starts of bodies: a later body beginning like an earlier one */
            if (len > min_prefix) {
                Py_ssize_t slot = spans_slot(&start_set, s, x, min_prefix);
                if (start_set.count[slot] > 0)
                    possible = 1;
            }
            if (min_prefix <= len && len <= max_prefix)
                start_set.count[spans_slot(&start_set, s, x, min_prefix)]++;
            Py_ssize_t first_word = nwords, key_start = out;
            for (Py_ssize_t i = x; i < y;) {
                if (!is_word(s[i])) {
                    i++;
                    continue;
                }
                if (nwords > first_word)
                    keys[out++] = ' ';
                word_at[nwords] = out;
                while (i < y && is_word(s[i])) {
                    Py_UCS1 c = s[i++];
                    keys[out++] = (c >= 'A' && c <= 'Z') ? (Py_UCS1)(c + 32) : c;
                }
                word_len[nwords] = out - word_at[nwords];
                nwords++;
            }
            if (nwords > first_word) {
                Py_ssize_t slot = spans_slot(&key_set, keys, key_start, out - key_start);
                if (key_set.count[slot]++ > 0)
                    possible = 1; /* two lines with the same words */
                key_at[nkeys] = key_start;
                line_words[nkeys] = first_word;
                nkeys++;
            }
        }
        a = b + 1;
    }
    if (possible || nkeys == 0)
        goto done;
    key_at[nkeys] = out;
    line_words[nkeys] = nwords;
    /* the last line's key begins an earlier one (3 words or more) */
    Py_ssize_t last = key_at[nkeys - 1], last_len = out - last;
    if (line_words[nkeys] - line_words[nkeys - 1] >= 3) {
        for (Py_ssize_t k = 0; k < nkeys - 1 && !possible; k++)
            possible = key_at[k + 1] - key_at[k] >= last_len && memcmp(keys + key_at[k], keys + last, (size_t)last_len) == 0;
    }
    if (possible)
        goto done;
    /* a line of min_quote_words words or more, `coverage` of them found more than once in the text */
    Py_ssize_t *slot_of = PyMem_Malloc((nwords + 1) * sizeof(Py_ssize_t));
    if (slot_of == NULL || spans_init(&word_set, nwords) < 0) {
        PyMem_Free(slot_of);
        failed = 1;
        goto done;
    }
    for (Py_ssize_t w = 0; w < nwords; w++) {
        slot_of[w] = spans_slot(&word_set, keys, word_at[w], word_len[w]);
        word_set.count[slot_of[w]]++;
    }
    for (Py_ssize_t k = 0; k < nkeys && !possible; k++) {
        Py_ssize_t count = line_words[k + 1] - line_words[k], again = 0;
        if (count < min_quote_words)
            continue;
        for (Py_ssize_t w = line_words[k]; w < line_words[k + 1]; w++)
            again += word_set.count[slot_of[w]] > 1;
        possible = (double)again >= coverage * (double)count;
    }
    PyMem_Free(slot_of);
done:
    PyMem_Free(keys);
    PyMem_Free(key_at);
    PyMem_Free(word_at);
    PyMem_Free(word_len);
    PyMem_Free(line_words);
    spans_free(&key_set);
    spans_free(&start_set);
    spans_free(&word_set);
    if (failed)
        return PyErr_NoMemory();
    return PyBool_FromLong(possible);
}

static PyMethodDef methods[] = {
    {"split_chunks", split_chunks, METH_VARARGS, "Words of whitespace-separated chunks (see module doc)."},
    {"same_chunks", same_chunks, METH_VARARGS, "Whether two texts split into the same chunks (see module doc)."},
    {"pieces_in", pieces_in, METH_VARARGS, "The pieces that occur in a text (see module doc)."},
    {"long_runs", long_runs, METH_VARARGS, "pii's long digit runs in a one-byte text (see module doc)."},
    {"repeats_possible", repeats_possible, METH_VARARGS, "remove_repeats' whole-text gate (see module doc)."},
    {"has_any", has_any, METH_VARARGS, "Whether a one-byte text holds one of the characters (see module doc)."},
    {"piece_offsets", piece_offsets, METH_VARARGS, "Where pieces start in a one-byte text (see module doc)."},
    {"token_stats", token_stats, METH_VARARGS, "Gopher quality's word counts (see module doc)."},
    {"sentence_ends", sentence_ends, METH_VARARGS, "Where sentences end in an ASCII text (see module doc)."},
    {"c4_lines", c4_lines, METH_VARARGS, "C4's line counts of a common text (see module doc)."},
    {"ngram_chars", ngram_chars, METH_VARARGS, "Gopher n-gram repetition characters (see module doc)."},
    {"tokens", tokens, METH_VARARGS, "The words of a one-byte text as spans, or None (see module doc)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "gristmill._speedups",
    "Compiled twins of gristmill's per-word signal loops.", -1, methods,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
    if (PyType_Ready(&TokensType) < 0)
        return NULL;
    return PyModule_Create(&module);
}
