"""One applicant per program who has sent enough evidence to renew, for `make demo`.

The sample documents show what the reader finds, but no demo applicant gathers a whole requirement from
them, so nobody could be walked through a renewal. These applicants upload certificates (drawn here, one
page each, from a training provider) that add up to their program's requirement: once the demo's worker
has read them, each can review the cycle, sign it off and submit it, and staff can approve it and see the
next cycle begin. tests/test_browser_renewal.py walks the same steps in a browser for every program.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from reviewer.documents.uploads import accept_upload
from reviewer.extensions import db
from reviewer.models import Document, Program, User
from reviewer.programs.cycles import enrol
from reviewer.programs.rules import rules_of

READY_NAMES = {"ATMAE-SENIOR": "Rae Ready", "AMT-CMTSE": "Ray Ready", "SME-TECH": "Ria Ready"}
TITLES = ("Statistical Process Control", "Lean Manufacturing Workshop", "Machine Safeguarding Seminar",
          "Quality Auditing Course", "Metrology Fundamentals")
CERTIFICATES = 3
PROVIDER = "Midwest Institute of Technology"


def certificate_pdf(name: str, title: str, when: date, hours: int, provider: str = PROVIDER) -> bytes:
    """A one-page certificate of completion as a training provider issues it, with a text layer."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    lines = ["CERTIFICATE OF COMPLETION", provider, "This certifies that", name, "has successfully completed",
             title, f"on {when:%B} {when.day}, {when.year}", f"{hours} Contact Hours", "Robert Klein, Program Director"]
    y = 700
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def ready_certified_on(today: date) -> date:
    """A certification two years back: the cycle is open, and last year's activities fall in its window."""
    return date(today.year - 2, today.month, 1)


def ready_files(program: Program, name: str, today: date) -> list[tuple[str, bytes]]:
    """Certificates in `name`'s name that together meet the program's requirement, dated in the last year."""
    rules = rules_of(program)
    hours = math.ceil(rules.required * rules.contact_hours_per_unit / CERTIFICATES)
    return [(f"{program.code.lower()}-{n + 1}.pdf",
             certificate_pdf(name, TITLES[n % len(TITLES)], today - timedelta(days=300 - 60 * n), hours))
            for n in range(CERTIFICATES)]


def seed_ready_applicants(password: str, programs: list[Program], today: date | None = None) -> list[User]:
    """Each program's ready applicant, enrolled once and with their certificates uploaded once."""
    today = today or date.today()
    users = []
    for program in programs:
        name = READY_NAMES.get(program.code, f"{program.code.title()} Ready")
        email = f"{name.split()[0].lower()}.ready@example.org"
        user = db.session.scalars(db.select(User).where(User.email == email)).first()
        if user is None:
            user = enrol(email, program.code, ready_certified_on(today), name=name).user
        user.set_password(password)
        db.session.commit()
        if db.session.scalar(db.select(Document.id).where(Document.applicant_id == user.id).limit(1)) is None:
            for filename, data in ready_files(program, name, today):
                accept_upload(user, filename, data)
        users.append(user)
    return users
