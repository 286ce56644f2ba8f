"""Coursework toward the qualifying degree, which ATMAE says cannot count, found for staff to judge.

ATMAE's page: "coursework completed in pursuit of the academic degree used as the qualifying degree for
CCE, CEG, CMS, CTM, or CTP certification cannot be used". A cycle records that degree's institution and
year at enrolment; academic credit (semester or quarter credit hours) from that institution, or dated in
or before that year, is flagged `qualifying_degree`. A flag, not a refusal: a reviewer decides, because a
transcript may hold later, unrelated courses from the same school.
"""

from __future__ import annotations

from reviewer.models import Cycle, Extraction
from reviewer.normalize import normalise

ACADEMIC_UNITS = ("credit_hours", "quarter_credit_hours")


def qualifying_degree_reasons(cycle: Cycle | None, extraction: Extraction) -> list[str]:
    """Why activities of `extraction` look like coursework toward the cycle's qualifying degree."""
    if cycle is None or not (cycle.degree_institution or cycle.degree_year):
        return []
    school, issuer = normalise(cycle.degree_institution), normalise(extraction.issuer)
    same_school = bool(school and issuer and (school in issuer or issuer in school))
    reasons = []
    for activity in extraction.activities:
        if activity.amount_unit not in ACADEMIC_UNITS:
            continue
        name = f"“{activity.title}”" if activity.title else "An academic course"
        if same_school:
            reasons.append(f"{name} is academic credit from {cycle.degree_institution}, where the qualifying "
                           "degree was earned.")
        elif cycle.degree_year and activity.date and activity.date.year <= cycle.degree_year:
            reasons.append(f"{name} is academic credit dated {activity.date.isoformat()}, by the year of the "
                           f"qualifying degree ({cycle.degree_year}).")
    return reasons
