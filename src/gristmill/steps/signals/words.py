"""Word splitting that works without spaces, and the character sets the heuristics use.

`split_words` is one compiled regex, run once per document (`re.findall`, no
per-character Python loop). It approximates the tokenizer the published
filters were measured with (datatrove uses spaCy's blank English tokenizer):

- punctuation at either end of a whitespace-separated chunk is its own token
  (`(end.)` -> `(`, `end`, `.`, `)`), a run of dots (`...`) or hyphens (`--`)
  one token; between word characters it splits only where spaCy's English
  infix rules split (`well-known`, `a/b`, `a,b`, `end.The`), and otherwise
  stays inside the word (`one!<br`, `a;b`, `O'Neil`);
- `it's` -> `it`, `'s` and `don't` -> `don`, `'t` (spaCy: `do`, `n't`; same
  count and characters); `o'clock`, `n'est`, `l'homme` stay whole;
- `U.S.`, `e.g.`, `J.`, `Mr.` keep their periods; `3.5`, `1,000`, `10:30`,
  `1/2`, `COVID-19`, `example.com` and e-mail addresses stay one token;
  a unit after a number is split off (`8m` -> `8`, `m`);
- Chinese characters (Han) are one word each, and a run of hiragana or of
  katakana is one word, so Chinese and Japanese text is not one giant "word";
- Thai is split into syllable-like character clusters (an optional leading
  vowel, a consonant, its marks and trailing vowels), which counts Thai words
  roughly (Thai words are one to three such clusters);
- combining marks of Indic, Arabic, Hebrew, Myanmar and Khmer scripts stay
  inside their word (Python's `\\w` alone would cut words at every mark).

>>> split_words("It's well-known: U.S. costs rose 3.5% (1,000 units)...")
['It', "'s", 'well', '-', 'known', ':', 'U.S.', 'costs', 'rose', '3.5', '%', '(', '1,000', 'units', ')', '...']
>>> split_words("我爱北京。日本語のテキスト")
['我', '爱', '北', '京', '。', '日', '本', '語', 'の', 'テキスト']
"""

from __future__ import annotations

import re
from typing import Protocol

from gristmill.compiled import compiled

# Letters that Python's \w misses: combining marks that belong inside words
# (diacritics, Hebrew/Arabic points, Indic/Lao/Tibetan/Myanmar/Khmer blocks
# minus their sentence punctuation), and the zero-width (non-)joiners.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u0e80-\u0eff\u0f00-\u0f03\u0f18-\u0fff\u1000-\u1049\u104c-\u109f"
    "\u1780-\u17d3\u17d7-\u17ff\u200c\u200d"
)
_W = rf"[\w{_MARKS}]"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CONTRACTION = r"(?:[sSdDmMtT]|re|ve|ll|RE|VE|LL)(?!\w)"
_TITLES = (
    "Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Inc|Ltd|Co|Corp|Mt|Gen|Gov|Sen|Rep|Rev|Bros|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_UNITS = "km|cm|mm|m|kg|mg|g|lbs?|oz|ft|yd|mph|kmh|ha|mb|MB|kb|KB|gb|GB|tb|TB|am|pm"
# Punctuation that spaCy splits off the start of a whitespace-separated chunk.
_PREFIX = "!\"#$%&'()*+,:;<=>?\\[\\]_`{}…–—“”‘’«»„·€£¥©®°§¿¡"
# Punctuation between two word characters that splits a chunk (spaCy's English
# infixes); any other punctuation between word characters stays inside the word
# (`one!<br`, `a;b`, `O'Neil`, `1,000`, `example.com`).
_SPLIT = (
    r"\.\.|…|(?<=[A-Za-z0-9])(?:[-–—~]|[:<>=/])(?=[A-Za-z])|(?<=[A-Za-z]),(?=[A-Za-z])"
    rf"|(?<=\d)[-+*^](?=\d)|(?<=[a-z])\.(?=[A-Z])|['’]{_CONTRACTION}"
)
_CORE = rf"(?:(?<!\S)[^\s\w{_PREFIX}][^\w\s]*(?={_W}))?{_W}+(?:(?:(?!{_SPLIT})[^\w\s])+{_W}+)*"

_TOKEN = re.compile(
    rf"""
      (?!(?:{_TITLES})\.)[A-Za-z][a-z]+(?=[^\w\s]*(?!\S)) # fast path: a plain ASCII word or
    | [0-9]+(?=[^\w\s]*(?!\S))                             # number, only punctuation after it
    | (?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'»”’]   # URL, trailing punctuation left out
    | [{_HAN}]                                             # one Han character
    | [\u3041-\u309f]+                                     # a run of hiragana
    | [\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+           # a run of katakana
    | [\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]*   # a Thai cluster
    | (?:[A-Za-z]\.){{2,}}                                 # U.S.  e.g.  a.m.
    | (?:{_TITLES}|[A-Za-z])\.(?!{_W})                      # Mr.  J.
    | ['’]{_CONTRACTION}                                   # 's  'll  't
    | \d+(?:[.,]\d+)*(?=(?:{_UNITS})(?!\w))                # 8 in 8m, 5 in 5pm
    | {_CORE}                                              # a word, with glued inner punctuation
    | \.{{2,}} | -{{2,}}                                   # ...  --
    | [^\w\s]                                              # any other symbol, alone
    """,
    re.VERBOSE,
)


_SIMPLE_END = frozenset(',.;:!?)"')


def split_words(text: str) -> list[str]:
    """The words (and punctuation tokens) of `text`, whitespace dropped.

    >>> split_words("don't stop")
    ['don', "'t", 'stop']
    """
    return split_chunks(text.split())


def same_chunks(a: str, b: str) -> bool:
    """Whether `a` and `b` differ at most in their whitespace (`a.split() == b.split()`),
    which gives them the same words: compiled, without splitting, where it could be built."""
    if compiled is None:
        return a.split() == b.split()
    return bool(compiled.same_chunks(a, b))


def _split_chunks_py(chunks: list[str]) -> list[str]:
    """`split_words` of a text already split on whitespace (tokens never span a space).
    The specification of `split_chunks`, which runs compiled where it could be built."""
    out: list[str] = []
    append, extend, findall = out.append, out.extend, _TOKEN.findall
    for chunk in chunks:
        # most chunks are a plain ASCII word or number, or one followed by a
        # comma, a period...: no regex needed for those
        if chunk.isascii():
            if chunk.isalpha() or chunk.isdigit():
                append(chunk)
                continue
            head, last = chunk[:-1], chunk[-1]
            if last in _SIMPLE_END and (head.isalpha() or head.isdigit()):
                if last != "." or (head.islower() and len(head) > 2) or head.isdigit():
                    append(head)
                    append(last)
                    continue
        extend(findall(chunk))
    return out


def split_chunks(chunks: list[str]) -> list[str]:
    """`split_words` of a text already split on whitespace: compiled where it could be built."""
    if compiled is None:
        return _split_chunks_py(chunks)
    return compiled.split_chunks(chunks, _TOKEN.findall, _SPLIT_CACHE)


_SPLIT_CACHE: dict[str, tuple[str, ...]] = {}  # the compiled split's answers for chunks the regex split


class Tokens(Protocol):
    """The compiled module's words of a text (`gristmill._speedups.Tokens`): spans of
    the text, no str object per word, with the counts the Gopher signals need."""

    def __len__(self) -> int: ...
    def tolist(self) -> list[str]: ...
    def ngram_chars(self) -> tuple[dict[int, int], dict[int, int]]: ...
    def token_stats(self, marked: frozenset[str]) -> tuple[int, dict[str, int], set[str]]: ...


def word_tokens(text: str) -> list[str] | Tokens:
    """`split_words(text)`, held as spans of the text where the compiled module can
    (a text of one byte a character: most Latin-script pages). Making a str for
    each of a page's few hundred words, hashing and freeing it, cost more than
    counting them."""
    if compiled is not None:
        tokens = compiled.tokens(text, _TOKEN.findall, _SPLIT_CACHE)
        if tokens is not None:
            return tokens
    return split_words(text)


# datatrove `utils/text.py` (Apache-2.0): the punctuation whose words do not
# count as words for Gopher, and the sentence-final marks of Unicode scripts.
PUNCTUATION = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»" + "".join(
    map(chr, (x for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b)))
)
TERMINAL_PUNCTUATION = (
    "!.?։؝؞؟۔܀܁܂߹࠷࠹࠽࠾।॥၊။።፧፨᙮᜵᜶។៕៖៙៚᠃᠉᥄᥅᪨᪩᪪᪫᭚᭛᭞᭟᭽᭾᰻᰼᱾᱿‼‽⁇⁈⁉⸮⸼⹓⹔。꓿꘎꘏꛳꛷꡶꡷꣎꣏꤯꧈꧉꩝꩞꩟꫰꫱꯫﹒﹖﹗！．？｡"
    "𐩖𐩗𐽕𐽖𐽗𐽘𐽙𐾆𐾇𐾈𐾉𑁇𑁈𑂾𑂿𑃀𑃁𑅁𑅂𑅃𑇅𑇆𑇍𑇞𑇟𑈸𑈹𑈻𑈼𑊩𑑋𑑌𑗂𑗃𑗉𑗊𑗋𑗌𑗍𑗎𑗏𑗐𑗑𑗒𑗓𑗔𑗕𑗖𑗗𑙁𑙂𑜼𑜽𑜾𑥄𑥆𑩂𑩃𑪛𑪜𑱁𑱂𑻷𑻸\U00011f43\U00011f44𖩮𖩯𖫵𖬷𖬸𖭄𖺘𛲟𝪈"
)
PUNCTUATION_SET = frozenset(PUNCTUATION) | frozenset(TERMINAL_PUNCTUATION)
TERMINAL_TUPLE = tuple(TERMINAL_PUNCTUATION)

# Gopher's stop words (Rae et al. 2021, appendix A1) for English; for other
# languages the most frequent function words of that language, so that the
# "at least two stop words" rule means "this is running text" everywhere.
# A language without a list skips the rule.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(["the", "be", "to", "of", "and", "that", "have", "with"]),
    "de": frozenset(["der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "zu", "ein", "eine", "ich"]),
    "fr": frozenset(["le", "la", "les", "de", "des", "et", "est", "un", "une", "du", "pour", "que", "dans"]),
    "es": frozenset(["el", "la", "los", "las", "de", "que", "y", "en", "un", "una", "por", "con", "del", "es"]),
    "it": frozenset(["il", "la", "di", "che", "e", "un", "una", "per", "del", "della", "non", "con", "sono", "è"]),
    "pt": frozenset(["o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "um", "uma", "para", "com", "não"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "met", "voor", "niet", "zijn"]),
    "pl": frozenset(["i", "w", "na", "z", "się", "nie", "do", "to", "że", "jest", "o", "jak", "od", "dla"]),
    "sv": frozenset(["och", "att", "det", "som", "en", "är", "på", "av", "för", "med", "inte", "den", "till"]),
    "da": frozenset(["og", "at", "det", "som", "en", "er", "på", "af", "for", "med", "ikke", "den", "til"]),
    "no": frozenset(["og", "at", "det", "som", "en", "er", "på", "av", "for", "med", "ikke", "den", "til"]),
    "ru": frozenset(["и", "в", "не", "на", "что", "с", "по", "это", "как", "к", "из", "для", "от"]),
    "uk": frozenset(["і", "в", "не", "на", "що", "з", "та", "до", "як", "це", "у", "від", "для"]),
    "tr": frozenset(["ve", "bir", "bu", "da", "de", "için", "ile", "çok", "ne", "gibi", "daha", "olarak"]),
    "id": frozenset(["yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan", "pada"]),
    "vi": frozenset(["và", "của", "có", "là", "không", "được", "các", "những", "cho", "trong", "một", "này"]),
    "zh": frozenset(["的", "是", "了", "在", "不", "我", "有", "和", "人", "这", "他", "也", "就", "都"]),
    "ja": frozenset(["の", "は", "に", "を", "が", "と", "で", "て", "た", "し", "も", "な", "です", "ます"]),
    "th": frozenset(["ที่", "และ", "ใน", "ได้", "ไม่", "มี", "จะ", "ให้", "ก็"]),  # whole clusters only
}
