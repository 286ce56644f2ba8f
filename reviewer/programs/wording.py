"""Program figures in the words people read: "36 credits", "1 PDU", "12.5 PDUs".

Progress figures are sums of converted units (12 semester credits at 15 PDUs each, 0.75 CEU at 10 hours)
and can come out as 369.25 or 7.000000001; pages, mail and transcripts show them rounded, with the unit's
plural, through these two functions.
"""

from __future__ import annotations


def number(value: float) -> str:
    """A figure rounded to one decimal, without a trailing .0: 369.25 → 369.3, 12.0 → 12."""
    return f"{round(float(value), 1):g}"


def units(value: float, unit: str) -> str:
    """A figure with its unit, plural unless it is exactly one: "36 credits", "1 PDU"."""
    shown = number(value)
    return f"{shown} {unit}" if shown == "1" else f"{shown} {unit}s"
