"""The title of a single activity: the course or event, never the heading, the person or the provider.

Titles are introduced by wording ("has successfully completed", "for attending", "Course Title:",
an e-mail's Subject) far more reliably than by layout. Each candidate is cut where the sentence moves on
to a date, an amount or a provider, and rejected if it is really a heading, a name or an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from workers.fields import sieve
from workers.fields.amounts import find_amounts
from workers.fields.blocks import Block, Segment, TypeSizes, blocks, body_height
from workers.fields.dates import MONTHS, find_dates
from workers.fields.issuer_words import KNOWN_ISSUERS
from workers.fields.issuer_words import STRONG_ORG as ORG_WORDS_STRONG
from workers.fields.memory import per_document
from workers.fields.names import looks_like_name, same_person
from workers.fields.parties import HEADING, SIGNER_ROLE
from workers.fields.title_lines import after_cue, continues, leading_words, states_a_fact
from workers.reading.layout import DocText

LABEL_CUE = sieve.compile(
    r"(?:^|\n)[ \t]*(?:(?:for|in)\s+(?:the\s+)?)?(?:course|course\s+title|course\s+name|title|program|program\s+title"
    r"|programme|activity"
    r"|activity\s+title|event|event\s+title|session|session\s+title|training|training\s+title|webinar"
    r"|webinar\s+title|seminar|workshop|module|class|topic|programme\s+of\s+study|course\s+of\s+study|curso"
    r"|nome\s+do\s+curso|formation|intitul[ée]|kurs|kursname|lehrgang|nombre\s+del\s+curso|taller)[ \t]*[:\-–][ \t]*",
    re.I)
VERB_CUE = sieve.compile(
    r"(?:\b(?:has\s+|have\s+)?(?:successfully\s+)?(?:completed|finished|passed)(?:\s+(?:all\s+)?(?:the\s+)?"
    r"requirements\s+(?:of|for)|\s+the\s+following\s+(?:online\s+)?(?:course|training|program(?:me)?|module|webinar"
    r"|workshop)s?\s*:?)?|\bcompleting|\bfor\s+(?:the\s+)?(?:successful(?:ly)?\s+)?(?:completion\s+of|completing"
    r"|attending|attendance\s+(?:at|in)|participati(?:ng|on)\s+in)"
    # "for attending the workshop" at a line's end: the title is the next line
    r"(?:\s+(?:the|this|a)\s+(?:online\s+)?(?:workshop|course|training(?:\s+course)?|seminar|webinar|program(?:me)?"
    r"|conference|event|session|bootcamp)(?=[ \t]*:?[ \t]*(?:\n|$)))?|\b(?:has\s+|have\s+)?(?:attended"
    r"|participated\s+in)|\bin\s+recognition\s+of\s+(?:the\s+)?(?:successful\s+)?completion\s+of"
    r"|\b(?:has\s+|have\s+)?(?:successfully\s+)?qualified\s+(?:in|for)|\bthe\s+winners?\s+of(?:\s+the)?"
    r"|\bhaving\s+(?:successfully\s+)?(?:participated\s+in|completed|attended)(?:\s+the)?(?:\s+online)?(?:\s+course)?"
    # Portuguese, Spanish, French, German: "concluiu o curso", "ha finalizado y aprobado el curso:", "a suivi la
    # formation", "au titre de sa participation à la formation", "am Seminar", "hat erfolgreich am Kurs".
    r"|\b(?:concluiu|completou|finalizou|participou|cursou|realizou)(?:\s*,?\s*(?:em|no|na)\s+[^,\n]{1,30},)?"
    r"\s+(?:d[oa]s?|o|a|os|as|no|na)\s+(?:(?:curso|trilha|programa|m[óo]dulo|evento|workshop|semin[áa]rio|forma[çc][ãa]o"
    r"|capacita[çc][ãa]o|oficina|palestra)s?(?:\s+(?:livre|online|de\s+extens[ãa]o|de\s+forma[çc][ãa]o))?(?:\s+(?:de|em|sobre))?"
    # "participou do evento intitulado Tempos presentes: …": the word that names it leads into the title
    r"(?:\s+(?:intitulad[oa]|denominad[oa]|chamad[oa]))?)?"
    # "ha asistido en Domestika al curso online Introducción a …": where it was given may stand between
    r"|\b(?:concluido|completado|finalizado|aprobado|cursado|participado|asistido)(?:\s+(?:y|e)\s+\w+)?(?:\s+(?:satisfactoriamente|con\s+[^,\n]{1,40}?))?"
    r"(?:\s+en\s+[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,3}(?=\s+(?:al|el|la)\s))?"
    r"\s+(?:el|la|los|en\s+el|en\s+la|al)\s+(?:(?:curso|programa|taller|diplomado|seminario|m[óo]dulo|acci[óo]n\s+de\s+formaci[óo]n)"
    r"(?:\s+online)?(?:\s+(?:titulad[oa]|denominad[oa]|llamad[oa]))?(?:\s+de)?)?\s*:?"
    r"|\ba\s+(?:suivi|particip[ée]|valid[ée]|r[ée]ussi|termin[ée])(?:\s+(?:et|avec)\s+\w+)*(?:\s+(?:avec\s+succ[èe]s|satisfaction))?"
    r"\s+(?:à\s+)?(?:(?:les|la|le|aux|au)\b|l')\s*(?:(?:formation|cursus|module|cours|mooc|atelier|s[ée]minaire|stage)(?:\s+de\s+formation)?"
    # "a suivi avec succès les cours des quatre modules du MOOC …"
    r"(?:\s+des\s+\w+\s+modules)?(?:\s+(?:sur|en|intitul[ée]e?|consacr[ée]e?\s+à|du|de\s+la|de\s+l['’]))?)?\s*:?"
    r"|\bparticipation\s+à\s+(?:la|le|l')\s*(?:formation|atelier|s[ée]minaire|cours)?"
    r"|\b(?:am|an\s+dem|an\s+der|an)\s+(?:folgende[mnr]?\s+)?(?:seminar|kurs|training|workshop|lehrgang|schulung|webinar)"
    r"(?:\s+teilgenommen)?"
    r"|\b(?:worked|working|served|interned|internship)\b[^.]{0,80}?\bas\s+(?:an?\s+)?(?=[A-Z])"
    r"|\b(?:handled|held)\s+(?:the\s+)?(?:(?:role|position)\s+of\s+)?(?:an?\s+)?(?=[A-Z]))[ \t]*:?",
    re.I)
_SUBJECT_CUE = sieve.compile(r"(?:^|\n)[ \t]*(?:subject|re)[ \t]*:[ \t]*", re.I)
_SUBJECT_NOISE = re.compile(
    r"^(?:(?:re|fwd?|fw)\s*:\s*)*(?:(?:your|my)\s+)?(?:(?:[\w-]+\s+){0,3}?(?:certificate|confirmation|record|proof|thank\s+you)"
    r"[^:–—\-]{0,40}?(?:[:–—\-]|\bfor\b)\s*)?", re.I)
_LEAD = re.compile(
    r"^(?:(?:the|our|an?|this)\s+)?(?:(?:free|in-house|online|live|virtual|on-site|onsite|in-person|instructor-led"
    r"|self-paced|one-day|two-day|full-day|half-day|short-term|\d+-(?:hour|day)"
    r"|[a-z]+-(?:week|month|day)s?)\s+)*(?:(?:training\s+|faculty\s+development\s+)?(?:course|training"
    r"|webinar|seminar|workshop|program|programme|session|class|module|event|conference|symposium)\s+"
    r"|(?:industrial\s+)?(?:internship|bootcamp)\s+(?=(?:entitled|titled|called|named|on)\s))?"
    r"(?:(?:entitled|titled|called|named|on)\s+)?[:\-–]?\s*", re.I)
_CUT = re.compile(
    # "on" ends a title ("… on March 3"), but not a school's or a seminar's ("Winter School on Robots"), nor
    # a focus ("… Data Analytics with a focus on Green Skills")
    r"(?:\s+|,\s*)(?:(?<!focus\s)(?<!school\s)(?<!seminar\s)(?<!workshop\s)(?<!conference\s)(?<!webinar\s)(?<!symposium\s)"
    r"(?<!summit\s)(?<!lecture\s)(?<!course\s)(?<!training\s)(?<!programme\s)(?<!bootcamp\s)(?<!internship\s)on(?!\s+(?-i:[A-ZÀ-Þ][a-zà-ÿ]*[A-Z]))|on(?!\s+(?-i:[A-ZÀ-Þ]))|held|conducted|administered|presented|offered|sponsored|provided|hosted|delivered|organi[sz]ed"
    r"|from|dated|during|through|which|that|who|where|and\s+(?:has|have|is|was|earned|received)|earning"
    r"|totaling|totalling|for\s+a\s+total|with\s+a\s+total|consisting|comprising|in\s+the\s+amount|by\s+the"
    r"|at\s+(?:the|our)|this\s+\d|completed|completion|awarding|worth|valued|qualif\w+|approved|is\s+approved|has\s+been"
    r"|certified\s+by|accredited\s+by|endorsed\s+by"
    r"|an\s+online|a\s+course\s+of|and\s+(?:her|his|their)|with\s+the\s+theme|in\s+our|with\s+us|for\s+the\s+period|starting|position|role"
    r"|reconhecid[oa]|portador\w*|inscrit[oa]|matr[íi]cula|anim[ée]e?|en\s+collaboration|in\s+collaboration"
    r"|(?:do|da|of\s+the)\s+(?:curso|trilha|programa|forma[çc][ãa]o|course|program|programme)|with\s+grade|com\s+carga|com\s+dura[çc][ãa]o|oferecido|ofertado"
    r"|realizad[oa]|promovid[oa]|con\s+una\s+duraci[óo]n|impartido|du\s+\d|le\s+\d|vom|im\s+zeitraum|teilgenommen"
    r"|en\s+date\s+du|organis[ée]e?\s+par|dispens[ée]e?|no\s+per[íi]odo|em\s+\d|et\s+obtenu)\b.*$"
    r"|\s+\|\s.*$|\s*[(\[][^)\]]*$|\s*\((?:course|code|id|ref|no|module|activity|turma|cohort|batch|grupo|group|class|edi[çc][ãa]o|edici[óo]n)\b[^)]*\).*$|\s+[-–—]\s+(?=\d|(?:on|held|presented|date|dated|at|in|for)\b).*$|(?<!\b[A-Z][a-z])(?<!\b[A-Z])[.;]\s.*$|\s{3,}.*$"
    r"|\s+(?:(?:completion|course|event|class|contact|training|total|issue|start|end|session)\s+)?(?:date|dates|hours|time|location|venue|instructor|provider|credits?|ceus?|pdus?|number|id)"
    r"(?:\s+of\s+\w+)?\s*:.*$", re.I)
# An apostrophe after a letter elides ("L'Atelier", "d'information"); it opens no quotation.
_QUOTED = re.compile(r"(?:[\"“”«]|(?<!\w)['‘’])\s*([^\"“”«»\n]{4,120}?)\s*(?:[\"“”»]|['’](?!\w))")
NOT_TITLE = re.compile(r"^(?:certificate|certification|award|diploma|official|transcript|continuing\s+education"
                        r"|professional\s+development|verification|confirmation|letter|statement|dear|to\s+whom"
                        r"|this\s+certif|sincerely|attendance\s+record|congratulations|thank\s+you"
                        r"|certid[ãa]o|certificado|certificat|attestation|zertifikat|\w*bescheinigung|teilnahme\w*|constancia"
                        r"|declara[çc][ãa]o|of\s+(?:merit|training|completion|attendance|participation|appreciation"
                        r"|achievement|excellence|recognition)|en\s+foi|cette|ce\s+certificat|powered\s+by|issued|ref\b"
                        r"|address|herr|frau|having|during|we\s|i\s|our\s|your\s|has\s|have\s|is\s|was\s"
                        r"|ha\s|a\s+suivi|por\s+(?:haber|medio)|for\s+(?:the\s+)?(?:successful\w*|completing|attending)"
                        r"|registered\s+education\s+provider|pmi|signature|assinatura|page\s+\d|powere?d\s+by|delivered\s+by"
                        r"|project\s+by|attribu[ée]\s+par|top\s+skills|participation|masterclass|cin\b|phone|tel\b"
                        r"|(?:awarded|presented|granted|conferred)\s+(?:to|upon)"
                        r"|[\w\s]{0,30}\b(?:letter|lettre|carta|brief)$)\b", re.I)


# "OSHA 30-Hour Construction Safety": a hyphenated count that qualifies the next word is part of a name.
_ADJECTIVE_HOURS = sieve.compile(r"\d+(?:[.,]\d+)?-(?:hours?|hrs?|day|week)\s+[A-Z]", re.I)


_LINK = sieve.compile(r"https?://|www\.|\S@\S|\bverify\b", re.I)


@dataclass(frozen=True)
class TitleCandidate:
    """A title and its span in the text."""

    value: str
    span: tuple[int, int]


_DAY_LEAD = re.compile(r",\s*(?:(?:no|nos|em|el|los|en\s+el|le|les|on|am|the)\s+)?(?:dia|dias|día|días|jour|jours|tag"
                       r"|tagen|day|days)\s*$", re.I)


@per_document
def clean_title(raw: str) -> str:
    """Trim the words around a title that belong to the sentence, not the title."""
    text = raw.strip()
    guillemets = re.search(r"[«„‚]\s*([^«»“”\n]{4,160}?)\s*[»“‘]", text)  # may hold apostrophes: « … l'activité »
    if guillemets and guillemets.start() < 40:
        return guillemets.group(1).strip(" .,:;")
    quoted = _QUOTED.search(text)
    if quoted and quoted.start() < 40:
        return quoted.group(1).strip(" .,:;")
    text = _LEAD.sub("", text, count=1)
    for lead in find_amounts(text)[:1]:
        if lead.span[0] <= 3:  # "8 contact hours in Advanced PLC Programming"
            text = re.sub(r"^\s*(?:of|in|for|on)?\s*", "", text[lead.span[1]:], flags=re.I)
            text = _LEAD.sub("", text, count=1)
    for mention in find_dates(text) + find_amounts(text):
        if mention.span[0] > 3 and not _ADJECTIVE_HOURS.match(text, mention.span[0]):
            # "PEINTURE BATIMENT et P.O.P du 08 Aout 2018 au …": the word that led into the date goes too
            text = re.sub(r"\s+(?:du|des|le|les|from|on|em|de|del|dal|am|vom|à|au|en|in|between|entre|durante"
                          r"|during|at|held|dated?|of)\s*$", "", text[: mention.span[0]], flags=re.I)
    text = _CUT.sub("", text)
    # "…, no dia" over the date's line: the words that lead into a date the next line gives
    text = _DAY_LEAD.sub("", text)
    # "attended the Robot Safety seminar": the generic noun after a capitalised title is not part of it.
    text = re.sub(r"(?<=[A-Za-z0-9)])\s+(?:seminar|webinar|workshop|course|training|session|class|program|programme"
                  r"|module|event|conference)$", "", text.strip())
    # "the PGC IN FULL STACK DEVELOPMENT Course": a title set in capitals ends before the noun that is not
    text = re.sub(r"^([^a-z]*[A-Z]{2}[^a-z]*?)\s+(?:Seminar|Webinar|Workshop|Course|Training|Session|Class|Program"
                  r"|Programme|Module)$", r"\1", text.strip())
    return text.strip(" \t.,:;-–—\"“”'’(«»")


_VALIDITY = sieve.compile(r"\bexpir\w*|\bvalid\s+(?:until|till|through|thru)\b|\bvalable\b|\bg[üu]ltig\b"
                          r"|\bv[áa]lid[oa]\s+(?:at[ée]|hasta)\b", re.I)


@per_document
def plausible_title(title: str, recipient: str | None, issuer: str | None) -> bool:
    """Whether a candidate can be a title: not a heading, a person, the provider or a fragment."""
    words = title.split()
    if not 1 <= len(words) <= 18 or sum(ch.isalpha() for ch in title) < 4:
        return False
    if NOT_TITLE.match(title) or HEADING.match(title) and len(words) <= 4 or _LINK.search(title):
        return False
    if not (title[0].isupper() or title[0].isdigit() or title[0] in "\"“'"):
        return False
    if _VALIDITY.search(title):  # "This certificate expires on": when it lapses, not what was learned
        return False
    if recipient and same_person(title, recipient):
        return False
    if issuer and title.casefold() == issuer.casefold():
        return False
    if PROVIDER_ONLY.fullmatch(title):  # "the Big Data University training course": who gave it, not what
        return False
    return True


# A course platform's name with no more than a word for a course after it.
PROVIDER_ONLY = sieve.compile(
    rf"(?:the\s+)?(?:{'|'.join(re.escape(name) for name in KNOWN_ISSUERS)})"
    r"(?:\s+(?:online\s+)?(?:training|course|courses"
    r"|program(?:me)?|learning|certificate|certification))*", re.I)


# "… at the CiiA-2 Innovation Exhibition held on 1st - 3rd February 2023", "in the TRON 2026 Cyber Defense
# Exercise Qualifiers, held as …" (OCR may leave a stray letter before "the"); not a place ("in the
# Department of Physics held", refused as an organisation).
_HELD = sieve.compile(r"\b(?:at|in)\s+(?:[a-z]\s+)?the\s+(?P<title>[A-Z][^\n,.]{3,80}?),?\s+held\b")


def cued_titles(text: str, recipient: str | None, issuer: str | None,
                wraps: Callable[[int], bool] | None = None) -> Iterator[tuple[str, TitleCandidate]]:
    """Every title that wording introduces, with the kind of cue, in the order the rules trust them:
    labels ("Course Title:"), then completion wording, then an e-mail's subject, then "… held".

    `wraps(offset)` tells whether the line at an offset is a wrapped paragraph line, so that a title
    broken across two lines of a letter is read whole.
    """
    for kind, cue in (("label", LABEL_CUE), ("verb", VERB_CUE), ("subject", _SUBJECT_CUE)):
        for m in cue.finditer(text):
            rest, start = after_cue(text, m.end())
            end_of_line = start + len(rest)
            if end_of_line < len(text):
                nxt_end = text.find("\n", end_of_line + 1)
                nxt = text[end_of_line + 1: nxt_end if nxt_end != -1 else len(text)]
                prose_wraps = cue is VERB_CUE and wraps is not None and wraps(start) \
                    and not NOT_TITLE.match(nxt.strip()) and not states_a_fact(nxt)
                if continues(rest, nxt):
                    rest = f"{rest.rstrip()} {nxt.strip()}"
                elif prose_wraps:  # a paragraph's line ran out: the title goes on to where the sentence does
                    rest = f"{rest.rstrip()} {leading_words(nxt)}".rstrip()
            if cue is _SUBJECT_CUE:
                rest = _SUBJECT_NOISE.sub("", rest.strip(), count=1)
            title = clean_title(rest)
            if plausible_title(title, recipient, issuer):
                begin = text.find(title.split()[0], start)
                yield kind, TitleCandidate(title, (begin, begin + len(title)))
    for m in _HELD.finditer(text):  # with no other wording: the event a sentence says was held
        title = clean_title(m["title"])
        if plausible_title(title, recipient, issuer) and len(title.split()) >= 2 and not ORG_WORDS_STRONG.search(title):
            yield "held", TitleCandidate(title, (m.start("title"), m.start("title") + len(title)))


# A letter about work names the role held, and the role is what its holder learned by: "worked with us as a
# Data Analyst", "als Praktikant", "en tant que stagiaire". Up to four capitalised words, ending on a
# word that names a job.
_ROLE_CUE = sieve.compile(
    r"\b(?:as|als|en\s+tant\s+que|comme|como)\s+(?:an?\s+|ein(?:e|er)?\s+|une?\s+|our\s+|um\s+|uma\s+)?"
    r"(?P<role>(?:[A-Z][\w.+#&/-]*\s+){0,4}(?i:intern|developer|analyst|engineer|instructor|trainee|operator|assistant"
    r"|consultant|designer|technician|manager|scientist|teacher|researcher|programmer|praktikant(?:in)?"
    r"|werkstudent(?:in)?|stagiaire|estagi[áa]ri[oa]|pasante)(?:-[A-Z]\w+)?)\b")


def role_titles(text: str, recipient: str | None) -> Iterator[TitleCandidate]:
    """Each role a letter says its holder held (`_ROLE_CUE`)."""
    for m in _ROLE_CUE.finditer(text):
        role = " ".join(m["role"].split())
        if plausible_title(role[:1].upper() + role[1:], recipient, None):
            yield TitleCandidate(role, m.span("role"))


def find_title_by_layout(text: str, after: int, recipient: str | None, issuer: str | None) -> TitleCandidate | None:
    """With no wording to go by, the first title-like line after the recipient's name."""
    pos = after
    for line in text[after:].split("\n"):
        stripped = line.strip()
        if stripped and not find_dates(stripped) and not find_amounts(stripped) and not SIGNER_ROLE.search(stripped):
            candidate = clean_title(stripped)
            if plausible_title(candidate, recipient, issuer) and len(candidate.split()) >= 2 \
                    and not (issuer and issuer.casefold() in stripped.casefold()) and not looks_like_name(candidate):
                begin = text.find(candidate, pos)
                return TitleCandidate(candidate, (begin, begin + len(candidate)))
        pos += len(line) + 1
    return None


# Words a block may not hold to be a title: the certificate's own furniture and its small print.
FURNITURE = sieve.compile(
    r"(?:https?://|www\.|\.(?:com|org|net|edu)\b|@|\bverify\b|\bverif|\bcertificate\s+(?:no|number|id)"
    r"|\bcredential|\bID\s*[:#]|\bno\.?\s*[:#]|\bsigned\b|\bsignature\b|\bpage\s+\d|\bregistered\s+education\s+provider"
    r"|\bprovider\s+id|\bcopyright\b|©|\ball\s+rights|\bpresident\b|\bdirector\b|\bceo\b|\bfounder\b)", re.I)
SENTENCE = sieve.compile(
    r"\b(?:this|that|has|have|hereby|who|which|is|are|was|were|for|of\s+the|by\s+the|you|your|certif(?:y|ies|ied)"
    r"|awarded|presented)\b", re.I)
_CHEER = sieve.compile(r"\b(?:congratulations|well\s+done|bravo|f[ée]licitations|parab[ée]ns|felicidades|herzlichen"
                       r"\s+gl[üu]ckwunsch)\b\W*$", re.I)
# A short heading that names the kind of document: "SEU Certificate", "Internship Completion Certificate".
KIND_HEADING = sieve.compile(r"^(?:\S+\s+){0,2}"
                             r"(?:certificate|certificado|certificat|zertifikat|attestation|bescheinigung)$",
                             re.I)
# Below this mean OCR confidence a block is more likely a logo, a seal or a signature than a title.
_TRUSTED_CONF = 70.0


@dataclass(frozen=True)
class Ranked:
    """A block scored as a title, with what the score rests on."""

    candidate: TitleCandidate
    score: float
    relative_size: float
    named_again: bool = False  # the small print repeats it


def block_title(block: Block, text: str, recipient: str | None) -> TitleCandidate | None:
    """The block's text as a title: its segments up to the first one that turns into a sentence."""
    kept: list[Segment] = []
    for seg in block.segments:
        piece = seg.text.strip()
        if recipient and same_person(piece, recipient):
            continue
        if kept and (SENTENCE.search(piece) and not SENTENCE.search(kept[0].text) or find_dates(piece)):
            break
        kept.append(seg)
    if not kept:
        return None
    raw = " ".join(s.text.strip() for s in kept)
    title = clean_title(raw)
    if not title:
        return None
    begin = text.find(title.split()[0], kept[0].start)
    return TitleCandidate(title, (begin, kept[-1].end))


def rank_titles(doc: DocText, sizes: TypeSizes, text: str, recipient: str | None, issuer: str | None,
                recipient_span: tuple[int, int] | None,
                titled: dict[int, TitleCandidate | None] | None = None) -> list[Ranked]:
    """Blocks that can be the title, best first: larger type, after the recipient or a completion phrase.

    `titled` holds each block's title (`block_title`) where the caller has worked it out already, by the
    block's position in the document's blocks."""
    segs = [s for s in sizes.segments if text[s.start:s.end].strip()]
    if not segs:
        return []
    body = body_height(segs) or 1.0
    found = blocks(segs)
    ranked: list[Ranked] = []
    for i, block in enumerate(found):
        if FURNITURE.search(block.text) or HEADING.match(block.text.strip()) or KIND_HEADING.match(block.text.strip()) \
                or _CHEER.search(block.text):  # "Heartiest Congratulations!"
            continue
        if find_amounts(block.text) and len(block.text.split()) <= 4:
            continue
        dates = find_dates(block.text)
        if dates and len(block.text[:dates[0].span[0]].split()) <= 4:
            continue  # a dateline: "Franca - SP, 26 de janeiro de 2026"
        candidate = titled[i] if titled is not None and i in titled else block_title(block, text, recipient)
        if candidate is None or not plausible_title(candidate.value, recipient, issuer):
            continue
        if find_dates(candidate.value) or looks_like_name(candidate.value) or ORG_WORDS_STRONG.search(candidate.value):
            continue
        if all(w.casefold().strip(".,") in MONTHS or w.strip(".,").isdigit() for w in candidate.value.split()):
            continue  # a large "June" of a date set word by word on three lines
        if sum(ch.isalpha() for ch in candidate.value) < 0.6 * len(candidate.value.replace(" ", "")):
            continue
        size = block.height / body
        score = min(size, 4.0)
        before = found[i - 1].text if i else ""
        if VERB_CUE.search(before[-80:]):
            score += 1.5
        if recipient_span and block.start >= recipient_span[1]:
            score += 0.5
            if i and found[i - 1].start <= recipient_span[0] < found[i - 1].end + 1:
                score += 0.5
        if block.page != doc.lines[0].page:
            score -= 1.0
        if len(candidate.value.split()) == 1:
            score -= 0.7
            after = found[i + 1].text if i + 1 < len(found) else ""
            if after.split()[:1] == candidate.value.split() and looks_like_name(" ".join(after.split()[:2])):
                score -= 1.5  # a signature read as the signatory's first name, printed again under it
        if block.conf is not None and block.conf < _TRUSTED_CONF:  # OCR's guess at a logo or a flourish
            score -= 1.5
        again = _named_again(candidate.value, text, candidate.span)
        if again:
            score += 1.0
        ranked.append(Ranked(candidate, score, size, again))
    return sorted(ranked, key=lambda r: -r.score)


def _named_again(value: str, text: str, span: tuple[int, int]) -> bool:
    """Whether the small print names this block again ("... has taken part in the programme Internet of
    Things and Business Transformation organised by ..."): a title is what a certificate's own sentences
    repeat, a slogan or a heading is not."""
    words = re.findall(r"\w+", value)
    if len(words) < 3:
        return False
    pattern = r"\b" + r"\W+".join(map(re.escape, words)) + r"\b"
    return any(m.start() >= span[1] or m.end() <= span[0] for m in re.finditer(pattern, text, re.I))


def _says_less(large: str, cued: str) -> bool:
    """One large word (a logo's "SIMATS") against a cued title of several, or a large heading that the
    cued title holds whole ("HACKATHON 3" and "the GNA Hackathon 3.0"): the cue's title says more."""
    words = re.findall(r"\w+", large.casefold())
    held = bool(words) and re.search(r"\b" + r"\W+".join(map(re.escape, words)), cued.casefold()) is not None
    return len(large.split()) == 1 and len(cued.split()) > 1 \
        or held and len(large) < len(cued) and len(cued.split()) <= len(large.split()) + 3  # not a run-on cue


def choose_title(by_words: TitleCandidate | None, by_type: list[Ranked],
                 size_at: Callable[[int], float]) -> TitleCandidate | None:
    """Wording first, unless the type says plainly that the title is elsewhere.

    A title introduced by "has completed" or "Course:" is taken, and widened to its whole block when
    it wraps. But a cue in the small print ("Program: PMI® Registered Education Provider") loses to a
    line set in much larger type than the body; with no cue, the best block in larger type is taken.
    """
    best = by_type[0] if by_type else None
    if by_words is None:
        larger = next((r for r in by_type if r.relative_size >= 1.15 or r.named_again), None)
        return larger.candidate if larger else None
    same = next((r for r in by_type if r.candidate.span[0] <= by_words.span[0] < r.candidate.span[1]), None)
    if same is not None and len(same.candidate.value) > len(by_words.value) \
            and same.candidate.value.casefold().startswith(by_words.value.casefold()):
        return same.candidate
    cue_size = same.relative_size if same is not None else size_at(by_words.span[0])
    if best is not None and best.relative_size >= 1.5 and best.relative_size >= 1.4 * cue_size \
            and best.candidate.span[0] < by_words.span[0] and not _says_less(best.candidate.value, by_words.value):
        return best.candidate
    return by_words
