"""The three programs as shipped: the seed rows and where each value comes from.

Contact hours are the common currency (1 CEU = 10, 1 semester credit hour = 15, 1 quarter credit hour =
10, 1 PDU = 1 PDH = 1); a program converts them to its own unit with `contact_hours_per_unit`, and may
override a unit's contact-hour value in `conversions`. Admins change these rows, not code; everything
that applies them reads them through `reviewer.programs.rules.rules_of`.
"""

from __future__ import annotations

from typing import Any

from reviewer.extensions import db
from reviewer.models import Program

PROGRAMS: list[dict[str, Any]] = [
    {"code": "ATMAE-SENIOR", "name": "ATMAE senior certification (CSCE, CSEG, CSMS, CSTM, CSTP)", "unit": "PDU",
     "required_units": 30, "window_years": 3, "contact_hours_per_unit": 1.0, "due_rule": "anniversary",
     "shares_evidence": True,  # ATMAE: evidence for one certification may count for another as well
     "credentials": ["CCE", "CEG", "CMS", "CTM", "CTP"],  # the senior applicant "must be currently certified" in one
     "conversions": {"ceu": 10, "credit_hours": 15, "quarter_credit_hours": 10},
     "exemptions": [{"code": "retired", "name": "Retired member", "min_years": None},
                    {"code": "life_member", "name": "Life member (certified continuously for 20 years)",
                     "min_years": 20}]},
    {"code": "AMT-CMTSE", "name": "AMT Certified Manufacturing Technology Sales Engineer", "unit": "PDP",
     "required_units": 27, "window_years": 3, "contact_hours_per_unit": 1.0, "due_rule": "november_1_third_year",
     "categories": [
         {"code": "experience", "name": "Experience", "kinds": ["experience"], "min": None, "max": None},
         {"code": "education", "name": "Education and training", "kinds": ["education", "self_study", "attendance"],
          "min": None, "max": None},
         {"code": "service", "name": "Professional service", "kinds": ["service", "leadership"], "min": None,
          "max": None},
         {"code": "contributions", "name": "Professional contributions", "kinds": ["authorship"], "min": None,
          "max": None}]},
    {"code": "SME-TECH", "name": "SME technical certification", "unit": "credit", "required_units": 36,
     "required_units_multiple": 54, "window_years": 3, "contact_hours_per_unit": 1.0, "due_rule": "anniversary",
     "categories": [
         {"code": "attendance", "name": "Attendance", "kinds": ["attendance"], "min": None, "max": None},
         {"code": "authorship", "name": "Authorship / Ownership", "kinds": ["authorship"], "min": None, "max": None},
         {"code": "education", "name": "Education", "kinds": ["education", "self_study"], "min": None, "max": None},
         {"code": "involvement", "name": "Involvement", "kinds": ["service", "experience"], "min": None, "max": None},
         {"code": "leadership", "name": "Leadership", "kinds": ["leadership"], "min": None, "max": None}]},
]


# Where a program's own page points to a table this product does not have, the values above are our reading
# of the page, editable as data; the programs page says so (the pages are in ../shared/domain/).
SOURCE_NOTES: dict[str, str] = {
    "ATMAE-SENIOR": "ATMAE's page states 30 PDUs in 3 years, the base certifications, the retired and life-member "
                    "exemptions and that coursework toward the qualifying degree does not count; it gives no PDU "
                    "table. The unit conversions (1 CEU = 10 PDUs, 1 semester credit = 15, 1 quarter credit = 10) "
                    "are the common contact-hour equivalents, not ATMAE's own table: check them with ATMAE.",
    "AMT-CMTSE": "AMT's page states 27 PDPs over a three-year term in four areas, due November 1 (2020's cohort: "
                 "November 1, 2024), and links a list of qualifying PDPs and a sample scorecard that we do not "
                 "have: the areas carry no minimums or caps until that list is entered here.",
    "SME-TECH": "SME's page states 36 credits in 3 years (54 for several certifications) in five categories and "
                "links a PDF table of each category's activities and limits that we do not have: the categories "
                "carry no caps until that table is entered here.",
}


def seed_programs() -> list[Program]:
    """Create the three programs if missing (existing rows, which admins may have edited, are kept)."""
    out = []
    for spec in PROGRAMS:
        program = db.session.scalars(db.select(Program).where(Program.code == spec["code"])).first()
        if program is None:
            program = Program(**spec)
            db.session.add(program)
        out.append(program)
    db.session.commit()
    return out
