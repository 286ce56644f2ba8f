"""The checks: what a person must look at in one reading, each flag with a reason they can read.

The codes and their wording are the vocabulary in `workers/flags.py`; a check here raises one of its
"reader" codes. A document with nothing wrong carries no flags at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workers.fields.names import same_person
from workers.flags import EXTRACTION_FLAGS


@dataclass(frozen=True)
class CheckContext:
    """What the checks compare against: the applicant, the as-of date and the program's window.

    The window ends on `as_of`. It opens on `opens` where the cycle says when (a cycle runs from its
    certification date, which need not be `window_years` before its due date: AMT's runs to November 1);
    without a cycle, `window_years` before `as_of`."""

    as_of: date
    window_years: int = 3
    applicant: str | None = None
    opens: date | None = None

    @property
    def window_start(self) -> date:
        if self.opens is not None:
            return self.opens
        try:
            return self.as_of.replace(year=self.as_of.year - self.window_years)
        except ValueError:  # 29 February
            return self.as_of.replace(year=self.as_of.year - self.window_years, day=28)


def _label(title: str | None, index: int, total: int) -> str:
    if title:
        return f"“{title}”"
    return f"activity {index + 1}" if total > 1 else "the activity"


def run_checks(*, readable: bool, activities: list[dict[str, object]], recipient: str | None,
               third_party: bool | None, third_party_reasons: list[str], ctx: CheckContext) -> dict[str, str]:
    """The flags of one result, in the vocabulary's order, each with its reason for this document."""
    if not readable:
        return {"unreadable": "No readable text was found; the scan may be blank, too faint or too blurred."}
    found: dict[str, list[str]] = {}
    total = len(activities)
    if not activities and third_party is False:
        # A résumé or statement: what is wrong with it is who wrote it, not which fields it lacks.
        return {"self_issued": "The document was written by the person it is about: " + " ".join(third_party_reasons)}
    if not activities:
        found.setdefault("missing_title", []).append("No activity title was found.")
        found.setdefault("missing_date", []).append("No activity date was found.")
        found.setdefault("missing_hours", []).append("No hours, CEUs or credit hours were found.")
    for i, act in enumerate(activities):
        name = _label(act.get("title"), i, total)  # type: ignore[arg-type]
        if not act.get("title"):
            found.setdefault("missing_title", []).append(f"No title was found for {name}.")
        when = act.get("date")
        if not when:
            found.setdefault("missing_date", []).append(f"No completion date was found for {name}.")
        elif isinstance(when, date):
            if when < ctx.window_start:
                found.setdefault("outside_window", []).append(
                    f"{name} was completed on {when.isoformat()}, before the window opened on "
                    f"{ctx.window_start.isoformat()}.")
            elif when > ctx.as_of:
                found.setdefault("outside_window", []).append(
                    f"{name} is dated {when.isoformat()}, after the as-of date {ctx.as_of.isoformat()}.")
        if not act.get("amount"):
            found.setdefault("missing_hours", []).append(
                f"No hours, CEUs or credit hours were found for {name}.")
    if third_party is False:
        found["self_issued"] = ["The document was written or sent by the person it is about: "
                                + " ".join(third_party_reasons)]
    elif third_party is None:
        # ATMAE: evidence "must originate from someone other than you". Unknown is not accepted unseen.
        found["origin_unknown"] = [" ".join(third_party_reasons) or
                                   "No issuing organisation or signer other than the applicant was found."]
    if ctx.applicant and recipient and not same_person(ctx.applicant, recipient):
        found["name_mismatch"] = [f"The document names {recipient}, not the applicant {ctx.applicant}."]
    # In the vocabulary's order; a code missing from the vocabulary raises here rather than go unseen.
    return {flag: " ".join(found[flag]) for flag in sorted(found, key=EXTRACTION_FLAGS.index)}
