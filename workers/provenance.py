"""Is the evidence from a third party, and why or why not.

The programs accept documents that "originate from someone other than you": a provider, a college, an
employer. A statement the applicant wrote about themselves, a document signed by the recipient, or an
e-mail the applicant sent does not count. The answer carries its reasons, because staff must be able to
agree or disagree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workers.parties import email_sender, find_self_author, same_person

_FIRST_PERSON = re.compile(
    r"\b(?:I\s+(?:attended|completed|participated|took|earned|hereby|have\s+(?:attended|completed|participated))"
    r"|I,\s+[A-Z]|my\s+(?:attendance|participation|certificate|completion|training|records?)"
    r"|please\s+find\s+(?:attached|enclosed)|I\s+am\s+(?:submitting|enclosing|writing))", re.I)
_THIRD_PARTY_VOICE = re.compile(
    r"\b(?:this\s+(?:is\s+to\s+)?certif(?:y|ies)|certificate\s+of|we\s+(?:confirm|certify|verify|are\s+pleased)"
    r"|this\s+(?:letter|memo|e-?mail)\s+(?:confirms|certifies|verifies)|(?:has|have)\s+(?:successfully\s+)?"
    r"completed|thank\s+you\s+for\s+(?:attending|participating|joining)|awarded\s+to|presented\s+to|transcript"
    r"|registrar|our\s+records)", re.I)


@dataclass
class Provenance:
    """The verdict, with the reasons a person can check."""

    third_party: bool | None
    reasons: list[str] = field(default_factory=list)


def page_is_self_authored(text: str, recipient: str | None) -> bool:
    """A page written by the applicant: first person, and no third-party voice on it."""
    if _THIRD_PARTY_VOICE.search(text):
        return False
    if _FIRST_PERSON.search(text):
        return True
    sender = email_sender(text)
    return bool(sender and recipient and same_person(sender, recipient))


def decide(text: str, recipient: str | None, issuer: str | None, signers: list[str],
           self_pages: list[int], page_count: int, readable: bool) -> Provenance:
    """Decide third-party status for the document's evidence (its non-self pages)."""
    if not readable:
        return Provenance(None, ["The document has no readable text, so its origin cannot be told."])
    reasons: list[str] = []
    if self_pages and len(self_pages) == page_count:
        author = find_self_author(text)
        reasons.append(f"The text is written in the first person by {author.value}." if author
                       else "The text is written in the first person by the applicant.")
        return Provenance(False, reasons)
    sender = email_sender(text)
    if sender and recipient and same_person(sender, recipient):
        return Provenance(False, [f"The e-mail was sent by {sender}, the person it is about."])
    if issuer and recipient and same_person(issuer, recipient):
        return Provenance(False, [f"The document is issued by {issuer}, the person it is about."])
    if recipient and signers and all(same_person(s, recipient) for s in signers) and not issuer:
        return Provenance(False, [f"The only signature is the recipient's own ({signers[0]})."])
    if self_pages:
        pages = ", ".join(str(p) for p in self_pages)
        reasons.append(f"Page {pages} is the applicant's own cover note and is not counted as evidence.")
    if issuer and not same_person(issuer, recipient):
        reasons.append(f"Issued by {issuer}, not by the recipient.")
    others = [s for s in signers if not same_person(s, recipient)]
    if others:
        reasons.append(f"Signed by {', '.join(others)}, not by the recipient.")
    if sender and not same_person(sender, recipient):
        reasons.append(f"Sent by {sender}.")
    if issuer or others or (sender and not same_person(sender, recipient)):
        return Provenance(True, reasons)
    reasons.append("No issuing organisation or signer other than the recipient was found.")
    return Provenance(None, reasons)
