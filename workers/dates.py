"""Dates in every form that certificates, letters and transcripts use, with ranges and their roles.

A document carries many dates: when the activity happened, when the certificate was printed, when it
expires, when the e-mail was sent, when the person was born. Finding dates is easy; knowing which one is
the activity's is the point, so every mention keeps its position and the words around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:\s?(?:st|nd|rd|th))?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|through|thru|until|till)\s*"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


# Ranges whose first part shares the month or year with the second, longest first.
_RANGES = [
    re.compile(rf"\b{_g('m1', _MONTH)}\s*{_g('d1', _DAY)}{_DASH}{_g('m2', _MONTH)}\s*{_g('d2', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    re.compile(rf"\b{_g('m1', _MONTH)}\s*{_g('d1', _DAY)}{_DASH}{_g('d2', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    re.compile(rf"\b{_g('d1', _DAY)}\s*{_g('m1', _MONTH)}{_DASH}{_g('d2', _DAY)}\s*{_g('m2', _MONTH)},?\s*{_g('y', _YEAR)}\b", re.I),
    re.compile(rf"\b{_g('d1', _DAY)}{_DASH}{_g('d2', _DAY)}\s+{_g('m1', _MONTH)},?\s*{_g('y', _YEAR)}\b", re.I),
]
_SINGLES = [
    re.compile(rf"\b{_g('m', _MONTH)}\s*{_g('d', _DAY)},?\s*{_g('y', _YEAR)}\b", re.I),
    re.compile(rf"\b{_g('d', _DAY)}\s+(?:day\s+of\s+)?{_g('m', _MONTH)},?\s*{_g('y', _YEAR)}\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<mn>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    re.compile(r"(?<![\d/.\-])(?P<a>[0-3]?\d)\s?(?P<sep>[/.\-])\s?(?P<b>[0-3]?\d)\s?(?P=sep)\s?(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/])"),
]
_JOIN = re.compile(rf"^(?:{_DASH}|\s*and\s*)$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date or date range found in the text, with its character span."""

    start: date | None
    end: date
    span: tuple[int, int]

    @property
    def is_range(self) -> bool:
        return self.start is not None and self.start != self.end


def _month(token: str) -> int:
    return MONTHS[token.strip(". ").lower()[:3]]


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
    if gd.get("m"):
        return _safe(year, _month(gd["m"]), _day(gd["d"]))
    if gd.get("mn"):
        return _safe(year, int(gd["mn"]), int(gd["d"]))
    a, b = int(gd["a"]), int(gd["b"])
    if a > 12 or day_first and b <= 12:
        return _safe(year, b, a)
    return _safe(year, a, b)


def find_dates(text: str, day_first: bool = False) -> list[DateMention]:
    """Every date and date range in `text`, in order. Numeric dates are US order unless impossible."""
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
    for pattern in _SINGLES:
        for m in pattern.finditer(text):
            when = _from_single(m, day_first)
            if when and free(m.span()):
                taken.append(m.span())
                found.append(DateMention(None, when, m.span()))
    found.sort(key=lambda d: d.span)
    return _join_ranges(text, found)


def _join_ranges(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Two full dates joined by a dash, "to", "through" or "and" are one range."""
    out: list[DateMention] = []
    for mention in mentions:
        if out and not out[-1].is_range and not mention.is_range:
            prev = out[-1]
            between = text[prev.span[1]:mention.span[0]]
            if _JOIN.match(between) and prev.end <= mention.end and (mention.end - prev.end).days <= 400:
                out[-1] = DateMention(prev.end, mention.end, (prev.span[0], mention.span[1]))
                continue
        out.append(mention)
    return out
