"""Is the evidence from a third party, and why or why not.

The programs accept documents that "originate from someone other than you": a provider, a college, an
employer. A statement the applicant wrote about themselves, a document signed by the recipient, or an
e-mail the applicant sent does not count. The answer carries its reasons, because staff must be able to
agree or disagree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workers.fields import sieve
from workers.fields.document_words import CV_HEADINGS as _CV_HEADINGS
from workers.fields.memory import per_document
from workers.fields.names import same_person
from workers.fields.parties import email_sender, find_self_author

_FIRST_PERSON = sieve.compile(
    r"\b(?:I\s+(?:attended|completed|participated|took|earned|hereby|have\s+(?:attended|completed|participated))"
    r"|I,\s+[A-Z]|my\s+(?:attendance|participation|certificate|completion|training|records?)"
    r"|please\s+find\s+(?:attached|enclosed)|I\s+am\s+(?:submitting|enclosing|writing))", re.I)
_THIRD_PARTY_VOICE = sieve.compile(
    r"\b(?:this\s+(?:is\s+to\s+)?certif(?:y|ies)|certificate\s+of|we\s+(?:confirm|certify|verify|are\s+pleased)"
    r"|this\s+(?:letter|memo|e-?mail)\s+(?:confirms|certifies|verifies)|(?:has|have)\s+(?:successfully\s+)?"
    r"completed|thank\s+you\s+for\s+(?:attending|participating|joining)|awarded\s+to|presented\s+to|transcript"
    r"|registrar|our\s+records|to\s+certify|certify\s+that|certificate\s+(?:no|number|url|id)|credential\s+id"
    r"|to\s+whom\s+it\s+may\s+concern|this\s+letter|we\s+(?:are\s+pleased|hereby)|worked\s+(?:with|for|at)\s+us)", re.I)


# A résumé or CV is sections about its author; a statement is an essay in the first person. Neither is
# anybody's word but the author's, whatever courses and providers they list. Its section headings, one
# list per language read, are matched as a line's or a cell's first words (a two-column CV sets them beside
# its name), after any numbering ("4.- COMPETENCIAS LABORALES").
# So many sections that the document is a CV even where it lists certificates in their own words.
_CV_FOR_CERTAIN = 5
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|linkedin\.com/|github\.com/|\+?\d[\d ()-]{8,}\d")
_STATEMENT = sieve.compile(
    r"\b(?:statement\s+of\s+purpose|personal\s+statement|motivation\s+letter|letter\s+of\s+motivation"
    r"|cover\s+letter|lettre\s+de\s+motivation|motivationsschreiben|anschreiben|carta\s+de\s+(?:motiva[çc][ãa]o"
    r"|apresenta[çc][ãa]o|motivaci[óo]n)|self[-\s]assessment|self[-\s]appraisal|self[-\s]report)\b", re.I)
_FREE_MAIL = sieve.compile(r"[\w.+-]+@(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|aol|proton(?:mail)?|gmx"
                           r"|web|yandex|mail|qq|163|rediffmail|uol|bol|terra)\.[a-z.]+", re.I)
# "I" as a word of a sentence, followed by a verb in lower case: a course "Physics I" or "ESPAÑOL I"
# on a transcript ends its cell.
_I_WORDS = re.compile(r"\bI(?:'m|'ve)?(?=\s+[a-z])|\b(?:my|me|ich|mein|meine|mich|mir|je|j'ai|mon|ma|mes|eu|meu|minha"
                      r"|yo|mi|mis)\b")
# A document worded in its issuer's voice: it certifies, attests or awards, or says what the holder did as
# only someone else would. One list per language read.
_CERTIFYING_WORDS = {
    "en": r"this\s+is\s+to\s+certify|certif(?:y|ies)\s+that|hereby\s+certif|awarded\s+to|presented\s+to"
          r"|(?:is\s+to\s+|hereby\s+|we\s+)confirms?\s+that|certificate\s+of",
    "fr": r"certifie\s+que|certifions|attestons|atteste|attestation\s+de|certificat\s+de"
          r"|a\s+(?:suivi|particip[ée]|r[ée]ussi|valid[ée])",
    "de": r"(?:wird|werden)\s+(?:hiermit\s+)?bescheinigt|bescheinigen|hiermit\s+(?:best[äa]tig|bescheinig)"
          r"|\w*bescheinigung|hat\s+(?:erfolgreich\s+)?(?:an\s+)?(?:teilgenommen|abgeschlossen|absolviert)",
    "pt": r"certificamos|certifica\s+que|certificado\s+de|conclu(?:iu|[íi]d[oa]s?)\s+com\s+[êe]xito|concluiu"
          r"|participou|realizou",
    "es": r"certifica\s+que|certificado\s+de|constancia|otorga|concede|ha\s+(?:completado|concluido|participado"
          r"|aprobado|finalizado)|(?:por\s+)?completar\s+con\s+[ée]xito|por\s+haber\s+(?:aprobado|participado"
          r"|completado|concluido|asistido)",
    "it": r"attestato\s+di|si\s+attesta|certifica\s+che|ha\s+(?:partecipato|frequentato|superato|completato)",
}
_CERTIFYING = sieve.compile(r"\b(?:" + "|".join(_CERTIFYING_WORDS.values()) + r")", re.I)


@per_document
def self_written_kind(text: str) -> str | None:
    """"résumé" or "statement" when the document is the author's own account of themselves, else None."""
    headings = {re.sub(r"\s+", " ", m.group(0).strip(" :.-–)0123456789\n")).casefold()
                for m in _CV_HEADINGS.finditer(text)}
    if len(headings) >= _CV_FOR_CERTAIN:
        return "résumé"
    if _CERTIFYING.search(text):
        return None
    contact = bool(_CONTACT.search(text[:1500]))
    if len(headings) >= 3 and contact or len(headings) >= 4:
        return "résumé"
    if _FREE_MAIL.search("\n".join(text.split("\n")[:12])) and not _THIRD_PARTY_VOICE.search(text):
        # A personal address in the heading and nobody else's voice: the person's own report of their work.
        return "self-report"
    words = max(1, len(text.split()))
    if _STATEMENT.search(text[:600]) or words > 120 and len(_I_WORDS.findall(text)) / words > 0.02:
        return "statement"
    return None


_CERT_NUMBER = sieve.compile(
    r"\b(?:certificate|certification|credential|certificado|certificat|zertifikat|registration|verification|c[óo]digo"
    r"|code|serial)\s*(?:no\.?|number|n[º°o]\.?|id|#|nummer|n[úu]mero|de\s+verifica[çc][ãa]o|d.authentification)?\s*[:#]?\s*"
    r"[A-Z0-9][A-Z0-9\-/]{5,}", re.I)
# The number itself: after the same words, a token of six or more that holds a digit ("COMPLETION" after
# "Certificate" is a heading, not a number).
_NUMBER_OF = sieve.compile(
    r"\b(?:certificate|certification|credential|certificado|certificat|zertifikat|registration|verification"
    r"|c[óo]digo|code|serial)[\s\-]*(?:no\.?|nr\.?|number|n[º°o]\.?|id|#|nummer|n[úu]mero|de\s+verifica[çc][ãa]o"
    r"|d.authentification)?\s*[:#]?\s*(?P<number>(?=[A-Z\-/]*\d)[A-Z0-9][A-Z0-9\-/]{5,})", re.I)
_VERIFY = sieve.compile(r"\b(?:verify|verif\w+|validate|authenticit\w+|autenticidade|echtheit|v[ée]rifi\w+)\b"
                        r"|https?://|www\.", re.I)


def certificate_number(text: str) -> str | None:
    """The certificate, credential or verification number a document prints, for the applicant's
    scorecard and for staff checking it with its issuer; None where it prints none."""
    found = _NUMBER_OF.search(text)
    return found["number"].strip("-/")[:80] if found else None


def _issuer_marks(text: str) -> list[str]:
    """What shows a certificate's outside origin when its issuer is only a logo: its form and its numbers."""
    marks: list[str] = []
    if _CERTIFYING.search(text):  # a heading alone ("Certificate") is something anybody can type
        marks.append("is worded as a certificate in the issuer's voice")
    if _CERT_NUMBER.search(text):
        marks.append("carries a certificate number")
    if _VERIFY.search(text):
        marks.append("can be verified online")
    if _RECORD_FORM.search(text) and _RECORD_FIGURES.search(text):
        marks.append("is a school's record of courses with credits and grades")
    return marks


# A transcript is kept by the school's registry; nobody types their own term totals and grade points.
_RECORD_FORM = sieve.compile(r"\b(?:transcript|academic\s+record|grade\s+report|statement\s+of\s+(?:marks|grades)"
                             r"|relev[ée]\s+de\s+notes|hist[óo]rico\s+(?:escolar|acad[êe]mico)|notenspiegel"
                             r"|leistungs(?:übersicht|nachweis)|course\s+number|cr\.?\s*/\s*c\.e\.u)", re.I)
_RECORD_FIGURES = sieve.compile(r"\b(?:c?gpa|grade\s+points?|term\s+totals?|career\s+totals|qual(?:ity)?\s+pts"
                                r"|credits?\s+(?:earned|attempted)|cum(?:ulative)?\s+(?:gpa|totals?)|ects)\b", re.I)


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
    kind = self_written_kind(text)
    if kind is not None:
        who = f" by {recipient}" if recipient else ""
        return Provenance(False, [f"The document is a {kind} written{who} about themselves, not evidence from a "
                                  "provider, college or employer."])
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
    marks = _issuer_marks(text)
    if marks:
        reasons.append("The issuer is shown only as a logo, but the document " + " and ".join(marks) + ".")
        return Provenance(True, reasons)
    reasons.append("No issuing organisation or signer other than the recipient was found.")
    return Provenance(None, reasons)
