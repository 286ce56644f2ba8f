"""The eight layouts of the sample set. Each returns a Doc: pages of blocks plus the truth."""

from __future__ import annotations

import random
from datetime import timedelta

from content import (
    AS_OF,
    COLLEGES,
    COURSES,
    EMPLOYERS,
    PROVIDERS,
    SIGNERS,
    TITLES,
    Block,
    Doc,
    activity,
    activity_date,
    amount_text,
    fmt_date,
    fmt_range,
    person,
    truth,
)


def _flags(outside: bool, amount: object, mismatch: bool, extra: list[str] | None = None) -> list[str]:
    flags = list(extra or [])
    if amount is None:
        flags.append("missing_hours")
    if outside:
        flags.append("outside_window")
    if mismatch:
        flags.append("name_mismatch")
    order = ["unreadable", "missing_title", "missing_date", "missing_hours", "self_issued", "outside_window",
             "name_mismatch"]
    return sorted(flags, key=order.index)


def certificate(rng: random.Random, name: str, outside: bool = False, no_hours: bool = False,
                mismatch: bool = False) -> Doc:
    recipient, provider, title = person(rng), rng.choice(PROVIDERS), rng.choice(TITLES)
    signer, role = rng.choice(SIGNERS)
    when = activity_date(rng, outside)
    amount_line, amount = amount_text(rng)
    if no_hours:
        amount_line, amount = "", None
    variant = rng.choice("ABC")
    start = None
    if variant == "A":
        form = rng.choice(["long", "dmy", "us", "iso", "abbr", "eu"])
        blocks = [Block("CERTIFICATE OF COMPLETION", 26, "bold", "center", 40),
                  Block(provider, 14, "italic", "center", 14),
                  Block("This certifies that", 12, "regular", "center", 30),
                  Block(recipient.upper() if rng.random() < .4 else recipient, 22, "bold", "center", 12),
                  Block("has successfully completed", 12, "regular", "center", 12),
                  Block(title, 16, "bold", "center", 10),
                  Block(f"on {fmt_date(when, form)}", 12, "regular", "center", 10)]
    elif variant == "B":
        start = when - timedelta(days=rng.randint(1, 3))
        blocks = [Block("Certificate of Attendance", 24, "bold", "center", 40),
                  Block("is hereby presented to", 12, "italic", "center", 30),
                  Block(recipient, 22, "bold", "center", 12),
                  Block(f"for attending “{title}”", 13, "regular", "center", 12),
                  Block(f"held {fmt_range(start, when, rng)} in Columbus, Ohio", 12, "regular", "center", 8),
                  Block(provider, 14, "bold", "center", 20)]
    else:
        issued = when + timedelta(days=rng.randint(5, 30))
        blocks = [Block(provider, 16, "bold", "center", 30),
                  Block("Certificate of Achievement", 24, "bold", "center", 20),
                  Block("awarded to", 12, "italic", "center", 24),
                  Block(recipient, 22, "bold", "center", 10),
                  Block("Course Title: " + title, 13, "regular", "center", 16),
                  Block(f"Date of Completion: {fmt_date(when, rng.choice(['long', 'day_of', 'us']))}", 12,
                        "regular", "center", 8),
                  Block(f"Certificate No. {rng.randint(10000, 99999)}-{rng.randint(10, 99)}   Issued: "
                        f"{fmt_date(issued, 'us')}", 9, "regular", "center", 30)]
    if amount_line:
        blocks.insert(-1 if variant != "C" else len(blocks) - 1, Block(amount_line, 12, "regular", "center", 10))
    blocks += [Block("_______________________", 11, "regular", "center", 40),
               Block(f"{signer}, {role}", 11, "regular", "center", 4)]
    applicant = person(rng) if mismatch else recipient
    t = truth(recipient, provider, True, [activity(title, start, when, amount)],
              _flags(outside, amount, mismatch))
    return Doc(name, "certificate", [blocks], t, applicant)


def ceu_award(rng: random.Random, name: str) -> Doc:
    recipient, provider, title = person(rng), rng.choice(PROVIDERS), rng.choice(TITLES)
    end = activity_date(rng)
    start = end - timedelta(days=rng.randint(1, 2))
    ceu = rng.choice([0.8, 1.2, 1.6, 2.0])
    with_hours = rng.random() < 0.5
    issued = end + timedelta(days=rng.randint(10, 40))
    body = (f"{provider} awards {ceu:g} Continuing Education Units"
            + (f" ({ceu * 10:g} contact hours)" if with_hours else "")
            + f" to {recipient} for participation in {title}, {fmt_range(start, end, rng)}.")
    blocks = [Block(provider, 15, "bold", "left", 30),
              Block("Continuing Education Unit Award", 20, "bold", "left", 24),
              Block(body, 12, "regular", "left", 16),
              Block(f"Date issued: {fmt_date(issued, 'long')}", 10, "regular", "left", 20),
              Block(f"Valid for recertification until {fmt_date(issued.replace(year=issued.year + 3), 'long')}",
                    10, "regular", "left", 6),
              Block("IACET Accredited Provider", 9, "italic", "left", 30)]
    amount = {"value": ceu * 10, "unit": "contact_hours"} if with_hours else {"value": ceu, "unit": "ceu"}
    return Doc(name, "ceu_award", [blocks],
               truth(recipient, provider, True, [activity(title, start, end, amount)], []), recipient)


def hr_letter(rng: random.Random, name: str) -> Doc:
    recipient, employer, title = person(rng), rng.choice(EMPLOYERS), rng.choice(TITLES)
    signer, role = rng.choice([s for s in SIGNERS if "Dr." not in s[0]])
    when = activity_date(rng)
    letter_date = when + timedelta(days=rng.randint(20, 90))
    amount_line, amount = amount_text(rng, rng.choice(["contact", "clock", "words"]))
    blocks = [Block(employer, 16, "bold", "left", 20),
              Block(f"{rng.randint(100, 9999)} Industrial Parkway, Dayton, OH 45402", 9, "regular", "left", 4),
              Block(fmt_date(letter_date, rng.choice(["long", "us"])), 11, "regular", "left", 30),
              Block("To Whom It May Concern:", 11, "regular", "left", 20),
              Block(f"This letter confirms that {recipient}, a process engineer in our Operations department, "
                    f"completed the in-house training course “{title}” "
                    f"on {fmt_date(when, rng.choice(['long', 'abbr']))}. "
                    f"The course comprised {amount_line.replace('Duration: ', '')} and was delivered by our "
                    "corporate training staff.", 11, "regular", "left", 12),
              Block("Please contact our office if you need further information.", 11, "regular", "left", 12),
              Block("Sincerely,", 11, "regular", "left", 24),
              Block(signer, 11, "regular", "left", 30),
              Block(f"{role}, Human Resources", 11, "regular", "left", 4)]
    return Doc(name, "hr_letter", [blocks],
               truth(recipient, employer, True, [activity(title, None, when, amount)], []), recipient)


def self_statement(rng: random.Random, name: str) -> Doc:
    recipient, title = person(rng), rng.choice(TITLES)
    when = activity_date(rng)
    hours = rng.choice([2, 3, 4, 6])
    blocks = [Block("Statement of Continuing Education Activity", 16, "bold", "left", 30),
              Block(f"I, {recipient}, attended the {title} seminar on {fmt_date(when, 'long')}. "
                    f"The seminar lasted {hours} hours and covered material relevant to my work as a "
                    "manufacturing technologist. I did not receive a certificate.", 11, "regular", "left", 16),
              Block("Signed,", 11, "regular", "left", 30),
              Block(recipient, 11, "regular", "left", 20)]
    t = truth(recipient, recipient, False,
              [activity(title, None, when, {"value": hours, "unit": "contact_hours"})], ["self_issued"])
    return Doc(name, "self_statement", [blocks], t, recipient)


def webinar_email(rng: random.Random, name: str) -> Doc:
    recipient, provider, title = person(rng), rng.choice(PROVIDERS), rng.choice(TITLES)
    when = activity_date(rng)
    sent = when + timedelta(days=rng.randint(1, 5))
    first = recipient.split()[0]
    domain = "".join(w[0] for w in provider.split() if w[0].isupper()).lower() + ".org"
    amount_line, amount = amount_text(rng, rng.choice(["pdh", "pdu", "contact"]))
    blocks = [Block(f"From: {provider} <webinars@{domain}>", 10, "regular", "left", 20),
              Block(f"To: {recipient} <{first.lower()}@example.com>", 10, "regular", "left", 2),
              Block(f"Sent: {fmt_date(sent, 'long')} 10:42 AM", 10, "regular", "left", 2),
              Block(f"Subject: Certificate of Attendance – {title}", 10, "regular", "left", 2),
              Block(f"Dear {first},", 11, "regular", "left", 24),
              Block(f"Thank you for attending the live webinar {title} "
                    f"on {fmt_date(when, rng.choice(['long', 'us']))}. "
                    f"Your attendance has been verified and this webinar qualifies for {amount_line}.",
                    11, "regular", "left", 10),
              Block("Please keep this message for your records.", 11, "regular", "left", 10),
              Block(f"The {provider} Learning Team", 11, "regular", "left", 20)]
    return Doc(name, "webinar_email", [blocks],
               truth(recipient, provider, True, [activity(title, None, when, amount)], []), recipient)


def transcript(rng: random.Random, name: str, quarter: bool = False) -> Doc:
    recipient, college = person(rng), rng.choice(COLLEGES)
    last = recipient.split()[-1]
    birth = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1965, 1995)}"
    blocks = [Block(college, 16, "bold", "center", 20), Block("Office of the Registrar", 11, "regular", "center", 4),
              Block("ACADEMIC TRANSCRIPT", 14, "bold", "center", 14),
              Block(f"Student: {last}, {' '.join(recipient.split()[:-1])}      "
                    f"Student ID: {rng.randint(100000, 999999)}",
                    10, "regular", "left", 16),
              Block(f"Date of Birth: {birth}      "
                    f"Date Printed: {fmt_date(AS_OF - timedelta(days=rng.randint(5, 60)), 'us')}",
                    10, "regular", "left", 4),
              Block(f"Course      Title      {'QTR HRS' if quarter else 'CR HRS'}      Grade", 10, "bold", "left", 14)]
    acts = []
    courses = rng.sample(COURSES, 4)
    terms = [("Fall", 2024, (8, 26), (12, 13)), ("Spring", 2025, (1, 13), (5, 9))]
    if rng.random() < .5:
        terms = [("Spring", 2024, (1, 16), (5, 10)), ("Fall", 2024, (8, 26), (12, 13))]
    for t_index, (season, year, (sm, sd), (em, ed)) in enumerate(terms):
        from datetime import date as _d
        start, end = _d(year, sm, sd), _d(year, em, ed)
        if t_index == 0:
            blocks.append(Block(f"{season} {year}   ({fmt_date(start, 'us')} - {fmt_date(end, 'us')})",
                                10, "bold", "left", 10))
        else:
            blocks.append(Block(f"{season} Semester {year}", 10, "bold", "left", 10))
            blocks.append(Block(f"Term End: {fmt_date(end, 'us')}", 10, "regular", "left", 2))
        for prefix, title in courses[t_index * 2: t_index * 2 + 2]:
            hours = rng.choice([2.0, 3.0, 4.0]) if not quarter else rng.choice([3.0, 4.0, 5.0])
            code = f"{prefix} {rng.randint(101, 399)}"
            blocks.append(Block(f"{code}      {title}      {hours:.1f}      {rng.choice(['A', 'A-', 'B+', 'B'])}", 10,
                                "regular", "left", 3))
            # A term's course row is dated by the term's last day alone, as the real-world labels date one
            # (devset/LABELLING.md): the term's first day is when the course began, not what the row proves.
            acts.append(activity(title, None, end,
                                 {"value": hours, "unit": "quarter_credit_hours" if quarter else "credit_hours"}))
        blocks.append(Block(f"Term GPA: 3.{rng.randint(10, 99)}", 10, "italic", "left", 3))
    blocks.append(Block(f"{'Credits are quarter credit hours. ' if quarter else ''}This transcript is issued by "
                        f"{college}.", 9, "italic", "left", 20))
    return Doc(name, "transcript", [blocks], truth(recipient, college, True, acts, []), recipient)


def cover_and_certificate(rng: random.Random, name: str) -> Doc:
    cert = certificate(rng, name)
    recipient = cert.truth["recipient"]
    title = cert.truth["activities"][0]["title"]
    letter = [Block(fmt_date(AS_OF - timedelta(days=rng.randint(3, 30)), "long"), 11, "regular", "left", 40),
              Block("ATMAE Certification Committee", 11, "regular", "left", 20),
              Block("Dear Certification Committee,", 11, "regular", "left", 20),
              Block(f"Please find attached my certificate for {title}, which I am submitting toward my senior "
                    "certification. I would be grateful if you could add it to my record.", 11, "regular", "left", 12),
              Block("Sincerely,", 11, "regular", "left", 20),
              Block(recipient, 11, "regular", "left", 24)]
    return Doc(name, "cover_and_certificate", [letter, cert.pages[0]], cert.truth, recipient)


def blank(rng: random.Random, name: str) -> Doc:
    return Doc(name, "blank", [[]], truth(None, None, None, [], ["unreadable"]), person(rng))
