"""Asking for an account: someone who holds a certification but was never enrolled here.

Accounts are made by enrolment (an administrator, the CLI or the API), because an account is only
useful with a cycle to send evidence to. A request is how a certified person who was missed gets one:
it stays pending until an administrator enrols its address, which matches it (and mails the set-password
link as every enrolment does), or declines it with a note. The page answers every request the same way,
whether or not the address has an account, so it cannot be used to find out who does.
"""

from __future__ import annotations

from reviewer.extensions import db
from reviewer.mail.outbox import queue_mail
from reviewer.models import AccountRequest, AuditEvent, Program, User
from reviewer.models.base import utcnow
from reviewer.normalize import clean_text, is_address

MAX_NUMBER_LENGTH = 60


class AccountRequestError(ValueError):
    """A request that cannot be taken, in the requester's words."""


def request_account(email: str, name: str, program_code: str, certification_number: str) -> AccountRequest | None:
    """Record a request (the caller commits). None when the address has an account already, and the
    address's pending request when there is one: neither is told apart from a new request by the page."""
    email = email.strip().lower()
    if not is_address(email):
        raise AccountRequestError("Give one e-mail address, such as name@example.org.")
    name = clean_text(name)[:200]
    number = clean_text(certification_number)[:MAX_NUMBER_LENGTH + 1]
    if not name:
        raise AccountRequestError("Give your name as it appears on your certification.")
    if not number or len(number) > MAX_NUMBER_LENGTH:
        raise AccountRequestError(f"Give your certification number (at most {MAX_NUMBER_LENGTH} characters).")
    if db.session.scalar(db.select(Program.id).where(Program.code == program_code)) is None:
        raise AccountRequestError("Choose the program you are certified in.")
    if db.session.scalar(db.select(User.id).where(User.email == email)) is not None:
        return None
    pending = db.session.scalars(db.select(AccountRequest).where(AccountRequest.email == email,
                                                                  AccountRequest.status == "pending")).first()
    if pending is not None:
        return pending
    made = AccountRequest(email=email, name=name, program_code=program_code, certification_number=number)
    db.session.add(made)
    db.session.flush()
    db.session.add(AuditEvent(action="account_requested", detail={"request": made.id, "email": email,
                                                                  "program": program_code}))
    return made


def match_enrolment(email: str, actor: User | None) -> int:
    """An enrolment of `email` answers its pending requests (the caller commits); returns how many."""
    requests = db.session.scalars(db.select(AccountRequest).where(
        AccountRequest.email == email.strip().lower(), AccountRequest.status == "pending")).all()
    for pending in requests:
        pending.status, pending.decided_at = "matched", utcnow()
        pending.decided_by_id = actor.id if actor is not None else None
    return len(requests)


def decline(request: AccountRequest, admin: User, note: str) -> None:
    """Say no, with a note the requester reads (the caller commits)."""
    note = clean_text(note)[:2000]
    if request.status != "pending":
        raise AccountRequestError(f"Request {request.id} is {request.status} already.")
    if not note:
        raise AccountRequestError("Say why, for the person who asked: the note is mailed to them.")
    request.status, request.decided_at, request.decided_by_id, request.note = "declined", utcnow(), admin.id, note
    db.session.add(AuditEvent(actor_id=admin.id, action="account_request_declined",
                              detail={"request": request.id, "email": request.email, "note": note}))
    queue_mail(request.email, "Your request for a reviewer account",
               f"Hello {request.name},\n\nYour request for an account ({request.program_code}, certification "
               f"number {request.certification_number}) was not approved:\n\n{note}\n\n"
               "If you think this is a mistake, reply to your certification body.\n", "account_request")

