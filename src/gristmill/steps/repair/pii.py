"""Redact personal data: e-mail addresses, phone numbers, IP addresses and card numbers.

Each redaction replaces the span with a typed placeholder (`<EMAIL>`,
`<PHONE>`, `<IP>`, `<CARD>`) and is one edit with the type as its code, so
every redaction can be reviewed in the edit log and counted in the summary.

- E-mail: plain addresses, and obfuscated ones ("name at example dot com",
  "name [at] example [dot] com", "name AT example DOT com", "name@example dot
  com"). A bare lower-case "at" with real dots ("name at example.com") is only
  taken in a text that mentions mail, and then only when the local part looks
  like a handle (digits, dots, underscores), the domain is a webmail provider
  (gmail, yahoo, ...), or an e-mail cue ("email", "contact") precedes it:
  "available at Amazon.com" is not an address. With a bare "at" and spelled
  dots the domain must be lower case ("on sale at Amazon dot com" names a shop).
- Phone: candidates are runs of at least 7 digits with phone punctuation;
  each is checked by Google's libphonenumber (`phonenumbers`,
  `PhoneNumberMatcher`) in the configured regions. International numbers
  ("+44 ...") are found in any region. A number written with its prefix
  ("+...", "0...") must be valid (`Leniency.VALID`); one without must also be
  grouped as its region groups it (`STRICT_GROUPING`: 212-555-0123, not
  "30 4200 100" in a table).
- IP: IPv4 and IPv6 addresses parsed by `ipaddress`; by default only global
  (public) ones, since private, loopback and documentation addresses
  (192.168.x.x, 127.0.0.1, 2001:db8::) identify no one.
- Card: 13-19 digits, unseparated or in the printed groups (4-4-4-4,
  4-6-5), passing the Luhn check and starting with a card network's prefix.

Left alone on purpose: version and section numbers (1.2.3.4: all octets one
digit unless "IP" or "address" precedes, or a longer dotted chain), dates
(2023-10-15, 15.10.2023), times, sports scores, years and year ranges, prices
(after a currency sign or before a currency word), decimal numbers and
coordinates (51.5074, -0.1278), thousands-grouped figures (1,234,567,
1.234.567, 8 336 817), ISBNs (978-... and after "ISBN"), numbers after
"order", "invoice", "ref", "tracking", "account", "IBAN", "No." or "#", a lone
"0" group ("0 2010 10"), @handles without a domain, retina image names
(icon@2x.png), and "look at this dot com" (stopwords are no names). Digits
other than ASCII 0-9 are not read.

Redaction runs to a fixed point (at most four rounds): a number glued to a
redacted one is read again on its own, as a second run of the step would read
it. The placeholders contain no digit, '@' or dot, and no cue word counts
inside one, so redacting twice changes nothing (a property test checks it).

Speed: a text's ASCII digits are counted on its bytes first (most texts have
too few to hold a number); digit runs are found by one cheap pattern and only
runs of 7 or more digits reach the phone matcher, in the regions whose
national-number lengths fit. '@' is found with `str.find`; spelled-out "at"
tokens are looked for only in texts that spell a dot, bracket an at or mention
mail, so "name at example.com" without any of those is missed.

>>> [c.code for c in RedactPii().repair("Mail ann.lee@example.org or call +44 20 7946 0958.")]
['email', 'phone']
"""

from __future__ import annotations

import bisect
import dataclasses
import ipaddress
import itertools
import re
from collections.abc import Iterator
from typing import Any

from gristmill.compiled import compiled
from gristmill.errors import ConfigError
from gristmill.steps.base import Change, Repairer

PLACEHOLDERS = {"email": "<EMAIL>", "phone": "<PHONE>", "ip": "<IP>", "card": "<CARD>"}

# ---------------------------------------------------------------- e-mail
# "at" tokens: '@', a bracketed at ("[at]", "(at)"), an upper-case " AT ", a bare " at ".
# Each is found by a literal or a short pattern (fast), then widened over one space either side.
_AT_BR = re.compile(r"[\[({<] ?(?:at|AT|At) ?[\])}>]")
_AT_WORD = re.compile(r" (?:at|AT) ")
_LOCAL_END = re.compile(r"(?<![\w.%+\-<>])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}\Z")
_DOT_OBF = r"[ \t]*[\[({<][ \t]*(?:dot|DOT|Dot)[ \t]*[\])}>][ \t]*|[ \t]+(?:dot|DOT)[ \t]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_DOMAIN = re.compile(
    rf"(?P<domain>{_LABEL}(?:(?:\.|{_DOT_OBF}){_LABEL})*(?P<lastdot>\.|{_DOT_OBF})(?P<tld>[A-Za-z]{{2,24}}))"
    r"(?![\w\-@/]|\.[A-Za-z0-9])"  # a '/' after it: a URL path, not an address
)
# Top-level domains accepted after a spelled-out "dot" (English words such as "in" or "it" are not).
_OBF_TLDS = frozenset(
    "com net org edu gov mil info biz io co uk de fr es nl ca au ch se dk fi pl ru jp cn br mx nz za ie eu "
    "ac us gr pt cz hu ro ua tr il ar cl kr tw hk sg my th vn ph id pk ng ke".split()
)
_FILE_TLDS = frozenset("png jpg jpeg gif svg webp bmp ico tif tiff css js json pdf txt html htm php mp3 mp4".split())
_WEBMAIL = frozenset(
    "gmail googlemail yahoo hotmail outlook live msn aol icloud me mac protonmail proton gmx web mail yandex "
    "zoho fastmail btinternet comcast verizon".split()
)
_STOPWORDS = frozenset(
    "a an the this that these those it its our your their his her my me us them him you we they here there "
    "look looked looking".split()
)
# Cue words never count inside a placeholder ("<EMAIL>", "<IP>"): a second pass must not
# accept what the first rejected.
_EMAIL_CUE = re.compile(r"(?i)(?<![<\w])(?:e-?mail|mail|contact|write|reach|address)\b[^\n]{0,30}\Z")


def _at_tokens(text: str) -> list[tuple[int, int, str]]:
    """The "at" tokens of a text as (start, end, kind), kind one of sym, br, up, low.

    Every '@' is looked at. Spelled-out tokens are looked for only in texts that spell a dot
    ("dot", "[dot]"), bracket an at ("(at)", "[at]") or mention mail: scanning every " at "
    of every text would cost more than the rest of the step.
    """
    tokens: list[tuple[int, int, str]] = []
    pos = text.find("@")
    while pos >= 0:
        tokens.append((pos, pos + 1, "sym"))
        pos = text.find("@", pos + 1)
    lower = text.lower()
    spelled_dot = "dot" in lower
    if spelled_dot or "at)" in lower or "at]" in lower:
        tokens.extend((m.start(), m.end(), "br") for m in _AT_BR.finditer(text))
    if spelled_dot or "mail" in lower:
        tokens.extend((m.start(), m.end(), "low" if m.group() == " at " else "up") for m in _AT_WORD.finditer(text))
    widened = []
    for s, e, kind in tokens:
        if kind in ("sym", "br"):
            if s > 0 and text[s - 1] in " \t":
                s -= 1
            if e < len(text) and text[e] in " \t":
                e += 1
        widened.append((s, e, kind))
    return widened


def _email_changes(text: str) -> Iterator[tuple[int, int]]:
    for at_start, at_end, kind in _at_tokens(text):
        d = _DOMAIN.match(text, at_end)
        if d is None:
            continue
        local = _LOCAL_END.search(text, max(0, at_start - 64), at_start)
        if local is None:
            continue
        tld = d.group("tld")
        spelled_dots = "." not in d.group("domain").replace(" ", "") or not d.group("lastdot").strip() == "."
        if tld.lower() in _FILE_TLDS:
            continue
        if spelled_dots and (tld.lower() not in _OBF_TLDS or (kind == "low" and not tld.islower())):
            continue
        name = local.group()
        first_label = re.split(r"[.\s\[({<]", d.group("domain"), maxsplit=1)[0].lower()
        if kind == "low":
            if name.lower() in _STOPWORDS or first_label in _STOPWORDS:
                continue
            if spelled_dots and not d.group("domain").islower():
                continue  # "on sale at Amazon dot com": a shop's name, not an address
            # "name at example.com": only a handle-like name, a webmail domain, or after an e-mail cue
            if not spelled_dots and not (
                re.search(r"[._0-9+\-]", name)
                or first_label in _WEBMAIL
                or _EMAIL_CUE.search(text, max(0, local.start() - 40), local.start())
            ):
                continue
        elif kind == "sym" and at_end - at_start > 1 and not spelled_dots:
            # "meet @ the pub.com": a spaced '@' needs a handle-like name
            if name.lower() in _STOPWORDS:
                continue
        yield local.start(), d.end()


# ---------------------------------------------------------------- numbers
# A run of digits with phone/card/IP punctuation between them ("+1 (212) 555-0123", "81.2.69.160").
# Where a digit before a match would block it, so does the '>' closing a placeholder: a second
# pass must not find what the first rejected for its neighbour (idempotence).
_NUMRUN = re.compile(
    r"(?<![\w+\-,/>])(?<![\w>]\.)(?:\+[ \t]?|\([ \t]?|00[ \t]?)?\d"
    r"(?:(?:[ \t]?[\-./][ \t]?|[ \t]|[ \t]?\([ \t]?|\)[ \t\-.]?)?\d)*\)?(?!\w)"
)
# The cheap gate: 7 or more characters of digits and phone punctuation, from digit to digit.
_LONG = re.compile(r"[0-9][0-9 \t\-./()]{5,}[0-9]")
_DIGIT = re.compile(r"\d")


def long_runs(text: str) -> list[tuple[int, int]]:
    """The spans where `_LONG` matches: compiled for a text of one byte a character."""
    if compiled is not None:
        spans = compiled.long_runs(text)
        if spans is not None:
            return spans
    return [m.span() for m in _LONG.finditer(text)]


_NON_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)
_HAS_DATE = re.compile(r"\d{4}[./\-]\d{1,2}[./\-]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d\.\d+/\d|\d/\d+\.\d")
_IPV4 = re.compile(r"(?<![\d.])(?<!>\.)(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_CARD = re.compile(
    r"(?<!\d)(?<![\d>][.,])"
    r"(?:\d{4}(?P<s>[ \-]?)\d{4}(?P=s)\d{4}(?P=s)\d{1,7}|\d{4}(?P<a>[ \-])\d{6}(?P=a)\d{4,5})(?!\d)"
)
_CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[47]|3[0689]|6|35|50|5[6-8]")
_DATE = re.compile(r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|\d{4}[ \-/]\d{2,4}|\d{1,2}[:.]\d{2}(?:[ \-]+\d{1,2}[:.]\d{2})?")
# 1.234.567 and 1,234,567; with spaces only from a short first group (8 336 817), since
# Spanish numbers are written 912 345 678.
_THOUSANDS = re.compile(r"\d{1,3}(?P<s>[.,])\d{3}(?:(?P=s)\d{3})+|\d{1,2}(?P<t>[\u00a0 ])\d{3}(?:(?P=t)\d{3})+")
_MAX_PHONE_RUN = 64
_GROUP_START = re.compile(r"(?<=[ \t])[\d+(]")
# a decimal inside a run: "0.792907 (0.505474)" in a table of rates
_DECIMAL_IN = re.compile(r"(?<![\d.])0\.\d|\d\.\d{5,}")
_LONE_ZERO = re.compile(r"(?:^|[ \t\-./])0(?:[ \t\-./]|$)")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_ISBN = re.compile(r"97[89][ \-]?\d{1,5}[ \-]?\d{1,7}[ \-]?\d{1,7}[ \-]?[\dX]|\d{1,5}-\d{1,7}-\d{1,7}-[\dX]")
# Words after which a number is an identifier, not personal data.
_ID_CONTEXT = re.compile(
    r"(?i)(?:isbn(?:-1[03])?|issn|doi|iban|bic|upc|ean|gtin|order|invoice|tracking|ref(?:erence)?|account|acct|serial|sku|patent|"
    r"case|ticket|item|model|part|product|version|ver|build|release|id|no|nr|num|number|#|№|nº)"
    r"[\s.:#]*(?:[a-z]{0,3}[\s.:#-]*)?\Z"
)
_PHONE_CUE = re.compile(r"(?i)(?<![<\w])(?:phone|tel|telephone|call|fax|mobile|cell|whatsapp|sms|text|dial|ring|☎|📞)")
_CARD_CUE = re.compile(r"(?i)(?<![<\w])(?:card|visa|master|amex|american express|discover|cc|credit|debit)")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹₽]|\b(?:USD|EUR|GBP|JPY|Rs|INR|CHF|AUD|CAD)\.?)[ \t]?\Z")
_CURRENCY_AFTER = re.compile(
    r"[ \t]?(?:[$€£¥₹%]|(?i:dollars?|euros?|pounds?|yen|rupees?|usd|eur|gbp|m\b|bn\b|km|kg|mi\b|ft\b))"
)
_VERSION_BEFORE = re.compile(r"(?i)(?:\bv|version|ver\.?|release|build|firmware|update|section|§)[ \t]?\Z")
_IP_CUE = re.compile(r"(?i)(?<![<\w])(?:ip|ips|address|addr|host|server|from|ping)\b[^\n]{0,20}\Z")
_IPV6_GATE = re.compile(r":[0-9A-Fa-f]{0,4}:")
_IPV6_CHARS = re.compile(r"[0-9A-Fa-f:.]*")
_IPV6_CHARS_BACK = re.compile(r"[0-9A-Fa-f:.]*\Z")


def _luhn(digits: str) -> bool:
    """The Luhn checksum of a card number.

    >>> _luhn("4111111111111111"), _luhn("4111111111111112")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _before(text: str, start: int, n: int = 30) -> str:
    return text[max(0, start - n) : start]


def _is_identifier(text: str, start: int) -> bool:
    before = _before(text, start)
    return bool(_ID_CONTEXT.search(before)) and not _PHONE_CUE.search(before[-16:])


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_CURRENCY_BEFORE.search(_before(text, start, 6)) or _CURRENCY_AFTER.match(text, end))


def _ip_changes(text: str, start: int, end: int, public_only: bool) -> Iterator[tuple[int, int]]:
    for m in _IPV4.finditer(text, start, end):
        octets = m.group().split(".")
        if any(len(o) > 1 and o[0] == "0" for o in octets):
            continue  # zero-padded: a date or a code, not an address
        try:
            addr = ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if public_only and not addr.is_global:
            continue
        before = _before(text, m.start())
        if all(len(o) == 1 for o in octets) and not _IP_CUE.search(before):
            continue  # 1.2.3.4: a version number unless the text says it is an address
        if _VERSION_BEFORE.search(before):
            continue
        yield m.start(), m.end()


def _ipv6_changes(text: str, public_only: bool) -> Iterator[tuple[int, int]]:
    pos = 0
    while True:
        g = _IPV6_GATE.search(text, pos)
        if g is None:
            return
        back = _IPV6_CHARS_BACK.search(text, max(0, g.start() - 40), g.start())
        s = back.start() if back else g.start()
        e = _IPV6_CHARS.match(text, g.start()).end()  # type: ignore[union-attr]
        pos = max(e, g.end())
        cand = text[s:e].rstrip(".")
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_->"):
            continue
        if e < len(text) and (text[e].isalnum() or text[e] in "_-<@"):
            continue
        # Trim to the address: no leading ':' unless '::'
        if cand.startswith(":") and not cand.startswith("::"):
            continue
        try:
            addr = ipaddress.IPv6Address(cand)
        except ValueError:
            continue
        if cand.count(":") < 2 or not re.search(r"[A-Fa-f]|::", cand) and cand.count(":") < 7:
            continue
        if public_only and not addr.is_global:
            continue
        yield s, s + len(cand)


def _card_changes(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _CARD.finditer(text, start, end):
        digits = re.sub(r"\D", "", m.group())
        if not (13 <= len(digits) <= 19 and _luhn(digits) and _CARD_PREFIX.match(digits)):
            continue
        if _is_identifier(text, m.start()) and not _CARD_CUE.search(_before(text, m.start(), 20)):
            continue
        yield m.start(), m.end()


@dataclasses.dataclass(frozen=True)
class PiiParams:
    """Which kinds of personal data to redact, and how phone numbers are read.

    `regions`: ISO 3166 codes (as `phonenumbers` knows them) in which numbers
    written without a country code are tried; international numbers ("+44 ...")
    are found whatever the regions. More regions find more national numbers and
    cost more time and precision. `public_ips_only`: leave private, loopback and
    documentation addresses alone.
    """

    email: bool = True
    phone: bool = True
    ip: bool = True
    card: bool = True
    regions: tuple[str, ...] = ("US", "GB", "DE", "FR", "AU")
    public_ips_only: bool = True

    def __post_init__(self) -> None:
        for key in ("email", "phone", "ip", "card", "public_ips_only"):
            if not isinstance(getattr(self, key), bool):
                raise ConfigError(f"pii.{key} must be true or false, not {getattr(self, key)!r}")
        regions = self.regions
        if isinstance(regions, str) or not isinstance(regions, (list, tuple)):
            raise ConfigError(f"pii.regions must be a list of region codes such as ['US', 'GB'], not {regions!r}")
        import phonenumbers

        bad = [r for r in regions if not isinstance(r, str) or r.upper() not in phonenumbers.SUPPORTED_REGIONS]
        if bad:
            raise ConfigError(f"pii.regions: unknown region {bad[0]!r} (use ISO 3166 codes such as 'US', 'GB', 'DE')")
        object.__setattr__(self, "regions", tuple(r.upper() for r in regions))


class RedactPii(Repairer):
    name = "pii"
    description = "Replace e-mail addresses, phone numbers, public IP addresses and card numbers with placeholders."
    EDITS = {
        "email": "an e-mail address (also spelled out: name at example dot com), replaced by <EMAIL>",
        "phone": "a phone number valid in a configured region or written internationally, replaced by <PHONE>",
        "ip": "a public IPv4 or IPv6 address, replaced by <IP>",
        "card": "a payment card number (Luhn-checked, a card network's prefix), replaced by <CARD>",
    }
    Params = PiiParams

    def __init__(self, params: Any = None) -> None:
        super().__init__(params)
        import phonenumbers

        self._pn = phonenumbers
        # Per region: its national prefix, whether numbers are written with it (GB's 0, not the
        # US's 1), and the lengths of its national numbers: a run of another length is not tried.
        self._regions: list[tuple[str, str, bool, frozenset[int]]] = []
        for region in self.params.regions:
            meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
            prefix = (meta.national_prefix or "") if meta else ""
            example = phonenumbers.example_number(region)
            national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL) if example else ""
            # a prefix the region's numbers are written with (GB's 0), not an optional one (the US's 1)
            written = "".join(ch for ch in national if ch.isdigit()).startswith(prefix)
            lengths = frozenset(meta.general_desc.possible_length) if meta else frozenset(range(4, 18))
            self._regions.append((region, prefix, bool(prefix) and written, lengths))

    def repair(self, text: str) -> list[Change]:
        """Redactions to a fixed point: a number next to a redacted one is read on its own in a
        second round, as a second run of the step would read it. Placeholders hold no digit, '@'
        or dot, so a later round's spans lie in text the earlier rounds left alone."""
        changes = self._find(text)
        for _ in range(_MAX_ROUNDS):
            if not changes:
                break
            redacted = _apply(text, changes)
            more = self._find(redacted)
            if not more:
                break
            changes = sorted(changes + _back(more, changes))
        return changes

    def _find(self, text: str) -> list[Change]:
        p = self.params
        spans: list[tuple[int, int, str]] = []
        if p.email:
            spans.extend((s, e, "email") for s, e in _email_changes(text))
        if p.ip:
            spans.extend((s, e, "ip") for s, e in _ipv6_changes(text, p.public_ips_only))
        # Texts with fewer than 4 digits (most of a corpus) hold no number to redact; counting
        # them on the UTF-8 bytes is ten times faster than any pattern.
        if (p.phone or p.ip or p.card) and len(text.encode("utf-8", "surrogatepass").translate(None, _NON_DIGITS)) >= 4:
            prior = sorted(spans)  # e-mail and IPv6 addresses cut the digit runs they touch
            prior_starts = [a for a, _, _ in prior]
            for start, end in long_runs(text):
                for run in _NUMRUN.finditer(text, max(0, start - 3), end + 1):
                    self._number_spans(text, run, spans, prior, prior_starts)
        return _to_changes(spans)

    def _number_spans(
        self,
        text: str,
        run: re.Match[str],
        spans: list[tuple[int, int, str]],
        prior: list[tuple[int, int, str]],
        prior_starts: list[int],
    ) -> None:
        p = self.params
        s, e = run.span()
        group = run.group()
        n_digits = len(_DIGIT.findall(group)) if e - s >= 7 else 0
        if n_digits < 7 and group.count(".") < 3:
            return
        # Addresses, then cards, then phones, each in the parts of the run the earlier ones left:
        # the same parts a second pass sees once the placeholders are in (idempotence).
        earlier = []
        j = bisect.bisect_left(prior_starts, e) - 1
        while j >= 0 and prior[j][1] > s:
            earlier.append(prior[j])
            j -= 1
        taken: list[tuple[int, int, str]] = []
        parts = _parts(text, s, e, earlier)
        if p.ip and group.count(".") >= 3:
            for a, b in parts:
                taken.extend((x, y, "ip") for x, y in _ip_changes(text, a, b, p.public_ips_only))
            parts = _parts(text, s, e, earlier + taken)
        if p.card and n_digits >= 13:
            for a, b in parts:
                taken.extend((x, y, "card") for x, y in _card_changes(text, a, b))
            parts = _parts(text, s, e, earlier + taken)
        if p.phone and n_digits >= 7:
            for a, b in parts:
                taken.extend((x, y, "phone") for x, y in self._phones_in(text, a, b))
        spans.extend(taken)

    def _phones_in(self, text: str, start: int, end: int, depth: int = 0) -> list[tuple[int, int]]:
        """The phone numbers in a part of a digit run: the whole part, else the first number
        starting at one of its groups; then, likewise, the stretches on either side of what was
        found (which a second pass sees on their own, between placeholders)."""
        if not 7 <= end - start <= _MAX_PHONE_RUN or depth > 8:
            return []  # a longer run is a table of figures (and would cost the matcher dearly)
        found = list(self._phone_changes(text, start, end))
        if not found:
            # a short number (a count, a year) glued before a phone number: try the first groups
            for g in itertools.islice(_GROUP_START.finditer(text, start + 1, end), 4):
                if end - g.start() < 7:
                    break
                if g.group() not in "+(" and len(_DIGIT.findall(text, start, g.start())) > 4:
                    break
                found = list(self._phone_changes(text, g.start(), end))
                if found:
                    break
        if not found:
            return []
        out = []
        for a, b in _parts(text, start, end, [(x, y, "phone") for x, y in found]):
            out.extend(self._phones_in(text, a, b, depth + 1))
        return sorted(out + found)

    def _phone_changes(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        run = text[start:end]
        if _DATE.fullmatch(run.strip("()")) or _THOUSANDS.fullmatch(run) or _DECIMAL.fullmatch(run):
            return
        if _HAS_DATE.search(run) or _DECIMAL_IN.search(run):
            return
        if _ISBN.fullmatch(run) or _is_identifier(text, start) or _is_amount(text, start, end):
            return
        if _LONE_ZERO.search(run):
            return  # "0 2010 10": a national prefix is never a group of its own
        if start > 1 and text[start - 1] in "-/.:" and (text[start - 2].isdigit() or text[start - 2] == ">"):
            return  # the second half of a range or a path
        digits = "".join(_DIGIT.findall(run))
        n = len(digits)
        if run.startswith("+"):
            regions = ["ZZ"]
        elif digits.startswith("00"):  # an international call prefix: the regions' own dialling rules apply
            regions = [r for r, _, _, _ in self._regions] if 8 <= n - 2 <= 15 else []
        else:
            regions = [
                r
                for r, raw, required, lengths in self._regions
                if (raw and digits.startswith(raw) and n - len(raw) in lengths) or (not required and n in lengths)
            ]
        # A number written with its prefix ("+44 ...", "020 ...") only has to be valid; one
        # without must also be grouped as the region groups it (3-3-4 in the US), or
        # "30 4200 100" in a table would be a valid US number.
        lenient = run[0] in "+0" or run.startswith("(0")
        leniency = self._pn.Leniency.VALID if lenient else self._pn.Leniency.STRICT_GROUPING
        for region in regions:
            found = [
                (start + m.start, start + m.end) for m in self._pn.PhoneNumberMatcher(run, region, leniency=leniency)
            ]
            if found:
                yield from found
                return


def _parts(text: str, start: int, end: int, taken: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The stretches of text[start:end] around the spans taken, without surrounding blanks."""
    cuts = [start, *(x for a, b, _ in sorted(taken) for x in (a, b)), end]
    parts = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t":
            b -= 1
        if a < b:
            parts.append((a, b))
    return parts


_MAX_ROUNDS = 4


def _apply(text: str, changes: list[Change]) -> str:
    parts, pos = [], 0
    for c in changes:
        parts += [text[pos : c.start], c.replacement]
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def _back(more: list[Change], earlier: list[Change]) -> list[Change]:
    """Changes found in the redacted text (in text order), moved to the offsets of the text
    before redaction; `earlier` are the redactions made, in text order."""
    out, delta, i = [], 0, 0
    for change in more:
        while i < len(earlier) and earlier[i].start - delta < change.end:
            delta += (earlier[i].end - earlier[i].start) - len(earlier[i].replacement)
            i += 1
        out.append(change._replace(start=change.start + delta, end=change.end + delta))
    return out


def _to_changes(spans: list[tuple[int, int, str]]) -> list[Change]:
    """Non-overlapping changes in text order; of overlapping spans the one found first (e-mail,
    then IP, card, phone) wins."""
    kept: list[tuple[int, int, int, str]] = []  # start, end, rank, code
    for s, e, rank, code in sorted((s, e, rank, code) for rank, (s, e, code) in enumerate(spans)):
        while kept and s < kept[-1][1] and rank < kept[-1][2]:
            kept.pop()
        if not kept or kept[-1][1] <= s:
            kept.append((s, e, rank, code))
    return [Change(s, e, PLACEHOLDERS[code], code) for s, e, _, code in kept]
