"""Who the document is about (recipient), who issued it (issuer), and who signed it.

These three decide provenance: evidence counts when someone other than the applicant vouches for it.
Names are found by the phrases that introduce them ("This certifies that", "Participant:", "I, ...",
"To:") rather than by position, so that a new certificate layout with familiar wording still reads. What a
name looks like, and when two are the same person, is workers/fields/names.py.
"""

from __future__ import annotations

import re

from workers.fields import sieve
from workers.fields.blocks import Segment, TypeSizes
from workers.fields.document_words import document_word_share, is_cv_section
from workers.fields.names import (
    HONORIFIC,
    INITIAL,
    INVERTED,
    LOWER,
    NAME,
    NAME_TOKEN,
    UPPER,
    Found,
    clean_name,
    one_word_name,
)

HEADING = sieve.compile(r"^\s*(?:certificate|certification|award|diploma|transcript|statement|letter|record"
                      r"|verification|confirmation|official|unofficial|academic|continuing|to whom)\b", re.I)

_RECIPIENT_CUES = sieve.compile(
    r"(?:congratulations,?|(?:certificamos|certifica|atestamos|declaramos|acreditamos|certifico|hacemos\s+constar)"
    r"(?:,?\s+para\s+(?:os\s+)?(?:devidos\s+)?fins(?:\s+(?:de\s+direito|legais))?,?)?\s+que,?(?:(?:\s+o\s*\(a\)|\s+a|\s+o|\s+el|\s+la)(?!\w))?"
    r"(?:\s+(?:aluno|alumno|estudante|estudiante|participante|senhor|senhora|señor|señora)\s*(?:\(a\))?)?\s*:?"
    r"|(?:atteste|certifie|certifions|attestons)(?:\s+par\s+la\s+pr[ée]sente)?\s+que|(?:attribu[ée]e?|d[ée]livr[ée]e?|d[ée]cern[ée]e?|accorde|otorga(?:da)?|"
    r"conferid[oa]|outorgad[oa]|concedid[oa]|expedid[oa])(?:\s+(?:la\s+)?(?:presente|siguiente)\s+(?:constancia|certificado|diploma))?\s+(?:à|a|al)\s*:?"
    r"|(?:bescheinigt|best[äa]tigt|bescheinigen|best[äa]tigen)(?:,)?\s+(?:hiermit,?\s+)?(?:dass|da[ßs])"
    r"|(?:^|\n)\s*(?:nome|nom|nombre|name\s+of\s+(?:the\s+)?(?:participant|student|candidate|trainee|holder)|full\s+name|teilnehmer(?:in)?|participante)\s*[:\-]"
    # a record's label for its student's name, in the languages read: "Student's Name:", "Nome Aluno:", "Nombre
    # del alumno:", "Nom de l'étudiant :", "Name des Studierenden:", "Nome dello studente:". Not the role alone
    # ("Estudiante: Ingeniería Industrial", "Étudiant - Licence Informatique" in a CV name a programme)
    r"|(?:^|\n)\s*(?:students?'?s?\s+name|nome\s+(?:d[oa]\s+)?alun[oa]|nombre\s+del?\s+(?:alumn[oa]|estudiante)"
    r"|nom\s+de\s+l['’][ée]tudiant(?:e)?|name\s+(?:des|der)\s+studierenden|nome\s+dell[oa]\s+studente(?:ssa)?)\s*:"
    r"|(?<!course\s)(?<!file\s)(?<!user\s)\bname(?:\s+with\s+preferred\s+first\s+name)?\s*:"
    r"|this\s+(?:is\s+to\s+)?certif(?:y|ies)\s+that|\bawards?\b(?:[^.\n]|\.\d|\n){0,90}?\bto(?=\s+[A-Z])|(?:is\s+)?(?:hereby\s+)?(?:proudly\s+)?"
    r"(?:presented|awarded|rewarded|granted|issued|conferred)\s*(?:to|upon)\b|certif(?:y|ies)\s+that|confirms?\s+that"
    r"|\bcourse\s+completed\s+by|\bcours\s+termin[ée]e?\s+par|\bcurso\s+(?:conclu[íi]do|completado|finalizado)\s+por"
    r"|\b(?:f[üu]r|pour|para|for)\s+(?=(?:herrn?|frau|monsieur|madame|mademoiselle|mrs?|ms|miss|sra?|srta)\.?\s+\w)"
    r"|\bconstancia\s+de\s+que|\bthis\s+is\s+to\s+recogni[sz]e|(?:^|\n)[ \t]*herr\s*/\s*frau\b"
    r"|\bkurs\s+abgeschlossen\s+von|\b(?:confirmamos|confirma|confirmons|confirme)\s+que(?:\s+(?:o|a|el|la|le|l['’]))?"
    r"(?:\s+(?:aluno|aluna|alumno|alumna|estudante|estudiante|participante|[ée]tudiante?|stagiaire))?"
    r"|verif(?:y|ies)\s+that|acknowledges?\s+that|recogni[sz]es|we\s+(?:are\s+pleased\s+to\s+)?"
    r"(?:confirm|certify|verify|announce)\s+that|(?:^|\n)\s*(?:participant|attendee|student|student\s+name"
    r"|name|recipient|employee|employee\s+name|learner|trainee|awarded\s+to|issued\s+to|presented\s+to"
    r"|member|member\s+name|candidate)\s*[:\-]|\b(?:records?|transcript)\s+(?:for|of))[ \t]*\n?[ \t]*", re.I)
# "Kevin Park attended ...": a name that opens a sentence about the activity.
_NAME_THEN_VERB = re.compile(
    rf"(?:^|\n|\.\s)\s*(?={NAME}\s*(?:,[^,\n]{{1,60}},\s*)?(?:has\s+|have\s+)?(?:successfully\s+)?"
    r"(?:attended|completed|participated|finished|earned|passed))")
_SELF_CUES = sieve.compile(r"(?:\bI,\s*|\bmy\s+name\s+is\s+)", re.I)
_TO_CUE = sieve.compile(r"(?:^|\n)\s*to\s*:\s*", re.I)
_FROM_LINE = sieve.compile(r"(?:^|\n)\s*from\s*:\s*(?P<from>[^\n]+)", re.I)
_DEAR = sieve.compile(r"\bdear\s+", re.I)
_SIGN_OFF = sieve.compile(r"(?:^|\n)\s*(?:(?:yours\s+)?sincerely|(?:best\s+|kind\s+|warm\s+)?regards|respectfully"
                          r"|yours\s+(?:faithfully|truly)|thank\s+you|thanks|cordially|mit\s+freundlichen\s+gr[üu](?:ß|ss)en"
                          r"|cordialement|atenciosamente|atentamente|saludos(?:\s+cordiales)?)\s*,?\s*\n"
                          r"(?P<rest>(?:[^\n]*\n?){1,3})", re.I)
# "TO WHOM IT MAY CONCERN / Rozina Mohaideen / This is to confirm that the above named has completed".
_ABOVE_NAMED = sieve.compile(r"\b(?:the\s+)?above[\s-]+named\b", re.I)
SIGNER_ROLE = sieve.compile(
    r"\b(?:instructor|director|registrar|manager|coordinator|president|supervisor|dean|chair|trainer|"
    r"administrator|officer|secretary|specialist|head|lead|facilitator|presenter|vp|ceo|principal|formateur|formatrice"
    r"|directeur|directrice|diretor|diretora|coordenador\w*|coordinador\w*|leiter\w*|gesch[äa]ftsf[üu]hrer\w*|dozent\w*"
    r"|responsable|presidente|reitor\w*|rector\w*|secret[áa]ri[oa]|examinations\s+office)\b", re.I)


# The rest of a name broken by a line's end: name words at the next line's start, then a comma and the
# sentence going on in lower case ("CLAUDIO CAPELA, portador(a) do documento"; not "Boston, MA").
_NAME_GOES_ON = re.compile(rf"[ \t]*(?P<rest>{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,2}})[ \t]*,[ \t]*(?=[{LOWER}])")


_CELL_EDGE = re.compile(r" {3,}")
_WORDS_NOT_INITIALS = re.compile(r"\b\w\b\.?")  # "Dipin A": an initial is no word a document uses


def _name_at(text: str, pos: int) -> Found | None:
    """The name that starts at `pos`, inverted ("Doe, Jane") or not."""
    segment = text[pos:pos + 80].split("\n")[0]
    # A form's field ends at its cell's edge: "Name:   AHMED FARAZ   Registration No: …" (the layout renders
    # a wide gap as three spaces).
    lead = re.match(rf"[ \t]*(?:{HONORIFIC}[ \t]*)*", segment).end()  # type: ignore[union-attr]
    whole = segment
    segment = segment[:lead] + _CELL_EDGE.split(segment[lead:], maxsplit=1)[0]
    mid_line = pos > 0 and text[pos - 1] != "\n" and text[text.rfind("\n", 0, pos) + 1:pos].strip()
    if mid_line and pos + len(segment) < len(text) and re.fullmatch(rf"\s*{HONORIFIC}?{NAME_TOKEN}\s*",
                                                                     segment):
        # "... atteste que Madame Élodie\nMarchand-Viguier, née le ...": a name broken by the line's end.
        segment = text[pos:pos + 80].replace("\n", " ", 1).split("\n")[0]
    for pattern in (rf"\s*{INVERTED}(?=\s*(?:$|[,;(]|\s{{2,}}))", rf"\s*{NAME}"):
        m = re.match(pattern, segment)
        if m:
            raw = re.sub(rf"(?<=[{UPPER}{LOWER}])\.(?=[{UPPER}]$)", " ", m.group(0).strip())  # "DIPIN.A"
            ends_line = mid_line and segment == whole and not segment[m.end():].strip()
            more = _NAME_GOES_ON.match(text, pos + len(segment) + 1) if ends_line else None
            if more and len(raw.split()) + len(more["rest"].split()) <= 6:
                # "certifica que ALEX SANDRO\nCLAUDIO CAPELA, portador(a) do documento": a name that began
                # in the middle of a sentence ran to the line's end; the comma after the next line's names
                # ends it. (A name on a line of its own is whole: "Jane Doe\nBoston, MA".)
                joined = clean_name(f"{raw} {more['rest']}")
                if joined:
                    return Found(joined, (pos + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())),
                                          more.end("rest")))
            raw = re.sub(rf"^(?:{HONORIFIC}){{1,2}}", "", raw, flags=re.I)
            name = clean_name(raw)
            if name:
                return Found(name, (pos + m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), pos + m.end()))
    return None


def _first_name_after(text: str, cues: tuple[re.Pattern[str], ...]) -> Found | None:
    """The first name that directly follows any of the cues, trying the cues in order."""
    for cue in cues:
        for m in cue.finditer(text):
            found = _name_at(text, m.end())
            if found:
                return found
    return None


def recipient_cue(text: str) -> bool:
    """Whether the text holds wording that introduces a holder ("This is to certify that", "atteste que")."""
    return _RECIPIENT_CUES.search(text) is not None


def find_recipient(text: str) -> Found | None:
    """The person the document is about."""
    return _name_in_two_fields(text) \
        or _first_name_after(text, (_RECIPIENT_CUES, _SELF_CUES, _NAME_THEN_VERB, _NAME_LINE_THEN_VERB, _NAME_THEN_BORN,
                                    _TO_CUE, _DEAR)) \
        or _above_named(text) or _first_name_after(text, (_ADDRESSED, _LABEL_ABOVE)) or _lone_name(text) \
        or _name_in_lower_case(text) or _name_in_one_word(text)


# A form that sets its "Name" label on a line of its own, the value on the line below ("Name / Mubeen Yaqub"):
# tried after every cue that says more.
_LABEL_ABOVE = sieve.compile(r"(?:^|\n)[ \t]*(?:(?:student|full|participant|candidate)\s+)?(?:name|nombre|nome|nom)"
                             r"[ \t]*:?[ \t]*\n[ \t]*", re.I)


# "Name: YueZiRan   Student Number: …": a form's name field holding one word, its cell ended by a wide gap.
_ONE_WORD_FIELD = sieve.compile(rf"(?:^|\n|\s{{2}})[ \t]*(?i:name|student\s+name|full\s+name)[ \t]*:[ \t]*"
                                rf"(?P<n>[{UPPER}][{UPPER}{LOWER}'’\-]{{2,}})(?=[ \t]{{2,}}|[ \t]*(?:\n|$))")


def _name_in_one_word(text: str) -> Found | None:
    """A name field that holds one word, as a record of Chinese names writes them ("YueZiRan"): tried
    last, when no name of two words is found anywhere."""
    for m in _ONE_WORD_FIELD.finditer(text):
        name = one_word_name(m["n"])
        if name:
            return Found(name, m.span("n"))
    return None


def _name_in_lower_case(text: str) -> Found | None:
    """A name typed in lower case into a certificate's blank ("Awarded to ronit bhaskar bhamere"): the
    only words on the line after a phrase that introduces the holder, tried when no capitalised name is."""
    for m in _RECIPIENT_CUES.finditer(text):
        if not re.search(r"\b(?:to|upon)\s*:?\s*$", m.group(0), re.I):
            continue  # "awarded to …", not "dass er am …" nor "atteste que le stagiaire"
        end = text.find("\n", m.end())
        line = text[m.end():end if end >= 0 else len(text)]
        words = line.strip()
        if re.fullmatch(rf"[{LOWER}]{{2,}}(?:[ \t]+[{LOWER}]{{2,}}){{1,3}}", words):
            name = clean_name(" ".join(w.capitalize() for w in words.split()))
            if name:
                start = m.end() + line.find(words)
                return Found(name, (start, start + len(words)))
    return None


# "This certificate is proudly presented to / HARSH / has successfully completed …": one name alone on
# its line, between the words that introduce the holder and the words about what they did.
_LONE_NAME = sieve.compile(
    rf"(?i:presented|awarded|granted|conferred)\s+(?i:to)\s*:?[ \t]*\n[ \t]*(?P<n>[{UPPER}][{UPPER}{LOWER}'’\-]{{2,}})"
    r"[ \t]*\n[ \t]*(?i:has|have|for|who|in\s+recognition)\b")


def _lone_name(text: str) -> Found | None:
    m = _LONE_NAME.search(text)
    name = one_word_name(m["n"]) if m else None
    return Found(name, m.span("n")) if m and name else None


# Forms that ask for the surname and the given names apart ("SURNAME: SMITH / GIVEN NAMES: John Paul"). A
# form drawn as a table has no colon: its label stands in one cell and the value in the next ("LAST NAME
# YOUSUFZAI", "NAME | ABDULLAH"), so a ruling bar or a wide gap also ends the label.
_FIELD_END = r"(?:[ \t]*[:\-|][ \t]*|[ \t]{2,}(?:\|[ \t]*)?)"


def _form_field(labels: str) -> re.Pattern[str]:
    """A form field with one of `labels` at a line's or a cell's start, and its value up to the cell's end.
    Sieved: the pattern has no literal start, so without the sieve it was tried at every character of
    every document (0.2 ms a document for the surname alone), and most documents print none of the labels."""
    return sieve.compile(rf"(?:^|\n|\s{{2}})[^\w\n]{{0,2}}[ \t]*(?:{labels}){_FIELD_END}"
                         r"(?P<value>[^\n:|]{2,40}?)(?=\s{2}|\n|$)", re.I)


_SURNAME_FIELD = _form_field(r"surname|last\s+name|family\s+name|nom(?:\s+de\s+famille)?|nachname|familienname"
                             r"|apellidos?|sobrenome")
_GIVEN_FIELD = _form_field(r"given\s+names?|first\s+names?|forenames?|pr[ée]noms?|vornamen?|nombres?|prenome")
# Beside a "LAST NAME" field, a field called only "NAME" holds the given names (not "FATHER NAME").
_NAME_FIELD = _form_field("name")
# A German or French certificate names its holder after the form of address, at a line's start; tried
# last, as an English "Ms B Dunleavy" there is more often the signatory.
_ADDRESSED = re.compile(r"(?:^|\n)[ \t]*(?=(?:Herrn?|Frau|Monsieur|Madame)\s+[A-ZÀ-Þ])")


def _name_field(text: str) -> re.Match[str] | None:
    """A field called only "NAME", not a parent's ("FATHER  NAME", however wide OCR set the gap)."""
    for m in _NAME_FIELD.finditer(text):
        if not re.search(r"(?:father|mother|guardian|parent)'?s?\s*$", text[max(0, m.start() - 12):m.start() + 2],
                         re.I):
            return m
    return None


def _name_in_two_fields(text: str) -> Found | None:
    """"Given Names Surname" from two form fields, when the document has both."""
    surname = _SURNAME_FIELD.search(text)
    given = (_GIVEN_FIELD.search(text) or _name_field(text)) if surname else None
    if not surname or not given:
        return None
    family = surname["value"].strip()
    if family.casefold() in given["value"].casefold().split():  # "Name: John Smith" beside "Last Name: Smith"
        name = clean_name(given["value"].strip())
    else:
        name = clean_name(f"{given['value'].strip()} {family}")
    if not name:
        return None
    first, last = sorted((surname, given), key=lambda m: m.start("value"))
    return Found(name, (first.start("value"), last.end("value")))


def _above_named(text: str) -> Found | None:
    """The name alone on a line just above "the above named"."""
    m = _ABOVE_NAMED.search(text)
    if not m:
        return None
    lines_end = text.rfind("\n", 0, m.start())
    for _ in range(3):
        start = text.rfind("\n", 0, lines_end) + 1
        line = text[start:lines_end].strip()
        if line and re.fullmatch(rf"{HONORIFIC}?{NAME}", line):
            found = _name_at(text, start)
            if found:
                return found
        if start <= 0:
            break
        lines_end = start - 1
    return None


# A name alone on its line, with the completion wording on the next: "Santosh Teknur\nhas successfully completed".
_NAME_LINE_THEN_VERB = re.compile(
    rf"(?:^|\n)[ \t]*(?={NAME}[ \t]*(?:\s{{3}}[^\n]*)?\n[ \t]*"
    r"(?:has|have|ha|hat|a|concluiu|conclu[íi]d[ao]s?|complet[óo]|completed|participou|is\s+awarded)\b)")
# "Ronny Frevert, geboren am 13.10.1996": a name that the document follows with a birth date is its holder's.
_NAME_THEN_BORN = re.compile(
    rf"(?:^|\n)[ \t]*(?:{HONORIFIC})?(?=[^\n,]{{3,60}},?[ \t]+"
    r"(?i:geboren\s+am|born\s+(?:on|in)|n[ée]e?\s+le|nacid[oa]\s+el|nascid[oa]\s+(?:em|a))\b)")


def names_by_type(sizes: TypeSizes, limit: int | None = None, every_part: bool = False,
                   segments: list[Segment] | None = None) -> list[tuple[float, Found]]:
    """Segments that are a name and nothing else, with their size relative to the body text. A segment
    in parts ("Name — Cycle 2023–2026") gives its first part, or with `every_part` whichever part is a
    name ("Personal Essay – Arushi Kumari")."""
    found: list[tuple[float, Found]] = []
    for seg in segments if segments is not None else sizes.segments[:limit]:
        parts = re.split(r"(\s+[—–|]\s+|\s+-\s+)", seg.text.strip())[::2]
        offset = len(seg.text) - len(seg.text.lstrip())
        for part in parts if every_part else parts[:1]:
            raw = part.rstrip("_ .,")
            m = re.fullmatch(rf"{HONORIFIC}?(?P<n>{NAME}|{NAME_TOKEN}(?:\s+(?:{NAME_TOKEN}|{INITIAL}))+"
                             rf"|(?:{INITIAL}\s+){{2,3}}{NAME_TOKEN}(?:\s+{NAME_TOKEN})*"  # "S M Rafiuddin"
                             rf"|[{UPPER}]\.\s*{NAME_TOKEN}(?:\s+{NAME_TOKEN})*)", raw)  # "A. Annapurna"
            name = clean_name(m.group("n")) if m else None
            if name and (is_cv_section(name) or document_word_share(_WORDS_NOT_INITIALS.sub("", name)) >= 0.5):
                name = None  # a heading set large: "Work Experience", "Attestato di Frequenza"
            if m and name:  # clean_name has already refused organisations
                start = seg.start + offset + seg.text.strip().find(part) + m.start("n")
                found.append((seg.height / sizes.body, Found(name, (start, start + len(m.group("n"))))))
                break
    return found


def find_recipient_by_type(sizes: TypeSizes) -> Found | None:
    """With no wording to go by, the name set in the largest type, if it stands out from the body."""
    names = [n for n in names_by_type(sizes) if n[0] >= 1.3]
    return max(names, key=lambda n: n[0])[1] if names else None


def find_self_author(text: str) -> Found | None:
    """A first-person author ("I, Jane Doe, ..."), if the text names one."""
    return _first_name_after(text, (_SELF_CUES,))


def email_sender(text: str) -> str | None:
    """The display name or address of an e-mail's From: line."""
    m = _FROM_LINE.search(text)
    if not m:
        return None
    sender = m["from"].strip()
    display = re.sub(r"<[^>]*>|\[[^\]]*\]|\"", "", sender).strip(" ,")
    return display or sender


def find_sign_off(text: str) -> Found | None:
    """The name under a letter's closing ("Sincerely, / Jane Doe"): a statement's author signs it."""
    for m in _SIGN_OFF.finditer(text):
        for line in m["rest"].split("\n"):
            found = _name_at(text, m.start("rest") + m["rest"].find(line)) if line.strip() else None
            if found:
                return found
    return None


def find_signers(text: str) -> list[str]:
    """People who signed: names beside a role ("Training Manager") or under a sign-off ("Sincerely,")."""
    signers: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if SIGNER_ROLE.search(line):
            for candidate in (line, lines[i - 1] if i else ""):
                for part in re.split(r"\s{3,}|,\s*|\s+[-–|]\s+", candidate):
                    name = clean_name(part) if re.fullmatch(rf"{HONORIFIC}?{NAME}", part.strip(), re.I) else None
                    if name and name not in signers:
                        signers.append(name)
    for m in _SIGN_OFF.finditer(text):
        for line in m["rest"].split("\n"):
            found = _name_at(line, 0)
            if found and found.value not in signers:
                signers.append(found.value)
                break
    return signers
