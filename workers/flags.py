"""The flag vocabulary: every code a document can be flagged or rejected with, and all its wording.

One entry a code, in one place, because five parts of the system speak this vocabulary and each needs
something different from it: the checks raise flags in this order, staff filter the queue and choose
batches by a flag's label, staff reject with a reason's sentence, mail quotes that sentence, and an
applicant reads what was noticed and what to do next. A code is added here once; the checks, the queue,
batch selection, reject reasons and applicant advice all read it from this table, and
`tests/test_flag_vocabulary.py` fails when an entry lacks any of its words.

The table lives in `workers/` because the checks that raise most flags are part of the pipeline, which
imports nothing from the web app; the app reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Who raises a code:
# - "reader": the pipeline's checks (workers/checks.py), from what it read;
# - "storage": storing an extraction, which compares it with the applicant's other evidence (duplicate) and
#   with what their enrolment recorded (qualifying_degree);
# - "sampling": the random audit sample, which marks a document rather than its extraction;
# - "staff": nobody; a reason staff may reject with, never a flag.
RaisedBy = Literal["reader", "storage", "sampling", "staff"]


@dataclass(frozen=True)
class Flag:
    """One code of the vocabulary and every wording of it."""

    code: str
    raised_by: RaisedBy
    label: str  # for staff: the queue's filter, a flag's badge, the batch form's choice
    noticed: str  # for the applicant: what was noticed, in plain words
    next_step: str  # for the applicant: what to do about it
    rejection: str | None  # the reason's sentence when staff may reject with this code, else None

    @property
    def is_reject_reason(self) -> bool:
        return self.rejection is not None


VOCABULARY: tuple[Flag, ...] = (
    Flag("unreadable", "reader", "unreadable",
         "We could not read the text of this file.",
         "Upload a clearer scan or the original PDF from the provider.", None),
    Flag("missing_title", "reader", "missing title",
         "We could not find what the activity was.",
         "Upload a certificate or letter that names the course or event.",
         "The document does not say what the activity was."),
    Flag("missing_date", "reader", "missing date",
         "We could not find when the activity took place.",
         "Upload a document that shows the date of completion or attendance.",
         "The document does not show when the activity took place."),
    Flag("missing_hours", "reader", "missing hours",
         "We could not find how many hours, CEUs or credits it was worth.",
         "Upload a document that states the contact hours, CEUs or credit hours.",
         "The document does not show contact hours, CEUs or credit hours."),
    Flag("self_issued", "reader", "self-issued",
         "This looks like a document you wrote yourself, such as a letter, résumé or list.",
         "Upload a certificate, transcript or letter from the provider or your employer instead.",
         "The document was written by the applicant, not a third party."),
    Flag("origin_unknown", "reader", "origin unknown",
         "We could not tell who issued this document: no provider, school, employer or signer other than you.",
         "Send the certificate or letter as the provider issued it, showing their name or signature.",
         "The document does not show who issued it; evidence must come from someone other than the applicant."),
    Flag("outside_window", "reader", "outside window",
         "The activity falls outside your recertification window.",
         "Only activities inside your window count; upload evidence from within it.",
         "The activity is outside the recertification window."),
    Flag("name_mismatch", "reader", "name mismatch",
         "The document names someone else.",
         "Upload a document issued in your name, or ask the provider to correct it.",
         "The document names someone else."),
    Flag("duplicate", "storage", "duplicate",
         "This evidence was already sent.", "No need to send it again.",
         "The same evidence was already submitted."),
    Flag("shared_file", "storage", "same file as another applicant",
         "Staff check this document by hand before it counts.",
         "Nothing to do now; staff will write to you if they need anything else.",
         None),
    Flag("qualifying_degree", "storage", "qualifying degree",
         "This looks like coursework toward the degree that qualified you for certification, which does not count.",
         "If it is other coursework, a reviewer will see that; otherwise send other continuing education.",
         "Coursework toward the qualifying degree does not count."),
    Flag("audit_sample", "sampling", "audit sample",
         "This document was picked for a routine check by staff.", "Nothing to do; staff will look soon.",
         None),
    Flag("not_relevant", "staff", "not relevant",
         "The activity does not relate to the certification.",
         "Upload evidence of learning related to your certification.",
         "The activity does not relate to the certification."),
    Flag("illegible", "staff", "illegible",
         "The document cannot be read.", "Upload a clearer copy.",
         "The document cannot be read."),
)

BY_CODE: dict[str, Flag] = {flag.code: flag for flag in VOCABULARY}

# The flags an extraction carries (the reader's and storage's), in the order they are listed and sorted.
EXTRACTION_FLAGS: tuple[str, ...] = tuple(f.code for f in VOCABULARY if f.raised_by in ("reader", "storage"))
# Everything the staff queue filters and counts by: an extraction's flags and the audit sample.
QUEUE_FLAGS: tuple[str, ...] = tuple(f.code for f in VOCABULARY if f.raised_by != "staff")
# Codes whose stored reason names another person's document: staff read it, the applicant reads only the
# vocabulary's own words (telling an applicant who else holds the same certificate would leak it).
STAFF_ONLY_REASONS: frozenset[str] = frozenset({"shared_file"})
# The reasons staff may reject with, each with its sentence, in the order the decision form lists them.
REJECT_REASONS: dict[str, str] = {f.code: f.rejection for f in VOCABULARY if f.rejection is not None}


def problems(vocabulary: tuple[Flag, ...] = VOCABULARY) -> list[str]:
    """What is wrong with a vocabulary: a code twice, a wording missing, a reject reason that is not one.

    `tests/test_flag_vocabulary.py` holds the shipped vocabulary to an empty list."""
    found: list[str] = []
    seen: set[str] = set()
    for flag in vocabulary:
        if flag.code in seen:
            found.append(f"{flag.code}: listed twice")
        seen.add(flag.code)
        if not flag.code.isidentifier() or flag.code != flag.code.lower():
            found.append(f"{flag.code!r}: a code is lower-case letters, digits and underscores")
        if flag.raised_by not in ("reader", "storage", "sampling", "staff"):
            found.append(f"{flag.code}: raised by {flag.raised_by!r}, which is nobody")
        for part in ("label", "noticed", "next_step"):
            if not getattr(flag, part).strip():
                found.append(f"{flag.code}: no {part.replace('_', ' ')}")
        if flag.rejection is not None and not flag.rejection.strip():
            found.append(f"{flag.code}: an empty reject sentence (None if it is no reject reason)")
        if flag.raised_by == "staff" and flag.rejection is None:
            found.append(f"{flag.code}: a staff-only code must be a reject reason")
    return found


def label(code: str) -> str:
    """Staff's words for a code; an unknown code (from an older release's rows) reads as itself."""
    flag = BY_CODE.get(code)
    return flag.label if flag else code.replace("_", " ")
