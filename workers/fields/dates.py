"""Dates in every form that certificates, letters and transcripts use, with ranges and their roles.

A document carries many dates: when the activity happened, when the certificate was printed, when it
expires, when the e-mail was sent, when the person was born. Finding dates is easy; knowing which one is
the activity's is the point, so every mention keeps its position and the words around it.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from babel.dates import get_month_names

from workers.fields import sieve
from workers.fields.memory import per_document

# Languages whose month names are read. The names come from CLDR (through babel), so a language is one
# code here, not a hand-written table; each is also matched without accents, as OCR often drops them.
LANGUAGES = ("en", "fr", "de", "pt", "es", "it", "nl", "tr", "id")


def _fold(word: str) -> str:
    # Turkish's dotless i has no accent to drop: OCR and plain typing write it as an i ("Aralik", "Mayis").
    return unicodedata.normalize("NFKD", word.replace("ı", "i")).encode("ascii", "ignore").decode().lower().rstrip(".")


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=lang).items():
                for form in {name.lower().rstrip("."), _fold(name)}:
                    if len(form) >= 3:
                        table.setdefault(form, number)
    table.update({"sept": 9, "maerz": 3, "marz": 3, "fevereiro": 2, "marco": 3})
    return table


def _one_of(words: set[str], split_first: bool = False) -> str:
    """A pattern for any of `words`, longest first, written as a tree of their shared beginnings
    ("ma(?:r(?:s|zo)?|i|y)" rather than "marzo|mars|mar|mai|may"). It matches what the plain
    alternation matches, but the engine reads each letter once instead of trying a hundred month names
    at every position of the text; a date search runs on every line of every document."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    # A text layer may split a capital from the rest of its word where the type is kerned ("J ul 10, 2025"):
    # `split_first` lets a space stand there, between a capital and a lower-case letter only.
    after_first = r"(?-i:(?<=[A-Z]) (?=[a-z]))?" if split_first else ""

    def pattern(node: dict[str, dict], depth: int = 0) -> str:
        branches = [re.escape(ch) + (after_first if depth == 0 else "") + pattern(child, depth + 1)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body  # a word that ends here is tried after its longer ones

    return "(?:" + pattern(tree) + ")"


MONTHS = _month_table()
_MONTH = _one_of(set(MONTHS), split_first=True) + r"\.?"
# 23" May, 20% August, 20' September: OCR of a raised "rd", "th"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:\s?(?:st|nd|rd|th|er|º|°|o(?=\s))|[\"“”'’%](?=[\s,]))?\.?"
# "de", "del" (Portuguese, Spanish), "of": the words between day, month and year.
_OF = r"(?:\s+(?:de|del|of)\s+|\s*,?\s*)"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|through|thru|until|till|au|bis|a|al|à|e|y|et|und)\s*"


_DAY_JOIN = r"(?:\s*[,|&]\s*|\s+(?:and|y|et|und|e)\s+)"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


# Ranges whose first part shares the month or year with the second, longest first.
_RANGES = [
    # "between August 1 and August 14, 2021"
    sieve.compile(rf"(?<=between\s){_g('m1', _MONTH)}\s*{_g('d1', _DAY)}\s+and\s+{_g('m2', _MONTH)}\s*"
                  rf"{_g('d2', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    sieve.compile(rf"\b{_g('m1', _MONTH)}\s*{_g('d1', _DAY)}{_DASH}{_g('m2', _MONTH)}\s*{_g('d2', _DAY)},?\s*"
                  rf"{_g('y', _YEAR)}\b", re.I),
    sieve.compile(rf"\b{_g('m1', _MONTH)}\s*{_g('d1', _DAY)}{_DASH}{_g('d2', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    sieve.compile(rf"\b{_g('d1', _DAY)}{_OF}{_g('m1', _MONTH)}{_DASH}{_g('d2', _DAY)}{_OF}{_g('m2', _MONTH)}{_OF}"
                  rf"{_g('y', _YEAR)}\b", re.I),
    sieve.compile(rf"\b{_g('d1', _DAY)}{_DASH}{_g('d2', _DAY)}{_OF}{_g('m1', _MONTH)}{_OF}{_g('y', _YEAR)}\b", re.I),
    # A list of days in one month: "20|21|22 & 24 September 2025", "5 e 6 de maio de 2024", "3, 4 and 5 May 2024"
    sieve.compile(rf"\b{_g('d1', _DAY)}(?:{_DAY_JOIN}{_DAY})*{_DAY_JOIN}{_g('d2', _DAY)}{_OF}{_g('m1', _MONTH)}{_OF}"
                  rf"{_g('y', _YEAR)}\b", re.I),
    # German "22.-23.10. 2025"
    sieve.compile(r"\b(?P<d1>[0-3]?\d)\.?\s*[-–]\s*(?P<d2>[0-3]?\d)\.(?P<mn>[01]?\d)\.\s?(?P<y>(?:19|20)\d{2})\b"),
    # German "vom 09.07. – 03.08.2007": the year printed once, on the last day
    sieve.compile(r"\b(?P<d1>[0-3]?\d)\.(?P<mn1>[01]?\d)\.\s*[-–—]\s*(?P<d2>[0-3]?\d)\.(?P<mn>[01]?\d)\.\s?"
                  r"(?P<y>(?:19|20)\d{2})\b"),
]
_SINGLES = [
    sieve.compile(rf"\b{_g('m', _MONTH)}\s*{_g('d', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    # The formal date of Spanish, Portuguese and French deeds: "a los 14 días del mes de mayo de 2024", "el día
    # 14 del mes mayo del año 2024", "aos 14 dias do mês de maio de 2024", "le 14 du mois de mai 2024".
    sieve.compile(rf"\b{_g('d', _DAY)}\s+(?:d[íi]as?\s+)?(?:del?|do|du)\s+(?:mes|m[êe]s|mois)\s+(?:de\s+|d['’])?"
                  rf"{_g('m', _MONTH)}\s+(?:(?:del?|do|du)\s+)?(?:a[ñn]o\s+|ano\s+|l['’]ann[ée]e\s+)?"
                  rf"{_g('y', _YEAR)}\b", re.I),
    sieve.compile(rf"\b{_g('d', _DAY)}\s*(?:day\s+of\s+|de\s+|del\s+)?{_g('m', _MONTH)}{_OF}{_g('y', _YEAR)}\b", re.I),
    sieve.compile(r"\b(?P<y>(?:19|20)\d{2})[-/.](?P<mn>[01]?\d)[-/.](?P<d>[0-3]?\d)\b"),
    # "9th-Aug-2021", "20-Jan-25", "01/Sep/2023", and "9th-" at a line's end with "Aug-2021" below it
    sieve.compile(rf"\b{_g('d', _DAY)}[-/]\n?{_g('m', _MONTH)}[-/]{_g('y', _YEAR + '|[0-9]{2}')}\b", re.I),
    # (also right after a full date and a dash, as a range "01/02/2024-29/06/2024" is printed unspaced)
    re.compile(r"(?:(?<![\d/.\-])|(?<=[/.](?:19|20)\d\d-))(?P<a>[0-3]?\d)\s?(?P<sep>[/.\-])\s?(?P<b>[0-3]?\d)\s?(?P=sep)\s?(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/])"),
]
# A month without a day ("August 2024", "março de 2023", "Completed: 02/2019", "JUL-2022") is read as the month's first
# day, and only where no full date stands. Short abbreviations in other languages ("set", "out", "mai")
# are English words too, so only full names and English abbreviations count here.
_MONTH_WIDE = _one_of({m for m in MONTHS if len(m) >= 4 or m in {
    "jan", "feb", "mar", "apr", "may", "mai", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}}) + r"\.?"
_MONTH_ONLY = [
    sieve.compile(rf"(?<![\d.])\b{_g('m', _MONTH_WIDE)}{_OF}{_g('y', _YEAR)}\b", re.I),
    sieve.compile(r"(?<![\d/.\-])(?P<mn>0?[1-9]|1[0-2])\s?/\s?(?P<y>(?:19|20)\d{2})(?![\d/])"),
    # A grade card's "EXAMINATION - JUL - 2022", its month column's "Feb/2022"
    sieve.compile(rf"(?<![\d/\-])\b{_g('m', _MONTH_WIDE)}\s?[-/–]\s?{_g('y', _YEAR)}\b", re.I),
]
# A period of months that prints its year once: an online course's "Jul-Aug 2025", "July - October 2023".
# A first month after the second began the year before ("Nov-Feb 2024").
_MONTH_RANGE = sieve.compile(rf"(?<![\d.])\b{_g('m1', _MONTH_WIDE)}{_DASH}{_g('m2', _MONTH_WIDE)}{_OF}"
                             rf"{_g('y', _YEAR)}\b", re.I)
# "On the Eighth Day Of October Of The Year 2025": a formal certificate's date in words.
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]
# Day number by ordinal words, the compound ones keyed with a single space ("twenty first").
_ORDINAL_DAYS = ({word: n for n, word in enumerate(_ORDINALS, start=1)}
                 | {f"twenty {word}": 20 + n for n, word in enumerate(_ORDINALS[:9], start=1)}
                 | {"thirtieth": 30, "thirty first": 31})
_ORDINAL_WORD = "(?:" + "|".join(k.replace(" ", r"[\s-]") for k in sorted(_ORDINAL_DAYS, key=len, reverse=True)) + ")"
_WORDED = sieve.compile(rf"\b(?P<dw>{_ORDINAL_WORD})\s+day\s+of\s+{_g('m', _MONTH)},?\s+(?:of\s+)?(?:the\s+)?"
                        rf"(?:year\s+)?(?:of\s+our\s+lord\s+)?{_g('y', _YEAR)}\b", re.I)


def _ordinal_value(word: str) -> int:
    return _ORDINAL_DAYS[re.sub(r"[\s-]+", " ", word.lower())]


_JOIN = re.compile(rf"^,?(?:{_DASH}|\s*and\s*|\s*(?:s/d|sampai\s+dengan|hingga)\s*)$", re.I)
# A range written out in words rather than with a dash: "from January 6, 2025, to February 5, 2025",
# "war vom 1. Oktober 2024 bis zum 31. März 2025", "Fecha inicio: 10/06/2024 Finalización: 14/10/2024",
# "início em 26/09/2025, término em 12/10/2025". The first date is led by a word that starts a period,
# and the few words between the two hold one that ends it.
_STARTS = re.compile(r"\b(?:from|since|start(?:s|ed|ing)?|began|begin\w*|commenc\w*|joined|vom|von|seit|ab"
                     r"|beginn\w*|du|depuis|d[ée]but|desde|de|del|dal|da|do|entre|between|inizio|in[ií]cio|inicio"
                     r"|incio|dari|mulai)\b[^\n\d]{0,25}$", re.I)
_ENDS = re.compile(r"^[^\d]{0,30}?\b(?:to|till|until|through|thru|au|bis|a|al|à|até|ate|hasta|and|y|e|et|und"
                   r"|fin\w*|fim|complet\w*|end\w*|t[ée]rmin\w*|conclu\w*|ende|fine|s/d|sampai|hingga)\b"
                   r"[^\d]{0,30}$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date or date range found in the text, with its character span."""

    start: date | None
    end: date
    span: tuple[int, int]
    # True when the end names only a month ("July 2020"): `end` is then the month's first day.
    month_only: bool = False

    @property
    def end_of_period(self) -> date:
        """The last day the mention covers: the month's last day for a month-only end."""
        if not self.month_only:
            return self.end
        return self.end.replace(day=calendar.monthrange(self.end.year, self.end.month)[1])

    @property
    def is_range(self) -> bool:
        return self.start is not None and self.start != self.end


def _month(token: str) -> int:
    word = token.strip(". ").replace(" ", "").lower()
    return MONTHS.get(word) or MONTHS[_fold(word)]


def _day(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _year(token: str) -> int:
    year = int(token)
    return year + (2000 if year < 70 else 1900) if year < 100 else year


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _from_range(m: re.Match[str]) -> DateMention | None:
    gd = m.groupdict()
    year = _year(gd["y"])
    if gd.get("mn"):
        first_month = int(gd.get("mn1") or gd["mn"])
        start = _safe(year - 1 if first_month > int(gd["mn"]) else year, first_month, _day(gd["d1"]))
        end = _safe(year, int(gd["mn"]), _day(gd["d2"]))
        return DateMention(start, end, m.span()) if start and end and start <= end else None
    m1 = _month(gd["m1"])
    m2 = _month(gd["m2"]) if gd.get("m2") else m1
    start_year = year - 1 if m1 > m2 else year
    start, end = _safe(start_year, m1, _day(gd["d1"])), _safe(year, m2, _day(gd["d2"]))
    if start is None or end is None or start > end:
        return None
    return DateMention(start, end, m.span())


def _from_single(m: re.Match[str], day_first: bool = False) -> date | None:
    gd = m.groupdict()
    year = _year(gd["y"])
    if gd.get("m") and gd.get("d"):
        return _safe(year, _month(gd["m"]), _day(gd["d"]))
    if gd.get("mn"):
        return _safe(year, int(gd["mn"]), int(gd["d"]) if gd.get("d") else 1)
    if gd.get("m"):
        return _safe(year, _month(gd["m"]), 1)
    a, b = int(gd["a"]), int(gd["b"])
    if a > 12 or day_first and b <= 12:
        return _safe(year, b, a)
    return _safe(year, a, b)


_NUMERIC = re.compile(r"(?<![\d/.\-])([0-3]?\d)[/.\-]([0-3]?\d)[/.\-](?:19|20)?\d{2}(?![\d/])")


def day_first_order(text: str, language: str = "en") -> bool:
    """Whether the document writes numeric dates day first.

    A document keeps one order: one date that can only be read one way (25/06/2024, 06/25/2024) settles
    it for all of them. Otherwise the language decides: US order in English, day first elsewhere.
    """
    for m in _NUMERIC.finditer(text):
        if "." in m.group(0):  # 22.10.2025: dotted numeric dates are written day first wherever they are used
            return True
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return language != "en"


# Every date names its year in two digits or more (`_YEAR`, "25" in "20-Jan-25"): many lines have none.
_TWO_DIGITS = re.compile(r"\d\d")


def find_dates(text: str, day_first: bool = False) -> list[DateMention]:
    """Every date and date range in `text`, in order. Numeric dates are US order unless `day_first`."""
    if not _TWO_DIGITS.search(text):
        return []
    return list(_dates_in(text, day_first))


@per_document
def _dates_in(text: str, day_first: bool) -> tuple[DateMention, ...]:
    """`find_dates`, remembered: the title, table and date readers each look at the same lines again
    (a line is a candidate title, a table cell and a date's context), and the mentions are immutable."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    for pattern in _RANGES:
        for m in pattern.finditer(text):
            mention = _from_range(m)
            if mention and free(m.span()):
                taken.append(m.span())
                found.append(mention)
    for m in _WORDED.finditer(text):
        when = _safe(_year(m["y"]), _month(m["m"]), _ordinal_value(m["dw"]))
        if when and free(m.span()):
            taken.append(m.span())
            found.append(DateMention(None, when, m.span()))
    for m in _MONTH_RANGE.finditer(text):
        first, last, year = _month(m["m1"]), _month(m["m2"]), _year(m["y"])
        if first != last and free(m.span()):
            taken.append(m.span())
            found.append(DateMention(date(year - (first > last), first, 1), date(year, last, 1), m.span(), True))
    for pattern in _SINGLES + _MONTH_ONLY:
        for m in pattern.finditer(text):
            when = _from_single(m, day_first)
            if when and free(m.span()):
                taken.append(m.span())
                found.append(DateMention(None, when, m.span(), pattern in _MONTH_ONLY))
    found.sort(key=lambda d: d.span)
    return tuple(_join_ranges(text, found))


def _join_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Two full dates joined by a dash, "to", "through" or "and" are one range."""
    out: list[DateMention] = []
    for mention in mentions:
        if out and not out[-1].is_range and not mention.is_range:
            prev = out[-1]
            between = text[prev.span[1]:mention.span[0]]
            worded = len(between) <= 60 and between.count("\n") <= 1 and _ENDS.match(between) is not None \
                and _STARTS.search(text, max(0, prev.span[0] - 40), prev.span[0]) is not None
            if (_JOIN.match(between) or worded) and prev.end <= mention.end and (mention.end - prev.end).days <= 1100:
                out[-1] = DateMention(prev.end, mention.end, (prev.span[0], mention.span[1]), mention.month_only)
                continue
        out.append(mention)
    return out


# A table's month-and-year cell as OCR reads it off a small screenshot: "Feb/2022" as "Fetv2022" or
# "Fen2022", "Jul/2022" as "Julf2022": the month's first letters, a slash read as a letter, the year.
_MISREAD_MONTH_YEAR = sieve.compile(r"^(?P<m>[A-Z]?[a-z]{1,2}|[a-z]{2,3})[^\s\d]?(?P<y>(?:19|20)\d\d)$")
_FIRST_LETTERS = {"ja": 1, "fe": 2, "mar": 3, "ap": 4, "may": 5, "jun": 6, "jul": 7, "au": 8, "se": 9, "oc": 10,
                  "no": 11, "de": 12}


def misread_month_year(cell: str) -> date | None:
    """The first of the month a month-and-year cell names, through OCR's misreadings of it; None for a
    cell that is not one (its first letters must name one English month, and only one; a course code in
    capitals, "SEN2010", is none)."""
    m = _MISREAD_MONTH_YEAR.match(cell.strip())
    if not m:
        return None
    letters = m["m"].lower()
    month = _FIRST_LETTERS.get(letters[:2]) or _FIRST_LETTERS.get(letters[:3])
    return date(int(m["y"]), month, 1) if month else None
