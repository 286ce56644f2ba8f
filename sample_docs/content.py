"""What the sample documents say: layouts, wording, names and values, drawn from seeded randomness.

Each layout function returns the pages of a document (blocks of text with a style) and the truth that a
careful reader would record for it. Wording, date forms, amount forms and names vary per document so
that the extractor is tested on the problem, not on one template.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

FIRST = ["Jane", "Marcus", "Priya", "Tomasz", "Elena", "DeShawn", "Hiroshi", "Fatima", "Connor", "Lucia",
         "Abdul", "Grace", "Mateo", "Ingrid", "Samuel", "Aisha", "Victor", "Mei", "Olivia", "Rafael"]
LAST = ["Doe", "Whitfield", "Raman", "Kowalski", "Petrova", "Jackson", "Tanaka", "Haddad", "O'Brien",
        "Moreno", "Karim", "Lindqvist", "Alvarez", "Novak", "Okafor", "Brennan", "Castillo", "Zhou",
        "Fitzgerald", "Nakamura"]
PROVIDERS = ["Midwest Institute of Technology", "Great Lakes Welding Society", "Precision Machining Academy",
             "Summit Safety Training Group", "Keystone Engineering Association", "Pacific Automation Learning Center",
             "Ridgeway Technical Institute", "Harbor Point University", "Applied Quality Council",
             "Frontier Robotics Academy"]
COLLEGES = ["Northfield Community College", "Ridgeway Technical College", "Harbor Point University",
            "Lakeside State College", "Eastbrook Polytechnic Institute"]
EMPLOYERS = ["Kestrel Aerospace Inc.", "Bluewater Plastics LLC", "Ironbridge Manufacturing Company",
             "Valley Foundry Corporation", "Copperline Electronics Inc."]
TITLES = ["Lean Six Sigma Green Belt", "Statistical Process Control for Supervisors", "Advanced GD&T Fundamentals",
          "Industrial Robot Safety", "Root Cause Analysis Workshop", "PLC Programming with Ladder Logic",
          "Hydraulic Systems Maintenance", "ISO 9001 Internal Auditor Training", "Project Management Essentials",
          "Additive Manufacturing Design Principles", "Welding Inspection Techniques",
          "Machine Guarding and Lockout Procedures", "Supply Chain Risk Management", "Value Stream Mapping",
          "Finite Element Analysis Basics", "Leading Technical Teams", "Cybersecurity for Industrial Control Systems",
          "Energy Management in Manufacturing", "Cost of Quality Analysis", "Technical Writing for Engineers",
          "Metrology and Measurement Uncertainty", "Predictive Maintenance with Vibration Analysis"]
COURSES = [("MFG", "Lean Manufacturing Principles"), ("ENGR", "Engineering Economics"),
           ("QUAL", "Quality Systems Auditing"),
           ("MFG", "Computer Numerical Control Programming"), ("MGMT", "Operations Management"),
           ("ENGR", "Materials Science for Technologists"), ("TECH", "Industrial Safety Management"),
           ("MGMT", "Organizational Leadership"), ("ELEC", "Programmable Logic Controllers"),
           ("QUAL", "Design of Experiments")]
SIGNERS = [("Robert Klein", "Program Director"), ("Angela Morris", "Director of Training"),
           ("Dr. Samuel Osei", "Lead Instructor"), ("Karen Liu", "Training Manager"),
           ("Michael Brandt", "Registrar"), ("Laura Jensen", "HR Training Coordinator")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
AS_OF = date(2026, 11, 1)


@dataclass
class Block:
    """A run of text on a page with its look."""

    text: str
    size: float = 11
    weight: str = "regular"  # regular, bold, italic
    align: str = "left"  # left, center, right
    space: float = 6


@dataclass
class Doc:
    """A document to render and the truth about it."""

    name: str
    layout: str
    pages: list[list[Block]]
    truth: dict[str, Any]
    applicant: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(d: date, form: str) -> str:
    month = MONTHS[d.month - 1]
    if form == "eu" and d.day <= 12:
        form = "dmy"  # 05/03/2025 is ambiguous; a day-first numeric date is only certain past the 12th
    return {
        "long": f"{month} {d.day}, {d.year}",
        "dmy": f"{d.day} {month} {d.year}",
        "us": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "iso": d.isoformat(),
        "abbr": f"{month[:3]}. {d.day}, {d.year}",
        "day_of": f"this {ordinal(d.day)} day of {month}, {d.year}",
        "eu": f"{d.day:02d}/{d.month:02d}/{d.year}",
    }[form]


def fmt_range(start: date, end: date, rng: random.Random) -> str:
    if start.month == end.month:
        return rng.choice([f"{MONTHS[start.month - 1]} {start.day}–{end.day}, {end.year}",
                           f"{start.day}-{end.day} {MONTHS[start.month - 1]} {end.year}"])
    return f"{MONTHS[start.month - 1]} {start.day} - {MONTHS[end.month - 1]} {end.day}, {end.year}"


NUMBER_WORDS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
                "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen"]


def amount_text(rng: random.Random, kind: str | None = None) -> tuple[str, dict[str, Any]]:
    """An amount phrase and its truth (value, unit), in one of the forms providers use."""
    kind = kind or rng.choice(["words", "contact", "ceu", "pdu", "pdh", "duration", "label", "dual", "clock"])
    if kind == "words":
        n = rng.randint(2, 16)
        return f"{NUMBER_WORDS[n]} ({n}) Contact Hours", {"value": n, "unit": "contact_hours"}
    if kind == "contact":
        v = rng.choice([3.5, 4, 6.5, 7, 8, 12])
        return f"{v:g} contact hours of instruction", {"value": v, "unit": "contact_hours"}
    if kind == "ceu":
        v = rng.choice([0.15, 0.4, 0.6, 0.8, 1.2, 1.6, 2.4])
        return f"{v:g} {'CEU' if v < 1 and rng.random() < .5 else 'CEUs'}", {"value": v, "unit": "ceu"}
    if kind == "pdu":
        v = rng.choice([2, 4.5, 7.5, 10, 15])
        return f"{v:g} PDUs", {"value": v, "unit": "pdu"}
    if kind == "pdh":
        v = rng.choice([1, 1.5, 2, 3])
        return f"{v:g} PDH", {"value": v, "unit": "pdh"}
    if kind == "duration":
        v = rng.choice([8, 16, 24, 4])
        return f"Duration: {v} hours", {"value": v, "unit": "contact_hours"}
    if kind == "label":
        v = rng.choice([6.5, 3, 5, 10])
        return f"Contact Hours: {v:g}", {"value": v, "unit": "contact_hours"}
    if kind == "clock":
        v = rng.choice([6, 9, 14])
        return f"{v} Clock Hours", {"value": v, "unit": "contact_hours"}
    v = rng.choice([0.8, 1.2, 1.6, 2.0])
    return f"{v:g} CEUs ({v * 10:g} contact hours)", {"value": v * 10, "unit": "contact_hours"}


def person(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.25:
        first, last = name.split(" ", 1)
        name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    return name


def activity_date(rng: random.Random, outside: bool = False) -> date:
    if outside:
        return date(2021, 1, 1) + timedelta(days=rng.randint(0, 600))
    return date(2024, 1, 8) + timedelta(days=rng.randint(0, 960))


def truth(recipient: str | None, issuer: str | None, third_party: bool | None,
          activities: list[dict[str, Any]], flags: list[str]) -> dict[str, Any]:
    return {"recipient": recipient, "issuer": issuer, "third_party": third_party, "activities": activities,
            "flags": flags}


def activity(title: str, start: date | None, end: date | None, amount: dict[str, Any] | None) -> dict[str, Any]:
    return {"title": title, "start_date": start.isoformat() if start else None,
            "date": end.isoformat() if end else None, "amount": amount}
