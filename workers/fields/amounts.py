"""Amounts of learning: a value and a unit, normalised to contact hours.

Providers state value in many ways ("Eight (8) Contact Hours", "1.6 CEUs", "PDH: 1.5", "90 minutes",
a transcript's CR HRS column). Each mention keeps its span so staff can see where it was found; the
choice between mentions (prefer hours when a document states the same amount twice) is made here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.fields import sieve
from workers.fields.memory import per_document

# Contact hours per unit. Minutes are read as contact hours when found.
CONTACT_HOURS_PER_UNIT: dict[str, float] = {
    "contact_hours": 1.0,
    "ceu": 10.0,
    "credit_hours": 15.0,
    "quarter_credit_hours": 10.0,
    "pdu": 1.0,
    "pdh": 1.0,
}
# When one document states the same activity in several units, the first of these that it uses wins.
UNIT_PREFERENCE = ["contact_hours", "pdh", "pdu", "ceu", "credit_hours", "quarter_credit_hours"]

_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five"
             r"|six|seven|eight|nine))?|" + "|".join(sorted(_SMALL[1:], key=len, reverse=True)) + r")")
_DIGITS = r"\d{1,3}(?:[.,]\d{1,2})?|[.,]\d{1,2}"
_NUMBER = (rf"(?:(?P<word>{_WORD_NUM})\s*\(\s*(?P<paren>{_DIGITS})\s*\)|(?P<num>{_DIGITS})"
           rf"|(?P<word_only>{_WORD_NUM})\b(?:\s+and\s+(?:a\s+|one[\s-])half)?)")  # not "Eighth Day" as 8 h

_UNITS: list[tuple[str, str]] = [
    ("quarter_credit_hours", r"quarter[\s-]+(?:credit[\s-]+)?(?:hours?|hrs?\.?|credits?|units?)"
                             r"|qtr\.?[\s-]+(?:cr\.?[\s-]+)?(?:hours?|hrs?\.?)"),
    ("credit_hours", r"(?:semester[\s-]+)?credit[\s-]+(?:hours?|hrs?\.?)|(?:semester[\s-]+)?cr\.?[\s-]*hrs?\.?"
                     r"|semester[\s-]+(?:hours?|hrs?\.?|credits?|units?)"
                     # "equivalent to three credits", "3 college credits"; not ECTS, not CE credits (hours)
                     r"|(?:academic[\s-]+|college[\s-]+|university[\s-]+|graduate[\s-]+|undergraduate[\s-]+)?"
                     r"credits?(?![\s-]*\(?ects)"),
    # "9 CEU Hours" counts hours, not units of ten hours: those are contact hours below
    ("ceu", r"(?:c\.?\s?e\.?\s?u\.?'?s?|continuing[\s-]+education[\s-]+units?)(?![\s-]+(?:hours?|hrs?)\b)"),
    ("pdu", r"pdu'?s?(?:\s*/\s*contact\s*hours)?|professional[\s-]+development[\s-]+units?"),
    ("pdh", r"pdh'?s?|professional[\s-]+development[\s-]+hours?"),
    ("contact_hours", r"(?:(?:contact|clock|instructional|instruction|training|classroom|course|learning|class"
                      r"|continuing[\s-]+education|ceu|ce|cpe|cme|total|credit)[\s-]+)?(?:hours?|hrs?\.?)"
                      # Other languages, and the hour-equivalent credits of other bodies (SEU, CDU, CPE, CPD).
                      r"|hora\(s\)|horas?(?:[\s/-]*aula)?|hs\.?|h(?=[\s.,;)]|$)|heures?|stunden|std\.|unterrichtsstunden"
                      r"|seu'?s?|cdu'?s?|cpe'?s?|cpd(?:\s+hours?)?|cme'?s?|(?:ce|cme|cpe|cle|cne)[\s-]+credits?"
                      r"|(?:scrum\s+educational|continuing\s+development)\s+units?"),
    ("minutes", r"minutes?|mins?\.?|minutos?|minuten"),
]
_UNIT_ALT = "|".join(f"(?P<u_{name}>{body})" for name, body in _UNITS)
_LABEL_ALT = "|".join(f"(?P<l_{name}>{body})" for name, body in _UNITS if name != "minutes")

# "8 contact hours", "Eight (8) Contact Hours", "1.6 CEUs", "a 16-hour course".
# Not the end of a date or a code ("2024-05-10", "05/10"): the value stands on its own.
_VALUE_THEN_UNIT = re.compile(rf"(?<![\w.,/\-]){_NUMBER}\s*-?\s*(?:{_UNIT_ALT})(?![a-z])", re.I)
# "Contact Hours: 6.5", "CEUs awarded: 0.8", "Duration (hours): 16".
_UNIT_THEN_VALUE = re.compile(
    rf"(?<![\w])(?:{_LABEL_ALT})\s*(?:\(\w+\))?\s*(?:credits?\s*|units?\s*)?(?:earned|awarded|granted|completed|approved|credited)?\s*[:=#]\s*"
    rf"{_NUMBER.replace('?P<', '?P<v_')}(?![\d])", re.I)
_ANY_UNIT = re.compile(_UNIT_ALT, re.I)
# Both readings need a number: a digit, or a number's word.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = sieve.compile(_WORD_NUM, re.I)
_NOT_EARNED = sieve.compile(
    r"\b(?:within|required|requires?|requirement|minimum|maximum|up\s+to|at\s+least|per\s+(?:day|week|year)"
    r"|each|every|allow|before|after|renewal)\b[^.\n]{0,20}$", re.I)
_NOT_EARNED_AFTER = sieve.compile(r"^\s*(?:required|are\s+required|is\s+required|per\s+(?:day|week|year)|a\s+day|"
                                  r"of\s+operation|prior|before|after|notice|in\s+advance)\b", re.I)


_TRAILING_MINUTES = sieve.compile(r"\s*,?\s*(?:and\s+|e\s+|et\s+|y\s+|und\s+)?(\d{1,2})"
                                  r"\s*(?:minutes?|mins?\.?|minutos?|minuten)\b", re.I)


@dataclass(frozen=True)
class AmountMention:
    """A value with its unit, as found in the text."""

    value: float
    unit: str
    span: tuple[int, int]

    @property
    def contact_hours(self) -> float:
        return contact_hours(self.value, self.unit)


def contact_hours(value: float, unit: str) -> float:
    """Normalise an amount to contact hours (1 CEU = 10, 1 semester credit hour = 15, ...)."""
    return round(value * CONTACT_HOURS_PER_UNIT[unit], 2)


def word_to_number(word: str) -> float | None:
    """"eight" → 8, "twenty-four" → 24."""
    parts = re.split(r"[\s-]+", word.lower().strip())
    total = 0
    for part in parts:
        if part in _TENS:
            total += _TENS[part]
        elif part in _SMALL:
            total += _SMALL.index(part)
        else:
            return None
    return float(total)


def _number(groups: dict[str, str | None], prefix: str = "") -> float | None:
    for key in ("paren", "num"):
        raw = groups.get(prefix + key)
        if raw:
            return float(raw.replace(",", "."))
    raw = groups.get(prefix + "word_only") or groups.get(prefix + "word")
    if raw:
        return word_to_number(raw)
    return None


def _unit(groups: dict[str, str | None], prefix: str) -> str | None:
    for name, _ in _UNITS:
        if groups.get(f"{prefix}{name}"):
            return name
    return None


def find_amounts(text: str) -> list[AmountMention]:
    """Every amount of learning credited in `text`, in order; requirements and deadlines are skipped."""
    return list(_amounts_in(text))


@per_document
def _amounts_in(text: str) -> tuple[AmountMention, ...]:
    """`find_amounts`, remembered: a line is read as a title candidate, a table cell and an amount's
    context, and the mentions are immutable."""
    if not (_DIGIT.search(text) or _NUMBER_WORD.search(text)) or not _ANY_UNIT.search(text):
        return ()  # both readings below need a number and a unit's word; most lines have neither
    found: list[AmountMention | None] = []  # None: a mention _make refused
    for m in _VALUE_THEN_UNIT.finditer(text):
        if "\n" in m.group(0) and re.match(r"[ \t]*[:=]", text[m.end():]):
            continue  # a number at a line's end above a label ("…\nHOURS: 8"), not "8\nhours" wrapped
        groups = m.groupdict()
        value, unit = _number(groups), _unit(groups, "u_")
        span = m.span()
        if re.search(r"and\s+(?:a\s+|one[\s-])half", m.group(0), re.I) and value is not None:
            value += 0.5
        minutes = _TRAILING_MINUTES.match(text, m.end()) if unit == "contact_hours" else None
        if minutes and value is not None:  # "12 hours 2 min", "10 hours and 30 minutes"
            value = round(value + int(minutes.group(1)) / 60.0, 2)
            span = (m.start(), minutes.end())
        found.append(_make(text, value, unit, span))
    for m in _UNIT_THEN_VALUE.finditer(text):
        groups = m.groupdict()
        found.append(_make(text, _number(groups, "v_"), _unit(groups, "l_"), m.span()))
    kept = [a for a in found if a is not None]
    kept.sort(key=lambda a: a.span)
    out: list[AmountMention] = []
    for mention in kept:
        if out and mention.span[0] < out[-1].span[1]:
            continue
        out.append(mention)
    return tuple(out)


def _make(text: str, value: float | None, unit: str | None, span: tuple[int, int]) -> AmountMention | None:
    if value is None or unit is None or value <= 0:
        return None
    before = text[max(0, span[0] - 40):span[0]].split("\n")[-1]
    after = text[span[1]:span[1] + 30]
    if _NOT_EARNED.search(before) or _NOT_EARNED_AFTER.search(after):
        return None
    if unit == "minutes":
        value, unit = round(value / 60.0, 2), "contact_hours"
    if value > 2000:
        return None
    return AmountMention(value, unit, span)


# "Course length: 2 hours, 38 minutes … 3.25 CPEs": how long the course runs, not what it credits.
_DURATION_LABEL = sieve.compile(r"(?:course\s+length|length|duration|dur[ée]e|dura[çc][ãa]o|duraci[óo]n|dauer"
                                r"|running\s+time|video\s+length)\s*[:=]?\s*$", re.I)


def preferred(mentions: list[AmountMention], text: str = "") -> AmountMention | None:
    """The mention to report for one activity: hours first when the same amount is stated twice, and a
    credited amount before a course's stated length when both are in hours."""
    if not mentions:
        return None
    rank = {unit: i for i, unit in enumerate(UNIT_PREFERENCE)}

    def length_only(a: AmountMention) -> bool:
        return bool(text) and bool(_DURATION_LABEL.search(text[max(0, a.span[0] - 30):a.span[0]]))

    return min(mentions, key=lambda a: (rank[a.unit], length_only(a), a.span[0]))
