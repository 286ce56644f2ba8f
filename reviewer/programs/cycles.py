"""Recertification cycles: enrolment, due dates by each program's rule, exemptions, and closing.

A cycle is one applicant's term in one program: the window whose activities count and the date the
evidence is due. Each program's page states its own rule (see ../shared/domain): AMT CMTSE is due on
November 1 of the third year after the certification year; ATMAE counts the 3 years before the
application; SME gives 3 years. The rule is a column of the program (`due_rule`) naming an entry of
`programs/due_rules.py`, so a new program is data, not code. An applicant may hold cycles in several programs at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reviewer.accounts.requests import match_enrolment
from reviewer.extensions import db
from reviewer.models import Cycle, Program, User
from reviewer.models.base import utcnow
from reviewer.normalize import clean_text, is_address
from reviewer.programs.due_rules import DUE_RULES, add_years
from reviewer.programs.rules import rules_of

# in_review: past its due date with evidence sent by then still undecided; it ends complete or short once
# decided (programs/progress.py, outcome).
OPEN, COMPLETE, SHORT, EXEMPT, IN_REVIEW = "open", "complete", "short", "exempt", "in_review"
ENDED = (COMPLETE, SHORT, IN_REVIEW)  # past the due date: an outcome, computed again when a decision changes it
NOT_ENROLLED = ("You are not enrolled in a recertification cycle, so there is nothing to count evidence toward yet. "
                "Your certification body enrols you.")


class EnrolmentError(ValueError):
    """An enrolment that cannot be made, with a message naming what to fix."""


def term(program: Program, certified_on: date) -> tuple[date, date, date]:
    """(window start, window end, due date) of the cycle that follows a certification on `certified_on`."""
    rule = DUE_RULES.get(program.due_rule or "") or DUE_RULES["anniversary"]
    return rule.dates(certified_on, int(program.window_years or 3))


def current_cycle(user: User, today: date | None = None) -> Cycle | None:
    """The cycle an upload counts toward and the applicant is shown: an open cycle whose window holds
    today, else any open cycle, else an exempt one not yet ended (each the one due soonest), else the latest.

    An exempt cycle reports nothing, so it never takes evidence from a cycle that counts it: an applicant
    exempt for an earlier term and enrolled again sees, and uploads to, the new cycle. A renewal made
    before the old due date supersedes the term it renews: of one program's open cycles holding today,
    the one begun last takes new evidence. Staff move a document filed under the wrong cycle
    (review/moves.py)."""
    return current_of(cycles_of(user), today)


def current_of(cycles: list[Cycle], today: date | None = None) -> Cycle | None:
    """`current_cycle` among one applicant's cycles already read (latest due first, as `cycles_of` gives)."""
    today = today or date.today()
    open_cycles = [c for c in cycles if c.status == OPEN]
    holding = [c for c in open_cycles if c.window_start <= today <= c.window_end]
    renewed = {c.id for c in holding for later in holding
               if later.program_id == c.program_id and later.window_start > c.window_start}
    running = ([c for c in holding if c.id not in renewed] or open_cycles
               or [c for c in cycles if c.status == EXEMPT and c.closed_at is None])
    if not running:
        return cycles[0] if cycles else None
    return min(running, key=lambda c: (c.due_date or c.window_end, c.id))


def cycles_of(user: User) -> list[Cycle]:
    """Every cycle of the user's, latest due date first."""
    return list(db.session.scalars(db.select(Cycle).where(Cycle.applicant_id == user.id)
                                   .order_by(Cycle.window_end.desc(), Cycle.id.desc())))


@dataclass(frozen=True)
class Enrolment:
    user: User
    cycle: Cycle
    created_user: bool


def enrol(email: str, program_code: str, certified_on: date, name: str | None = None, multiple: bool = False,
          exemption: str | None = None, exemption_reason: str | None = None,
          certified_since: date | None = None, certifications: list[str] | None = None,
          degree_institution: str | None = None, degree_year: int | None = None) -> Enrolment:
    """Put an applicant in a program for the cycle after `certified_on`, creating the account if needed.

    Enrolling again in the same program (a renewal) closes nothing by itself: the earlier cycle ends at
    its own due date. The same certification date twice is refused rather than doubled.
    """
    email = email.strip().lower()
    if not is_address(email):
        # One address: a comma, semicolon or space would make the mail go to several people.
        raise EnrolmentError(f"{email!r} is not an e-mail address.")
    if not 1900 <= certified_on.year <= date.today().year + 1:
        raise EnrolmentError(f"The certification date {certified_on.isoformat()} is not a real one; give the date "
                             "the certification was granted.")
    program = db.session.scalars(db.select(Program).where(Program.code == program_code)).first()
    if program is None:
        codes = ", ".join(db.session.scalars(db.select(Program.code).order_by(Program.code)))
        raise EnrolmentError(f"There is no program {program_code!r}; use one of: {codes}.")
    held = _certifications(program, certifications or [])
    multiple = multiple or (len(held) > 1 and bool(program.required_units_multiple))  # SME: 54 for several
    if multiple and not program.required_units_multiple:
        raise EnrolmentError(f"{program.code} has no requirement for several certifications.")
    institution = clean_text(degree_institution or "")[:200] or None
    if degree_year is not None and not 1940 <= degree_year <= certified_on.year:
        raise EnrolmentError(f"The qualifying degree's year must be between 1940 and {certified_on.year}.")
    user = db.session.scalars(db.select(User).where(User.email == email)).first()
    created = user is None
    if user is None:
        user = User(email=email, name=clean_text(name or email.split("@")[0])[:200] or email, role="applicant")
        db.session.add(user)
        db.session.flush()
    elif user.is_staff:
        raise EnrolmentError(f"{email} is a {user.role} account; reviewers are not enrolled as applicants.")
    if db.session.scalars(db.select(Cycle.id).where(Cycle.applicant_id == user.id, Cycle.program_id == program.id,
                                                    Cycle.certified_on == certified_on)).first():
        raise EnrolmentError(f"{email} is already enrolled in {program.code} for the certification of "
                             f"{certified_on.isoformat()}.")
    start, end, due = term(program, certified_on)
    cycle = Cycle(applicant_id=user.id, program_id=program.id, window_start=start, window_end=end, due_date=due,
                  certified_on=certified_on, multiple_certifications=multiple, certifications=held,
                  degree_institution=institution, degree_year=degree_year)
    if exemption:
        _exempt(cycle, program, exemption, exemption_reason, certified_since)
    db.session.add(cycle)
    db.session.flush()
    match_enrolment(email, None)  # an enrolment answers the address's request for an account, however made
    return Enrolment(user, cycle, created)


def _certifications(program: Program, codes: list[str]) -> list[str]:
    """The certifications held, as codes the program accepts (any code where it lists none)."""
    held = list(dict.fromkeys(clean_text(code).upper()[:20] for code in codes if clean_text(code)))
    accepted = [str(code).upper() for code in program.credentials or []]
    unknown = [code for code in held if accepted and code not in accepted]
    if unknown:
        raise EnrolmentError(f"{program.code} does not know the certification {unknown[0]!r}; use one of: "
                             f"{', '.join(accepted)}.")
    if len(held) > 10:
        raise EnrolmentError("At most 10 certifications are recorded.")
    return held


def _exempt(cycle: Cycle, program: Program, code: str, reason: str | None, certified_since: date | None) -> None:
    """Record an exemption the program offers, with its reason; life membership needs the years."""
    offered = {e.code: e for e in rules_of(program).exemptions}
    if code not in offered:
        raise EnrolmentError(f"{program.code} has no exemption {code!r}"
                             + (f"; it offers: {', '.join(offered)}." if offered else "."))
    min_years = offered[code].min_years
    if min_years:
        certified_on = cycle.certified_on or date.today()
        if certified_since is None or add_years(certified_since, int(min_years)) > certified_on:
            raise EnrolmentError(f"{offered[code].name} needs {min_years} continuous certified years: give the "
                                 "date the applicant was first certified (--certified-since).")
    if not (reason or "").strip():
        raise EnrolmentError("Give the reason for the exemption (it is shown to staff and the applicant).")
    cycle.status, cycle.exemption, cycle.exemption_reason = EXEMPT, code, clean_text(reason or "")[:500]


def close_due_cycles(today: date, outcome: Callable[[Cycle], str]) -> list[Cycle]:
    """End every open cycle whose due date has passed, with its `outcome` (programs/progress.py): complete,
    short, or in review while evidence sent by the due date waits for a decision."""
    closed = []
    for cycle in db.session.scalars(db.select(Cycle).where(Cycle.status == EXEMPT, Cycle.closed_at.is_(None),
                                                           Cycle.due_date < today)):
        cycle.closed_at = utcnow()  # an exempt cycle ends at its due date like any other, exempt to the last
    for cycle in db.session.scalars(db.select(Cycle).where(Cycle.status == OPEN, Cycle.due_date < today)):
        cycle.status = outcome(cycle)
        cycle.closed_at = utcnow()
        closed.append(cycle)
    db.session.commit()
    return closed
