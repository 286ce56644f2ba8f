"""What the system tells people by e-mail, in short plain text with links to the public address.

Each function adds its message to the outbox in the caller's transaction (reviewer/mail/outbox.py), so it goes
out only if what it reports was committed. Choices:
- Decisions: every decision a person takes is mailed, reasons and notes in plain words. Documents the
  system accepted by itself (clean ones) are not: the applicant sees them on their page, and a mail per
  certificate uploaded would be noise that hides the mail that asks them to act.
- Reminders: 30 and 7 days before a cycle's due date, only while units are still needed, only to users
  who have not turned them off (/settings). A reminder has a dedupe key per cycle and threshold, so
  running the reminders twice, on two hosts, or after a restart sends it once. A sweep that missed the
  exact day still sends it later (the 30-day one until 8 days are left, then only the 7-day one).
- The staff digest: once a day, to staff with reminders on, when documents wait past the review target.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from reviewer.accounts.passwords import password_link
from reviewer.extensions import db
from reviewer.mail.outbox import queue_mail
from reviewer.models import Cycle, Document, OutboundMail, ReviewDecision, User
from reviewer.programs.cycles import EXEMPT, OPEN, Enrolment
from reviewer.programs.progress import cycle_progress
from reviewer.programs.renewal import SUBMITTED
from reviewer.programs.wording import number, units
from reviewer.review.staff_queue import queue_counts
from workers.flags import REJECT_REASONS

REMINDER_DAYS = (7, 30)  # ascending: the nearest threshold a cycle is within is the one sent
_daily_done_for: date | None = None


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link on PUBLIC_URL: mail is composed in jobs and commands, outside any request."""
    base = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    return base + current_app.url_map.bind("").build(endpoint, values)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def enrolled(enrolment: Enrolment) -> OutboundMail | None:
    """A new account gets its set-password link; an existing one a short note of the new cycle."""
    user, cycle = enrolment.user, enrolment.cycle
    program = cycle.program
    due = cycle.due_date or cycle.window_end
    if cycle.status == EXEMPT:
        term = (f"You are exempt from reporting this cycle ({cycle.exemption_reason or cycle.exemption}); "
                "you need not send anything.")
    else:
        term = (f"Activities from {_day(cycle.window_start)} to {_day(cycle.window_end)} count, and your "
                f"evidence of {units(cycle.required_units, program.unit)} is due by {_day(due)}.")
    if enrolment.created_user:
        hours = int(current_app.config["PASSWORD_LINK_HOURS"])
        body = (f"Hello {user.name},\n\nYou have been enrolled in {program.name} ({program.code}). {term}\n\n"
                f"Set your password here (the link works once, for {hours} hours):\n{password_link(user)}\n\n"
                f"Then sign in at {public_url('auth.login')} and upload your certificates.\n")
        return queue_mail(user.email, f"Your account for {program.code} recertification", body, "enrolled",
                          user_id=user.id)
    body = (f"Hello {user.name},\n\nYou are enrolled in {program.name} ({program.code}). {term}\n\n"
            f"Your page: {public_url('applicant.dashboard')}\n")
    return queue_mail(user.email, f"Enrolled in {program.code}, due {_day(due)}", body, "enrolled", user_id=user.id)


def decided(document: Document, decision: ReviewDecision) -> OutboundMail | None:
    """Tell the applicant what a reviewer decided (nothing for the system's own acceptances, see above)."""
    applicant = db.session.get(User, document.applicant_id)
    if decision.reviewer_id is None or applicant is None or not applicant.active:
        return None
    name, link = document.original_name, public_url("applicant.document", document_id=document.id)
    note = f"\nThe reviewer's note:\n{decision.note}\n" if decision.note else ""
    if decision.outcome == "accept":
        subject = f"Accepted: {name}"
        text = f"Your document \"{name}\" was accepted.\n{note}\nYour progress: {public_url('applicant.dashboard')}\n"
    elif decision.outcome == "reject":
        subject = f"Not accepted: {name}"
        reason = REJECT_REASONS.get(decision.reason or "", "It does not meet the program's requirements.")
        text = (f"Your document \"{name}\" was not accepted. {reason}\n{note}\n"
                f"You can upload other evidence instead: {public_url('applicant.dashboard')}\n")
    else:
        subject = f"Please send a new file for {name}"
        text = (f"A reviewer asked you for a new file in place of \"{name}\".\n{note}\n"
                f"Send it from this page: {link}\n")
    body = f"Hello {applicant.name},\n\n{text}\nDocument: {link}\n"
    return queue_mail(applicant.email, subject, body, "decided", user_id=applicant.id)


def renewal_step(cycle: Cycle, step: str, following: Cycle | None = None) -> OutboundMail | None:
    """Tell the applicant where their renewal stands: submitted, approved (with the next cycle), returned."""
    user = db.session.get_one(User, cycle.applicant_id)
    program = cycle.program
    page = public_url("applicant.renewal")
    if step == "submitted":
        subject = f"Renewal submitted: {program.code}"
        text = ("We have your renewal for review. Staff look at the cycle as a whole and will write to you "
                f"when they have decided.\n\nYour cycle: {page}\n")
    elif step == "approved" and following is not None:
        subject = f"Recertified: {program.code}"
        text = (f"Your renewal of {program.name} was approved: you are recertified.\n\nYour next cycle runs "
                f"from {_day(following.window_start)} to {_day(following.window_end)}; evidence of "
                f"{units(following.required_units, program.unit)} is due by "
                f"{_day(following.due_date or following.window_end)}.\n\nYour page: "
                f"{public_url('applicant.dashboard')}\n")
    else:
        subject = f"Renewal returned: {program.code}"
        text = (f"A reviewer returned your renewal of {program.name} with this note:\n{cycle.review_note}\n\n"
                f"Add or correct what it asks, then submit again: {page}\n")
    return queue_mail(user.email, subject, f"Hello {user.name},\n\n{text}", f"renewal_{step}", user_id=user.id)


def account_created(user: User, by: User) -> OutboundMail | None:
    """An account an administrator made (reviewer/accounts/people.py): its set-password link, and who made it, so the
    message is not mistaken for a reset the person never asked for."""
    hours = int(current_app.config["PASSWORD_LINK_HOURS"])
    body = (f"Hello {user.name},\n\n{by.name} has made you a reviewer account ({user.role}) for {user.email}.\n"
            f"Set your password here (the link works once, for {hours} hours):\n{password_link(user)}\n\n"
            f"Then sign in at {public_url('auth.login')}.\n")
    return queue_mail(user.email, "Your reviewer account", body, "account_created", user_id=user.id)


def password_reset(user: User) -> OutboundMail | None:
    """A single-use, expiring link to choose a new password (reviewer/accounts/passwords.py)."""
    hours = int(current_app.config["PASSWORD_LINK_HOURS"])
    body = (f"Hello {user.name},\n\nSomeone, probably you, asked to reset the password of {user.email}.\n"
            f"Choose a new one here (the link works once, for {hours} hours):\n{password_link(user)}\n\n"
            "If you did not ask for this, ignore this message: your password stays as it is.\n")
    return queue_mail(user.email, "Reset your reviewer password", body, "password_reset", user_id=user.id)


def deadline_reminders(today: date) -> int:
    """Queue the 30- and 7-day reminders due today; return how many were queued.

    Cycles are read within the 30-day horizon only, reminders already sent are skipped by their keys
    before any progress is computed, and each mail commits on its own (a unique-key clash with a
    concurrent sweeper costs that one mail, which the other sweeper sent).
    """
    due = func.coalesce(Cycle.due_date, Cycle.window_end)
    rows = db.session.execute(
        db.select(Cycle.id, due, User.id).join(User, User.id == Cycle.applicant_id)
        .where(Cycle.status == OPEN, due >= today, due <= today + timedelta(days=max(REMINDER_DAYS)),
               User.reminders.is_(True), User.active.is_(True)).order_by(Cycle.id)).all()
    keys = {cycle_id: f"reminder:{cycle_id}:{_threshold((when - today).days)}" for cycle_id, when, _ in rows}
    sent_before = _existing_keys(list(keys.values()))
    queued = 0
    for cycle_id, when, _ in rows:
        if keys[cycle_id] in sent_before:
            continue
        cycle = db.session.get(Cycle, cycle_id)
        if cycle is None or _reminder(cycle, (when - today).days, keys[cycle_id]) is None:
            continue
        try:
            db.session.commit()
            queued += 1
        except IntegrityError:
            db.session.rollback()
    return queued


def _threshold(days_left: int) -> int:
    return next(days for days in REMINDER_DAYS if days_left <= days)


def _existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(db.session.scalars(db.select(OutboundMail.dedupe_key)
                                        .where(OutboundMail.dedupe_key.in_(keys[start:start + 500]))))
    return found


def _reminder(cycle: Cycle, days_left: int, key: str) -> OutboundMail | None:
    progress = cycle_progress(cycle)
    if progress.needed <= 0:
        return None
    user = db.session.get(User, cycle.applicant_id)
    assert user is not None  # joined above
    pending = (f" {units(progress.pending, progress.unit)} are waiting for review and count once accepted."
               if progress.pending else "")
    when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
    body = (f"Hello {user.name},\n\nYour {progress.program_name} ({progress.program}) evidence is due {when}, "
            f"on {_day(progress.due_date)}. You still need {number(progress.needed)} of the "
            f"{units(progress.required, progress.unit)} required.{pending}\n\n"
            f"Upload certificates here: {public_url('applicant.dashboard')}\n\n"
            f"To stop these reminders: {public_url('account.settings')}\n")
    return queue_mail(user.email, f"{progress.program}: {units(progress.needed, progress.unit)} still needed, "
                      f"due {_day(progress.due_date)}", body, "reminder", user_id=user.id, dedupe_key=key)


def staff_digest(today: date) -> int:
    """Once a day, tell staff (who have reminders on) how many documents wait past the review target and
    how many submitted renewals wait for them: an applicant who signed off is waiting on staff alone."""
    target = int(current_app.config["REVIEW_TARGET_WORKING_DAYS"])
    overdue = queue_counts(target)["overdue"]
    renewals = int(db.session.scalar(db.select(func.count(Cycle.id)).where(Cycle.status == SUBMITTED)) or 0)
    if not overdue and not renewals:
        return 0
    staff = db.session.execute(db.select(User.id, User.email, User.name).where(
        User.role.in_(("staff", "admin")), User.active.is_(True), User.reminders.is_(True))).all()
    lines, subject = [], []
    if overdue:
        lines.append(f"{overdue} document(s) have waited longer than the review target of {target} working days. "
                     f"Oldest first: {public_url('staff.queue')}")
        subject.append(f"{overdue} document(s) waiting past the review target")
    if renewals:
        lines.append(f"{renewals} renewal(s) were submitted and wait for your review: {public_url('renewals.waiting')}")
        subject.append(f"{renewals} renewal(s) to review")
    queued = 0
    for user_id, email, name in staff:
        body = f"Hello {name},\n\n" + "\n\n".join(lines) + "\n"
        if queue_mail(email, "; ".join(subject), body, "digest",
                      user_id=user_id, dedupe_key=f"digest:{today.isoformat()}:{user_id}") is None:
            continue
        try:
            db.session.commit()
            queued += 1
        except IntegrityError:
            db.session.rollback()
    return queued


def daily_notifications(today: date | None = None) -> int:
    """Reminders and the staff digest, once a day per sweeper process (the sweep calls this every run;
    dedupe keys make a restart or a second sweeper harmless). Returns how many were queued."""
    global _daily_done_for
    today = today or date.today()
    if _daily_done_for == today:
        return 0
    queued = deadline_reminders(today) + staff_digest(today)
    _daily_done_for = today
    return queued
