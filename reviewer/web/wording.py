"""The templates' words for figures and flags: figures rounded with their unit (reviewer.programs.wording),
and a flag as an applicant reads it, never as its code."""

from __future__ import annotations

from reviewer.programs.wording import number, units
from workers.flags import BY_CODE, STAFF_ONLY_REASONS


def flag_words(code: str, reason: str | None = None) -> dict[str, str | None]:
    """What an applicant reads of a flag: what was noticed, this document's detail (unless it names
    another person's document), and the next step. Never the code."""
    flag = BY_CODE.get(code)
    if flag is None:
        return {"noticed": code.replace("_", " "), "detail": None, "next_step": None}
    return {"noticed": flag.noticed, "detail": None if code in STAFF_ONLY_REASONS else reason,
            "next_step": flag.next_step}


def register(app: object) -> None:
    """The filters the templates use (a Flask app's add_template_filter)."""
    add = app.add_template_filter  # type: ignore[attr-defined]
    add(number, "number")
    add(units, "units")
    add(flag_words, "flag_words")
